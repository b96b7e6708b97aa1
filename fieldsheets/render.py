"""A guide → HTML (its own print template) → PDF with WeasyPrint, cached by (revision, options).

Rendering costs a few hundred milliseconds and a pack renders dozens of sheets, so a sheet is rendered
once per revision and option set. The cache is the "fieldsheets" file cache on disk (shared by the web and
worker processes, sized in settings far beyond a pack): keys carry the revision id, so a new revision is
a new key and stale sheets simply age out, with no invalidation code to get wrong.
"""
import hashlib
import logging
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.template.loader import render_to_string
from django.utils import translation

from fieldsheets.qr import qr_data_uri
from kb.share import short_url
from kb.units import SAO, area_m2, varying_size

logger = logging.getLogger(__name__)
STYLESHEET = Path(__file__).with_name("static") / "fieldsheets" / "sheet.css"
CACHE_SECONDS = 30 * 24 * 3600


@cache
def _weasy():
    """Parse the stylesheet and set up fonts once per process: it is a large share of a warm render."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    return CSS(filename=str(STYLESHEET), font_config=fonts), fonts


def html_to_pdf(html, extra_css=""):
    """PDF bytes of an HTML document styled by the sheet stylesheet (plus page-size rules)."""
    from weasyprint import CSS, HTML

    stylesheet, fonts = _weasy()
    sheets = [stylesheet] + ([CSS(string=extra_css, font_config=fonts)] if extra_css else [])
    return HTML(string=html, base_url=str(settings.MEDIA_ROOT)).write_pdf(stylesheets=sheets, font_config=fonts)


def page_css(options):
    return f"@page {{ size: {options.page_size}; }}"


def sheet_html(page, revision, options, preview=False):
    """The sheet's HTML, in the guide's own language whatever the language of the request; a `preview` (of a
    revision farmers cannot see yet) says so at the top, so that no one prints it to hand out."""
    url = short_url(page)  # survives renames and moves, short enough to type from paper
    with translation.override(page.locale.language_code):
        return render_to_string("fieldsheets/sheet.html", {
            "page": page,
            "preview": preview,
            "options": options,
            "sao_m2": varying_size(options.unit),
            "url": url,
            "qr": qr_data_uri(url),
            "revision_date": revision.created_at if revision else page.last_published_at,
        })


def cache_key(page, revision, options, preview=False):
    # last_published_at as well: a page published without a revision still gets a new key.
    parts = [page.pk, revision.pk if revision else 0, page.last_published_at, options.paper, options.unit,
             area_m2(SAO), settings.SITE_URL, page.locale.language_code, preview]
    return "fieldsheet:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def sheet_pdf(page, revision, options, preview=False):
    """The PDF of `page` as it is in `revision`, from the cache when that revision was printed before."""
    store = caches["fieldsheets"]
    key = cache_key(page, revision, options, preview)
    pdf = store.get(key)
    if pdf is None:
        pdf = html_to_pdf(sheet_html(page, revision, options, preview), page_css(options))
        logger.info("rendered field sheet: page %s, revision %s, %s, %s", page.pk,
                    revision.pk if revision else None, options.paper, options.unit)
        store.set(key, pdf, CACHE_SECONDS)
    return pdf


def live_sheet_pdf(page, options):
    """The sheet the public sees: the page row holds the live content (drafts live only in revisions)."""
    return sheet_pdf(page, page.live_revision, options)


def draft_sheet_pdf(page, options):
    """The sheet of the latest revision, draft or not: what an editor previews before publishing."""
    revision = page.get_latest_revision()
    latest = revision.as_object() if revision else page
    unpublished = not page.live or (revision is not None and revision.pk != page.live_revision_id)
    return sheet_pdf(latest, revision, options, preview=unpublished)
