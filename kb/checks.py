"""What stops a guide from reaching farmers: a substance banned in the guide's sector named anywhere in its
body, or a pesticide named in a dose row or a step without a pre-harvest interval.

The admin (submit, publish, approve), the importer and the report of live guides all ask these functions,
so they give the same answer and the same message. They read the substance list (kb.substances) and the
blocks, never the page model: the page model calls them.
"""
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kb.blocks import MATERIALS, PHI, PPE, STEP, WARNING_KINDS, GuideBodyBlock, material_rows, warnings_of_kind
from kb.substances import matcher

# Blocks whose naming of a pesticide needs a pre-harvest interval.
DOSE_BLOCKS = (MATERIALS, STEP)
BODY = GuideBodyBlock()  # the guide body's block, for its child blocks' labels and search texts


@dataclass(frozen=True)
class Problem:
    position: int  # the block's place in the body, from 1
    message: str
    bans: tuple = ()  # the kb.substances.Listing rows a banned-substance problem is about


def _where(block, position):
    return _("%(block)s thứ %(position)s") % {"block": block.label, "position": position}


def ban_text(listing):
    """One ruling in words, its source and date said once: "cấm trong trồng trọt theo Quyết định 278/QĐ-BNN-BVTV,
    áp dụng từ 08/02/2019", with "(ngày chưa đối chiếu văn bản)" after a date its note says was not checked."""
    text = _("cấm trong %(scope)s theo %(source)s") % {"scope": listing.get_scope_display(),
                                                        "source": listing.legal_source}
    if listing.conditions:
        text += f" ({listing.conditions})"
    if listing.in_force_from:
        since = {"date": date_format(listing.in_force_from, "d/m/Y")}
        if listing.in_force_checked:
            text += _(", áp dụng từ %(date)s") % since
        else:  # taken from a summary: said so, not stated as fact
            text += _(", áp dụng từ %(date)s (ngày chưa đối chiếu văn bản)") % since
    return text


def banned_message(block, position, found):
    """`found`: [(mention, bans)] for one block."""
    words = ", ".join(f"“{mention.written}”" for mention, _bans in found)
    sources = "; ".join(_("%(name)s bị %(bans)s") % {"name": mention.substance.name,
                                                      "bans": "; ".join(ban_text(b) for b in bans)}
                        for mention, bans in found)
    return _("%(where)s nêu %(words)s: %(sources)s.") % {"where": _where(block, position), "words": words,
                                                         "sources": sources}


def banned(raw, sector):
    """A Problem per body block that names a substance banned in guides of `sector`."""
    names = matcher()
    found = {}  # position → (block, {substance pk: (mention, bans)})
    for position, block, text in BODY.search_texts(raw):
        for mention in names.mentions(text):
            bans = mention.substance.bans_in(sector)
            if bans:
                found.setdefault(position, (block, {}))[1][mention.substance.pk] = (mention, bans)
    return [Problem(position, banned_message(block, position, list(mentions.values())),
                    tuple(ban for _mention, bans in mentions.values() for ban in bans))
            for position, (block, mentions) in found.items()]


def _ticked_rows(item):
    if item.get("type") != MATERIALS:
        return []
    return [row.get("item", "") for row in material_rows(item.get("value")) if row.get("pesticide")]


def pesticide_mentions(raw, sector):
    """(position, block, pesticide names) for each dose row or step naming a pesticide or ticked as one (a
    substance banned in the sector is a ban, not a dose to time)."""
    names = matcher()
    found = {}  # position → (block, [names])
    for position, block, text in BODY.search_texts(raw):
        if block.name in DOSE_BLOCKS:
            for mention in names.mentions(text):
                if mention.substance.is_crop_pesticide and not mention.substance.bans_in(sector):
                    found.setdefault(position, (block, []))[1].append(mention.written)
    for position, item in enumerate(raw, start=1):
        ticked = _ticked_rows(item)
        if ticked:
            found.setdefault(position, (BODY.child_blocks[MATERIALS], []))[1].extend(ticked)
    return [(position, block, list(dict.fromkeys(words))) for position, (block, words) in sorted(found.items())]


def names_pesticide(text):
    """Whether a text (a dose row's item) names a pesticide that may be used, so it needs an interval."""
    return any(m.substance.is_crop_pesticide for m in matcher().mentions(text))


def ppe_text(raw):
    """The guide's own protective-equipment warning, or None."""
    return next((warning.get("text") for warning in warnings_of_kind(raw, PPE)), None)


def phi_days(raw):
    """The longest pre-harvest interval the guide's `phi` warnings give, in days, or None."""
    days = [warning["days"] for warning in warnings_of_kind(raw, PHI) if warning.get("days") is not None]
    return max(days) if days else None


def missing_phi(raw, sector):
    """A Problem per pesticide-naming block when the guide gives no pre-harvest interval with its days."""
    if phi_days(raw) is not None:
        return []
    return [Problem(position, _("%(where)s nêu thuốc bảo vệ thực vật %(words)s nhưng hướng dẫn chưa có cảnh báo "
                                "“%(kind)s” ghi số ngày.")
                    % {"where": _where(block, position), "words": ", ".join(f"“{w}”" for w in words),
                       "kind": dict(WARNING_KINDS)[PHI]})
            for position, block, words in pesticide_mentions(raw, sector)]


def problems(raw, sector):
    """Everything that keeps a guide body of `sector` from being submitted or published, in body order."""
    return sorted(banned(raw, sector) + missing_phi(raw, sector), key=lambda problem: problem.position)

