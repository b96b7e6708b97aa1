"""StreamField blocks of a technique guide, each carrying its own behaviour.

Each block is structured (a step has a title, a dose row has a number and a unit) so that search can
index it, print can convert its units and farmers can follow it, rather than one free rich-text body.
A block also knows the words search indexes (`search_text`, read from raw stream data so a rebuild
needs no StreamValue) and the template a field sheet prints it with (`Meta.print_template`), so a new
block type is written here and in its templates, not in search or fieldsheets.
"""
import re
from html import unescape

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

from kb.text import fold
from kb.units import (
    DEFAULT_PER,
    ROW_PER_CHOICES,
    ROW_PER_LABELS,
    Quantity,
    QuantityError,
    UnitError,
    parse_quantity,
    split_unit,
)

TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link"]

# The names of a guide body's block types, as stored in its StreamField data and in import files. Code that
# reads raw stream data (checks, doses, sharing, the generator, the importer) names a type by these.
PARAGRAPH, STEP, MATERIALS, WARNING, IMAGE, VIDEO, DOCUMENT, QA = (
    "paragraph", "step", "materials", "warning", "image", "video", "document", "qa")

# The kinds of warning: the pre-harvest interval, protective equipment, anything else.
PHI, PPE, GENERAL = "phi", "ppe", "general"
WARNING_KINDS = [
    (PHI, _("Thời gian cách ly trước thu hoạch")),
    (PPE, _("Bảo hộ lao động")),
    (GENERAL, _("Lưu ý")),
]
# The short heading a warning box carries on pages and sheets.
WARNING_HEADINGS = {PHI: _("Thời gian cách ly"), PPE: _("Bảo hộ lao động"), GENERAL: _("Lưu ý")}


# A tag or a comment, as an HTML parser reads one: "<" then a letter or "/" and a letter ("a < b" is text).
TAG = re.compile(r"<!--.*?-->|</?[a-zA-Z][^<>]*>", re.S)
# Where a paragraph, an item or a line ends the reader sees a break: in plain text, a space ("chân đất. Xem").
BREAK = re.compile(r"</(?:p|li|h[1-6]|div|blockquote|t[dh])\s*>|<br\s*/?>", re.I)
SENTENCE_END = (".", "!", "?", ":", ";", "…")


def plain(html):
    """Rich text, raw HTML or a RichText value, as the plain words a reader sees, spaces collapsed. Removes
    tags as Django's strip_tags does, at a twentieth of its cost (every block of every guide passes here when
    indexing), and keeps a space where a paragraph, an item or a line ended."""
    return " ".join(unescape(TAG.sub("", BREAK.sub(" ", getattr(html, "source", html) or ""))).split())


def passage(texts):
    """A block's texts as one passage a result can quote: each text ends as a sentence ("Úm gà con. Quây
    úm…"), and a title the text after it repeats is said once ("Phun thuốc có…", not "Phun thuốc Phun
    thuốc có…")."""
    kept = []
    for text in texts:
        if kept and fold(text).startswith(fold(kept[-1])):
            kept[-1] = text
        else:
            kept.append(text)
    return " ".join(text if i == len(kept) - 1 or text.endswith(SENTENCE_END) else text + "."
                    for i, text in enumerate(kept))


def _field(value, name):
    return (value or {}).get(name) or ""


def raw_values(raw, block_type):
    """The values of a raw stream's blocks of one type (raw data: a rebuild or a check needs no StreamValue)."""
    return [item.get("value") or {} for item in raw if item.get("type") == block_type]


def warnings_of_kind(raw, kind):
    """The values of a raw stream's warnings of one kind (PHI, PPE, GENERAL)."""
    return [value for value in raw_values(raw, WARNING) if value.get("kind") == kind]


def material_rows(value):
    """The rows of a materials block's value, raw or not: raw ListBlock items are {"type": "item",
    "value": …, "id": …}, older raw data holds the row itself."""
    for row in _field(value, "rows"):
        yield row.get("value", row) if "id" in row else row


class ParagraphBlock(blocks.RichTextBlock):
    def search_text(self, value):
        yield plain(value)

    class Meta:
        template = "kb/blocks/paragraph.html"
        print_template = "fieldsheets/blocks/paragraph.html"


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Tên bước"), max_length=150)
    text = blocks.RichTextBlock(label=_("Cách làm"), features=TEXT_FEATURES)
    image = ImageChooserBlock(label=_("Ảnh minh họa"), required=False)
    duration = blocks.CharBlock(label=_("Thời gian"), required=False, max_length=80,
                                help_text=_("Ví dụ: 3–5 ngày"))

    class Meta:
        icon = "list-ol"
        label = _("Bước")
        template = "kb/blocks/step.html"
        preview_value = {"title": "Làm đất", "text": "<p>Cày bừa kỹ, làm sạch cỏ dại.</p>", "duration": "2 ngày"}
        description = _("Một bước kỹ thuật, đánh số tự động")
        print_template = "fieldsheets/blocks/step.html"

    def search_text(self, value):
        yield _field(value, "title")
        yield plain(_field(value, "text"))


class QuantityField(forms.CharField):
    """A text box that reads a quantity as officers write it (3; 2,5; 2.000; 3–4) into a Quantity."""

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        try:
            return parse_quantity(text)
        except QuantityError as exc:
            raise ValidationError(str(exc), code="quantity") from None


class QuantityBlock(blocks.FieldBlock):
    """A number or a range, stored as two numbers ({"min", "max"}), typed as text in the admin."""

    def __init__(self, required=True, help_text=None, **kwargs):
        self.field = QuantityField(required=required, help_text=help_text)
        super().__init__(**kwargs)

    def to_python(self, value):
        return None if value in (None, "") else Quantity.of(value)

    def get_prep_value(self, value):
        return value.prep() if isinstance(value, Quantity) else value

    def value_for_form(self, value):
        # Always the Vietnamese writing, which parse_quantity reads back exactly whatever the admin language.
        return value.written() if isinstance(value, Quantity) else value

    def value_from_form(self, value):
        # Unreadable text stays text here; clean() then reports it on the field.
        if isinstance(value, str):
            try:
                return parse_quantity(value)
            except QuantityError:
                return value
        return value

    class Meta:
        icon = "order"


class MaterialRowValue(blocks.StructValue):
    def per_label(self):
        return ROW_PER_LABELS.get(self.get("per") or "", "")


class MaterialRowBlock(blocks.StructBlock):
    item = blocks.CharBlock(label=_("Vật tư"), max_length=120)
    quantity = QuantityBlock(label=_("Số lượng"), help_text=_("Một số hoặc một khoảng: 3; 2,5; 2.000; 3–4"))
    unit = blocks.CharBlock(label=_("Đơn vị"), max_length=30,
                            help_text=_("kg, g, lít, ml, con, bao… Viết “kg/sào”, “kg/ha” cũng được: "
                                        "phần “/sào” được tách sang cột Tính cho."))
    per = blocks.ChoiceBlock(label=_("Tính cho"), choices=ROW_PER_CHOICES, required=False, default=DEFAULT_PER)
    pesticide = blocks.BooleanBlock(label=_("Là thuốc bảo vệ thực vật"), required=False,
                                    help_text=_("Cần cảnh báo thời gian cách ly kèm số ngày."))

    class Meta:
        value_class = MaterialRowValue

    def clean(self, value):
        """A unit that carries its own basis ("kg/sào") is split into unit and basis, never kept twice."""
        value = super().clean(value)
        try:
            value["unit"], value["per"] = split_unit(value["unit"], value.get("per") or "",
                                                     per_chosen=value.get("per") != DEFAULT_PER)
        except UnitError as exc:
            raise StructBlockValidationError(block_errors={"unit": ValidationError(str(exc))}) from None
        return value

    def search_text(self, value):
        quantity = _field(value, "quantity")
        yield f"{_field(value, 'item')} {Quantity.of(quantity) if quantity else ''} {_field(value, 'unit')}"


class MaterialsBlock(blocks.StructBlock):
    rows = blocks.ListBlock(MaterialRowBlock(), label=_("Vật tư"), min_num=1, max_num=40)

    class Meta:
        icon = "table"
        label = _("Bảng vật tư, liều lượng")
        template = "kb/blocks/materials.html"
        description = _("Vật tư và liều lượng; đơn vị diện tích quy đổi được khi in")
        print_template = "fieldsheets/blocks/materials.html"

    def search_text(self, value):
        row_block = self.child_blocks["rows"].child_block
        for row in material_rows(value):
            yield from row_block.search_text(row)


class WarningValue(blocks.StructValue):
    def heading(self):
        return WARNING_HEADINGS.get(self.get("kind"), WARNING_HEADINGS[GENERAL])


class WarningBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(label=_("Loại cảnh báo"), choices=WARNING_KINDS, default=GENERAL)
    text = blocks.TextBlock(label=_("Nội dung"))
    days = blocks.IntegerBlock(label=_("Số ngày cách ly"), required=False, min_value=0, max_value=365)

    class Meta:
        icon = "warning"
        label = _("Cảnh báo")
        template = "kb/blocks/warning.html"
        print_template = "fieldsheets/blocks/warning.html"
        value_class = WarningValue

    def search_text(self, value):
        yield _field(value, "text")


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Ảnh"))
    caption = blocks.CharBlock(label=_("Chú thích"), required=False, max_length=200)

    class Meta:
        icon = "image"
        label = _("Ảnh")
        template = "kb/blocks/image.html"
        print_template = "fieldsheets/blocks/image.html"

    def search_text(self, value):
        yield _field(value, "caption")


class VideoLinkBlock(blocks.StructBlock):
    """A link, not an embed: an embedded player costs a phone megabytes before the farmer taps play."""

    url = blocks.URLBlock(label=_("Đường dẫn video"))
    title = blocks.CharBlock(label=_("Tiêu đề"), max_length=150)

    class Meta:
        icon = "media"
        label = _("Video")
        template = "kb/blocks/video.html"
        print_template = "fieldsheets/blocks/video.html"

    def search_text(self, value):
        yield _field(value, "title")


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Tài liệu"))
    title = blocks.CharBlock(label=_("Tiêu đề"), required=False, max_length=150)

    class Meta:
        icon = "doc-full"
        label = _("Tài liệu đính kèm")
        template = "kb/blocks/document.html"
        print_template = "fieldsheets/blocks/document.html"

    def search_text(self, value):
        yield _field(value, "title")


class QuestionAnswerBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Câu hỏi"), max_length=250)
    answer = blocks.RichTextBlock(label=_("Trả lời"), features=TEXT_FEATURES)

    class Meta:
        icon = "help"
        label = _("Hỏi – đáp")
        template = "kb/blocks/qa.html"
        print_template = "fieldsheets/blocks/qa.html"

    def search_text(self, value):
        yield _field(value, "question")
        yield plain(_field(value, "answer"))


class GuideBodyBlock(blocks.StreamBlock):
    """A guide's body: its block types under the names above, in the order the admin offers them."""

    def __init__(self, local_blocks=None, **kwargs):
        super().__init__([
            (PARAGRAPH, ParagraphBlock(label=_("Đoạn văn"), features=TEXT_FEATURES)),
            (STEP, StepBlock()),
            (MATERIALS, MaterialsBlock()),
            (WARNING, WarningBlock()),
            (IMAGE, CaptionedImageBlock()),
            (VIDEO, VideoLinkBlock()),
            (DOCUMENT, DocumentBlock()),
            (QA, QuestionAnswerBlock()),
            *(local_blocks or ()),
        ], **kwargs)

    class Meta:
        block_counts = {STEP: {"max_num": 40}, MATERIALS: {"max_num": 5}}

    def search_texts(self, raw):
        """(position from 1, child block, text) for every text of a stream's raw data, as each block says."""
        for position, item in enumerate(raw, start=1):
            block = self.child_blocks.get(item.get("type"))
            for text in block.search_text(item.get("value")) if block is not None else ():
                if text and text.strip():
                    yield position, block, text.strip()

    def passages(self, raw):
        """One passage a block (a step, a warning, a question with its answer), in order (`passage`)."""
        texts = {}
        for position, _block, text in self.search_texts(raw):
            texts.setdefault(position, []).append(text)
        return [passage(block_texts) for block_texts in texts.values()]
