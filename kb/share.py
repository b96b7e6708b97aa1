"""How a guide travels from phone to phone: its short address and its text for SMS.

A short address `/g/<page id>` never changes when a guide is renamed or moved, so a printed QR code or an
SMS sent last season still leads to the guide. The SMS text is plain ASCII (folded, no diacritics):
one Vietnamese letter switches an SMS from 160 characters to 70, and many phones in the field show
diacritics badly. It keeps what a farmer needs in the field first: the title and the link, then the
pre-harvest interval, then the doses, then as much of the summary as still fits.
"""
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from kb.blocks import MATERIALS
from kb.checks import phi_days
from kb.text import fold

SMS_LIMIT = 160
MAX_DOSES = 3


def absolute(path):
    """SITE_URL + path: every address that leaves the site (a feed, an SMS, a QR code, a link preview) starts
    with SITE_URL, never with Wagtail's site record (http://localhost) or the request's host."""
    return settings.SITE_URL + path if path.startswith("/") else path


def page_address(page):
    """The page's own address (its path on the site), outside the site; None when it has no place on it."""
    parts = page.get_url_parts()
    return absolute(parts[2]) if parts else None


def short_url(page):
    """The guide's (or published answer's) stable absolute address: SITE_URL + /g/<id>; `page` or its id."""
    return absolute(reverse("short-link", args=[getattr(page, "pk", page)]))


def _ascii(text):
    """Folded text, first letter upper case, anything folding leaves outside ASCII dropped."""
    folded = fold(" ".join(str(text).split())).encode("ascii", "ignore").decode()
    return folded[:1].upper() + folded[1:]


def doses(page):
    """'item quantity unit per' for the first rows of the guide's dose tables."""
    rows = [row for block in page.body if block.block_type == MATERIALS for row in block.value["rows"]]
    return [f"{row['item']} {row['quantity'].written().replace('–', '-')} {row['unit']} {row.per_label()}".strip()
            for row in rows[:MAX_DOSES]]


def _clip(text, room):
    """`text` cut at a word boundary to at most `room` characters, with '...' when cut."""
    if len(text) <= room:
        return text
    if room < 8:
        return ""
    return text[:room - 3].rsplit(" ", 1)[0].rstrip(" ,.;:") + "..."


def _sentences(parts):
    """Parts joined as sentences; a part that already ends with a full stop ('...') gets no second one."""
    text = ""
    for part in filter(None, parts):
        text += (" " if text.endswith(".") else ". ") * bool(text) + part
    return text


def sms_text(page):
    """At most SMS_LIMIT ASCII characters: title: summary. doses; pre-harvest interval. short link."""
    link = short_url(page)
    with translation.override(page.locale.language_code):
        days = phi_days(page.body.raw_data)  # 0 or None: nothing to wait for, nothing said
        phi = [_ascii(gettext("Cách ly %(days)s ngày trước thu hoạch") % {"days": days})] if days else []
        dose_texts = [_ascii(text) for text in doses(page)]
    title = _clip(_ascii(page.title), SMS_LIMIT - len(link) - 2)

    def text(facts, summary=""):
        return _sentences([title + (": " + summary if summary else ""), "; ".join(facts), link])

    phi = phi if len(text(phi)) <= SMS_LIMIT else []
    kept = []
    for dose in dose_texts:
        if len(text([*kept, dose, *phi])) > SMS_LIMIT:
            break
        kept.append(dose)
    facts = kept + phi
    return text(facts, _clip(_ascii(page.summary), SMS_LIMIT - len(text(facts)) - 2))
