"""What stops a guide from reaching farmers: a banned substance named anywhere in its body, or a
pesticide named in a dose row or a step without a pre-harvest interval.

The admin (submit, publish), the importer and the report of live guides all ask these functions, so
the three give the same answer and the same message.
"""
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kb.blocks import MATERIALS, PHI, PPE, STEP, WARNING_KINDS, material_rows, warnings_of_kind
from kb.models import GuidePage, Substance
from kb.substances import matcher

# Blocks whose naming of a pesticide needs a pre-harvest interval.
DOSE_BLOCKS = (MATERIALS, STEP)


@dataclass(frozen=True)
class Problem:
    position: int  # the block's place in the body, from 1
    message: str
    substances: tuple = ()


def _body_block():
    return GuidePage._meta.get_field("body").stream_block


def _where(block, position):
    return _("%(block)s thứ %(position)s") % {"block": block.label, "position": position}


def banned_message(block, position, mentions):
    words = ", ".join(f"“{m.written}”" for m in mentions)
    sources = "; ".join(
        _("%(name)s bị cấm theo %(source)s%(since)s") % {
            "name": m.substance.name, "source": m.substance.legal_source,
            "since": _(" từ %(date)s") % {"date": date_format(m.substance.banned_from, "d/m/Y")}
            if m.substance.banned_from else ""}
        for m in mentions)
    return _("%(where)s nêu %(words)s: %(sources)s.") % {"where": _where(block, position), "words": words,
                                                         "sources": sources}


def banned(raw):
    """A Problem per body block that names a banned substance."""
    names = matcher()
    found = {}  # position → (block, {substance pk: mention})
    for position, block, text in _body_block().search_texts(raw):
        for mention in names.mentions(text):
            if mention.substance.is_banned:
                found.setdefault(position, (block, {}))[1][mention.substance.pk] = mention
    return [Problem(position, banned_message(block, position, list(mentions.values())),
                    tuple(m.substance for m in mentions.values()))
            for position, (block, mentions) in found.items()]


def _ticked_rows(item):
    if item.get("type") != MATERIALS:
        return []
    return [row.get("item", "") for row in material_rows(item.get("value")) if row.get("pesticide")]


def pesticide_mentions(raw):
    """(position, block, pesticide names) for each dose row or step naming a pesticide or ticked as one."""
    names = matcher()
    found = {}  # position → (block, [names])
    for position, block, text in _body_block().search_texts(raw):
        if block.name in DOSE_BLOCKS:
            for mention in names.mentions(text):
                if mention.substance.use == Substance.Use.PESTICIDE and not mention.substance.is_banned:
                    found.setdefault(position, (block, []))[1].append(mention.written)
    for position, item in enumerate(raw, start=1):
        ticked = _ticked_rows(item)
        if ticked:
            found.setdefault(position, (_body_block().child_blocks[MATERIALS], []))[1].extend(ticked)
    return [(position, block, list(dict.fromkeys(words))) for position, (block, words) in sorted(found.items())]


def names_pesticide(text):
    """Whether a text (a dose row's item) names a pesticide that may be used, so it needs an interval."""
    return any(m.substance.use == Substance.Use.PESTICIDE and not m.substance.is_banned
               for m in matcher().mentions(text))


def ppe_text(raw):
    """The guide's own protective-equipment warning, or None."""
    return next((warning.get("text") for warning in warnings_of_kind(raw, PPE)), None)


def phi_days(raw):
    """The longest pre-harvest interval the guide's `phi` warnings give, in days, or None."""
    days = [warning["days"] for warning in warnings_of_kind(raw, PHI) if warning.get("days") is not None]
    return max(days) if days else None


def missing_phi(raw):
    """A Problem per pesticide-naming block when the guide gives no pre-harvest interval with its days."""
    if phi_days(raw) is not None:
        return []
    return [Problem(position, _("%(where)s nêu thuốc bảo vệ thực vật %(words)s nhưng hướng dẫn chưa có cảnh báo "
                                "“%(kind)s” ghi số ngày.")
                    % {"where": _where(block, position), "words": ", ".join(f"“{w}”" for w in words),
                       "kind": dict(WARNING_KINDS)[PHI]})
            for position, block, words in pesticide_mentions(raw)]


def problems(raw):
    """Everything that keeps a guide body from being submitted or published, in body order."""
    return sorted(banned(raw) + missing_phi(raw), key=lambda problem: problem.position)


def live_guides_naming_banned():
    """(guide, problems) for every live guide whose live content names a substance banned now: the list
    changes after guides are published, and an old guide must not stay wrong."""
    report = []
    for guide in GuidePage.objects.live().order_by("pk").iterator(chunk_size=500):
        found = banned(guide.body.raw_data)
        if found:
            report.append((guide, found))
    return report
