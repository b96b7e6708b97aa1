"""Print packs: a cover, a table of contents with page numbers, then every sheet, as one PDF.

The sheets are rendered (or taken from the sheet cache) first so their page counts are known; the cover
and contents are rendered last with the real numbers, again if the contents themselves grow a page.
"""
import io
import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from pypdf import PdfReader, PdfWriter

from analytics.models import UsageEvent
from analytics.usage import record
from fieldsheets.models import PrintPack
from fieldsheets.options import SheetOptions
from fieldsheets.render import html_to_pdf, live_sheet_pdf, page_css
from kb.models import GuidePage

logger = logging.getLogger(__name__)


def pack_guides(guide_ids):
    """The visible guides among `guide_ids`, in that order: a pack is handed out, so nothing else."""
    guides = GuidePage.objects.visible().filter(pk__in=guide_ids).prefetch_related("commodities", "officers")
    by_id = {guide.pk: guide for guide in guides}
    return [by_id[pk] for pk in guide_ids if pk in by_id]


def _front_matter(pack, entries, options):
    with translation.override("vi"):
        html = render_to_string("fieldsheets/pack_front.html",
                                {"pack": pack, "entries": entries, "date": timezone.localdate()})
    return html_to_pdf(html, page_css(options))


def _contents(pack, sheets, options):
    """Cover + contents PDF whose page numbers point at where each sheet starts after it."""
    front_pages = 1
    for _attempt in range(5):
        start, entries = front_pages + 1, []
        for guide, reader in sheets:
            entries.append({"title": guide.title, "page": start})
            start += len(reader.pages)
        front = _front_matter(pack, entries, options)
        pages = len(PdfReader(io.BytesIO(front)).pages)
        if pages == front_pages:
            return front
        front_pages = pages
    raise RuntimeError("the table of contents does not settle on a page count")


def _set(pack, **fields):
    for name, value in fields.items():
        setattr(pack, name, value)
    PrintPack.objects.filter(pk=pack.pk).update(**fields)


def build_pack(pack_id):
    """Build the PDF of a pack, recording progress on the way so the admin can show it."""
    pack = PrintPack.objects.get(pk=pack_id)
    _set(pack, status=PrintPack.Status.RUNNING, progress=0, error="")
    try:
        options = SheetOptions(paper=pack.paper, unit=pack.unit)
        guides = pack_guides(pack.guide_ids)
        sheets = []
        for number, guide in enumerate(guides, 1):
            sheets.append((guide, PdfReader(io.BytesIO(live_sheet_pdf(guide, options)))))
            percent = 90 * number // len(guides)
            if percent != pack.progress:
                _set(pack, progress=percent)
        writer = PdfWriter()
        writer.append(PdfReader(io.BytesIO(_contents(pack, sheets, options))))
        for guide, reader in sheets:
            writer.append(reader, outline_item=guide.title)
        output = io.BytesIO()
        writer.write(output)
        with transaction.atomic():
            pack.file.save("pack.pdf", ContentFile(output.getvalue()), save=False)
            _set(pack, file=pack.file.name, page_count=len(writer.pages), progress=100,
                 status=PrintPack.Status.DONE)
            record(UsageEvent.Kind.PACK, guides=len(guides))
    except Exception as exc:
        logger.exception("print pack %s failed", pack_id)
        _set(pack, status=PrintPack.Status.FAILED, error=str(exc)[:2000])
        raise
    return pack


def remove_expired(now=None):
    """Delete packs past their expiry time, and their files; returns how many were removed."""
    # QuerySet.delete() sends post_delete per pack, whose receiver deletes the file.
    removed, _by_model = PrintPack.objects.filter(expires__lte=now or timezone.now()).delete()
    return removed
