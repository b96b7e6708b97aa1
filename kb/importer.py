"""Create or update guides from JSON Lines, one guide a line (the format is in the README).

Each line is checked and saved on its own, so one bad line is reported with its number and reason while
the others still land. A line that would change nothing saves nothing: running a file twice is a no-op.
"""
import json
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils.html import escape
from django.utils.text import slugify
from wagtail.blocks import StreamBlockValidationError
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.fields import WagtailImageField
from wagtail.models import Locale

from kb.blocks import (
    DOCUMENT,
    GENERAL,
    IMAGE,
    MATERIALS,
    PARAGRAPH,
    QA,
    STEP,
    VIDEO,
    WARNING,
    GuideBodyBlock,
)
from kb.checks import problems
from kb.models import Commodity, GuidePage, Officer, Region, Sector, Technology
from kb.text import ascii_slug
from kb.tree import sector_index
from kb.units import DEFAULT_PER, PER_CODES, ROW_PER_CODES, QuantityError, UnitError, parse_quantity, split_unit

LOCALES = ("vi", "en")


class LineError(Exception):
    """A line that cannot be imported; the message says why in words an officer can act on."""


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list = field(default_factory=list)  # (line number, reason)

    @property
    def ok(self):
        return not self.errors


def nfc(value):
    return unicodedata.normalize("NFC", value.strip()) if isinstance(value, str) else value


def rich(text):
    """Plain text to the rich-text HTML Wagtail stores, one paragraph per blank-line-separated block."""
    paragraphs = [p.strip() for p in nfc(text).split("\n\n") if p.strip()]
    return "".join(f"<p>{escape(p)}</p>" for p in paragraphs)


def _text(data, key, required=True):
    value = data.get(key, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise LineError(f"“{key}” must be a non-empty string")
    return nfc(value)


def _file(data, key, base_dir, required=True):
    """The file a line names under `key`, a path relative to the import file; None when optional and absent."""
    ref = data.get(key)
    if not ref and not required:
        return None
    if not isinstance(ref, str) or not ref or base_dir is None:
        raise LineError(f"“{key}” must be a path relative to the import file")
    path = (base_dir / ref).resolve()
    if not path.is_file():
        raise LineError(f"{key} file “{ref}” not found")
    return path


def stored_image(path, title):
    """A Wagtail image from a file, checked as the admin's upload form checks it; the same file is stored once."""
    Image = get_image_model()
    with path.open("rb") as handle:
        upload = ImageFile(handle, name=path.name)
        try:
            WagtailImageField().clean(upload)
        except ValidationError as exc:
            raise LineError(f"image “{path.name}”: {' '.join(exc.messages)}") from None
        image = Image(title=title[:255], file=upload)
        image._set_image_file_metadata()
        return stored_once(image)


def stored_document(path, title):
    """A Wagtail document from a file; the same file is stored once."""
    Document = get_document_model()
    with path.open("rb") as handle:
        document = Document(title=title[:255], file=File(handle, name=path.name))
        document._set_document_file_metadata()
        return stored_once(document)


def stored_once(item):
    """An image or document saved, unless the same file is stored already: then that one."""
    duplicate = type(item).objects.filter(file_hash=item.file_hash).first()
    if duplicate:
        return duplicate
    item.save()
    return item


def _image_id(data, key, title, base_dir, required=True):
    path = _file(data, key, base_dir, required)
    return stored_image(path, title).pk if path else None


def _paragraph(data, base_dir):
    return rich(_text(data, "text"))


def _step(data, base_dir):
    title = _text(data, "title")
    return {"title": title, "text": rich(_text(data, "text")),
            "image": _image_id(data, "image", title, base_dir, required=False),
            "duration": _text(data, "duration", required=False)}


def _row(row):
    """One dose row: the quantity read as officers write it, a unit's own basis ("kg/sào") split out."""
    if not isinstance(row, dict):
        raise LineError("each materials row must be an object")
    per = row.get("per", DEFAULT_PER)
    if per not in ROW_PER_CODES:
        raise LineError(f"materials “per” must be one of {', '.join(sorted(ROW_PER_CODES - {''}))} or empty")
    try:
        quantity = parse_quantity(row.get("quantity", ""))
        unit, per = split_unit(_text(row, "unit"), per, per_chosen="per" in row)
    except (QuantityError, UnitError) as exc:
        raise LineError(f"materials row “{row.get('name')}”: {exc}") from None
    return {"item": _text(row, "name"), "quantity": quantity.prep(), "unit": unit, "per": per,
            "pesticide": bool(row.get("pesticide", False))}


def _materials(data, base_dir):
    rows = data.get("rows")
    if not isinstance(rows, list) or not rows:
        raise LineError("materials needs a non-empty list of rows")
    return {"rows": [_row(row) for row in rows]}


def _warning(data, base_dir):
    return {"kind": data.get("kind", GENERAL), "text": _text(data, "text"), "days": data.get("days")}


def _image(data, base_dir):
    caption = _text(data, "caption", required=False)
    return {"image": _image_id(data, "image", caption or _text(data, "image"), base_dir), "caption": caption}


def _video(data, base_dir):
    return {"url": _text(data, "url"), "title": _text(data, "title")}


def _document(data, base_dir):
    title = _text(data, "title", required=False)
    path = _file(data, "document", base_dir)
    return {"document": stored_document(path, title or path.stem).pk, "title": title}


def _qa(data, base_dir):
    return {"question": _text(data, "question"), "answer": rich(_text(data, "answer"))}


# Every body block type (kb.blocks) and how a block of the import format becomes its raw value; images and
# documents are files beside the import file.
BLOCKS = {PARAGRAPH: _paragraph, STEP: _step, MATERIALS: _materials, WARNING: _warning, IMAGE: _image,
          VIDEO: _video, DOCUMENT: _document, QA: _qa}


def raw_block(data, base_dir=None):
    """One body block in the import format to Wagtail's raw StreamField form."""
    if not isinstance(data, dict):
        raise LineError("each body block must be an object")
    build = BLOCKS.get(data.get("type"))
    if build is None:
        raise LineError(f"unknown body block type “{data.get('type')}” ({', '.join(BLOCKS)})")
    return {"type": data["type"], "value": build(data, base_dir)}


def _body(blocks, base_dir, sector):
    if not isinstance(blocks, list):
        raise LineError("“body” must be a list of blocks")
    raw = [raw_block(b, base_dir) for b in blocks]
    stream_block = GuideBodyBlock()
    try:
        stream_block.clean(stream_block.to_python(raw))
    except (ValidationError, StreamBlockValidationError) as exc:
        raise LineError(f"body is invalid: {'; '.join(exc.messages)}") from None
    found = problems(raw, sector)
    if found:  # the same refusal, and the same words, as the admin's
        raise LineError(" ".join(problem.message for problem in found))
    return raw


def _names(data, key):
    values = data.get(key, [])
    if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
        raise LineError(f"“{key}” must be a list of names")
    return [nfc(v) for v in values]


def _commodities(names, sector):
    found = []
    for name in names:
        commodity = (Commodity.objects.filter(name__iexact=name).first()
                     or Commodity.objects.filter(name_en__iexact=name).first())  # an English guide's word
        if commodity is None:
            commodity = Commodity.objects.create(name=name, slug=_unique_slug(Commodity, name), sector=sector)
        found.append(commodity)
    return found


def _regions(names):
    found = []
    for name in names:
        region = (Region.objects.filter(name__iexact=name).first()
                  or Region.objects.filter(slug=ascii_slug(name)).first())
        if region is None:
            region = Region.objects.create(name=name, slug=_unique_slug(Region, name))
        found.append(region)
    return found


def _unique_slug(model, name):
    base = ascii_slug(name) or "muc"
    slug, n = base, 1
    while model.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _months(data):
    months = data.get("months", [])
    if not isinstance(months, list) or any(type(m) is not int or not 1 <= m <= 12 for m in months):
        raise LineError("“months” must be a list of whole numbers from 1 to 12")
    return sorted(set(months))


def _amount(data, key):
    value = data.get(key)
    if value is None:
        return None, None
    if not isinstance(value, dict) or not isinstance(value.get("amount"), (int, float)):
        raise LineError(f"“{key}” must be an object like {{\"amount\": 1500000, \"per\": \"sao\"}}")
    if value.get("per", DEFAULT_PER) not in PER_CODES:
        raise LineError(f"“{key}.per” must be one of {', '.join(sorted(PER_CODES - {''}))}")
    return Decimal(str(value["amount"])), value.get("per", DEFAULT_PER)


def _by_slug(model, slug, label):
    try:
        return model.objects.get(slug=slug)
    except model.DoesNotExist:
        raise LineError(f"unknown {label} “{slug}”") from None


def _cover(data, base_dir):
    """The guide's cover image, read from a file beside the import file."""
    path = _file(data, "image", base_dir, required=False)
    return stored_image(path, _text(data, "title")) if path else None


def _strip_ids(value):
    """Block ids differ on every import; compare bodies without them."""
    if isinstance(value, dict):
        return {k: _strip_ids(v) for k, v in value.items() if k != "id"}
    if isinstance(value, list):
        return [_strip_ids(v) for v in value]
    return value


def _state(page):
    """Everything the importer sets, in a comparable form."""
    return {
        "title": page.title, "summary": page.summary, "sector": page.sector, "months": list(page.months),
        "difficulty": page.difficulty, "cost": page.cost_amount, "benefit": page.benefit_amount,
        "basis": page.economics_basis, "technology": page.technology_id, "image": page.image_id,
        "commodities": sorted(c.pk for c in page.commodities.all()),
        "regions": sorted(r.pk for r in page.regions.all()),
        "officers": sorted(o.pk for o in page.officers.all()),
        "topics": sorted(t.name for t in page.topics.all()),
        "body": _strip_ids(page.body.get_prep_value()),
    }


def parse_line(text):
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LineError(f"not valid JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(data, dict):
        raise LineError("a line must be a JSON object")
    return data


@transaction.atomic
def import_guide(data, publish=False, base_dir=None):
    """Create or update one guide from a parsed line; returns "created", "updated" or "unchanged"."""
    slug = _text(data, "slug")
    if slugify(slug) != slug:
        raise LineError(f"slug “{slug}” may only hold lowercase letters, digits and hyphens")
    sector = data.get("sector")
    if sector not in Sector.values:
        raise LineError(f"sector must be one of {', '.join(Sector.values)}")
    language = data.get("locale", "vi")
    if language not in LOCALES:
        raise LineError("locale must be vi or en")
    publish = bool(data.get("publish", False)) or publish
    cost, basis = _amount(data, "cost")
    benefit, benefit_basis = _amount(data, "benefit")
    values = {
        "title": _text(data, "title"), "summary": _text(data, "summary"), "sector": sector,
        "months": _months(data), "difficulty": data.get("difficulty", "medium"),
        "body": _body(data.get("body", []), base_dir, sector),
        "cost_amount": cost, "benefit_amount": benefit, "economics_basis": basis or benefit_basis or DEFAULT_PER,
        "technology": _by_slug(Technology, data["technology"], "technology") if data.get("technology") else None,
        "image": _cover(data, base_dir),
    }
    if values["difficulty"] not in GuidePage.Difficulty.values:
        raise LineError(f"difficulty must be one of {', '.join(GuidePage.Difficulty.values)}")
    relations = {
        "commodities": _commodities(_names(data, "commodities"), sector),
        "regions": _regions(_names(data, "regions")),
        "officers": [_by_slug(Officer, s, "officer") for s in _names(data, "officers")],
    }
    topics = _names(data, "topics")

    locale = Locale.objects.get(language_code=language)
    page = GuidePage.objects.filter(slug=slug, locale=locale).first()
    created = page is None
    if created:
        page = GuidePage(slug=slug, locale=locale, live=False)
    elif page.get_parent().specific.sector != sector:
        page.move(sector_index(sector, language), pos="last-child")
        page = GuidePage.objects.get(pk=page.pk)
    before = None if created else _state(page)
    for name, value in values.items():
        setattr(page, name, value)
    for name, value in relations.items():
        getattr(page, name).set(value)
    page.topics.set(topics)
    try:
        page.full_clean(exclude=["path", "depth", "url_path", "translation_key", "draft_title"])
    except ValidationError as exc:
        raise LineError("; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())) from None

    if created:
        page.draft_title = page.title
        sector_index(sector, language).add_child(instance=page)
    elif _state(page) == before and (page.live or not publish):
        return "unchanged"
    revision = page.save_revision()
    if publish:
        revision.publish()
    return "created" if created else "updated"


def import_lines(lines, publish=False, progress=None, base_dir=None):
    """Import every line of an iterable of text lines; never stops at a bad one.

    Image and document paths in lines are read relative to `base_dir` (the import file's folder).
    """
    report = ImportReport()
    for number, text in enumerate(lines, start=1):
        if progress:
            progress.update(1)
        if not text.strip():
            continue
        try:
            outcome = import_guide(parse_line(text), publish=publish, base_dir=base_dir)
        except LineError as exc:
            report.errors.append((number, str(exc)))
            continue
        setattr(report, outcome, getattr(report, outcome) + 1)
    return report
