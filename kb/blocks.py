"""StreamField blocks of a technique guide.

Each block is structured (a step has a title, a dose row has a number and a unit) so that search can
index it, print can convert its units and farmers can follow it, rather than one free rich-text body.
"""
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link"]

# What a quantity is counted per. A sào is 500 m² in central Vietnam (settings.SAO_M2).
PER_CHOICES = [
    ("sao", _("mỗi sào")),
    ("m2_1000", _("mỗi 1.000 m²")),
    ("ha", _("mỗi ha")),
    ("m2", _("mỗi m²")),
    ("head", _("mỗi con")),
    ("", _("tổng cộng")),
]


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


class MaterialRowValue(blocks.StructValue):
    def per_label(self):
        return dict(PER_CHOICES).get(self.get("per") or "", "")


class MaterialRowBlock(blocks.StructBlock):
    item = blocks.CharBlock(label=_("Vật tư"), max_length=120)
    quantity = blocks.DecimalBlock(label=_("Số lượng"), min_value=0, decimal_places=3)
    unit = blocks.CharBlock(label=_("Đơn vị"), max_length=30, help_text=_("kg, g, lít, ml, con, bao…"))
    per = blocks.ChoiceBlock(label=_("Tính cho"), choices=PER_CHOICES, required=False, default="sao")

    class Meta:
        value_class = MaterialRowValue


class MaterialsBlock(blocks.StructBlock):
    rows = blocks.ListBlock(MaterialRowBlock(), label=_("Vật tư"), min_num=1, max_num=40)

    class Meta:
        icon = "table"
        label = _("Bảng vật tư, liều lượng")
        template = "kb/blocks/materials.html"
        description = _("Vật tư và liều lượng; đơn vị diện tích quy đổi được khi in")


class WarningBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        label=_("Loại cảnh báo"),
        choices=[
            ("phi", _("Thời gian cách ly trước thu hoạch")),
            ("ppe", _("Bảo hộ lao động")),
            ("general", _("Lưu ý")),
        ],
        default="general",
    )
    text = blocks.TextBlock(label=_("Nội dung"))
    days = blocks.IntegerBlock(label=_("Số ngày cách ly"), required=False, min_value=0, max_value=365)

    class Meta:
        icon = "warning"
        label = _("Cảnh báo")
        template = "kb/blocks/warning.html"


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Ảnh"))
    caption = blocks.CharBlock(label=_("Chú thích"), required=False, max_length=200)

    class Meta:
        icon = "image"
        label = _("Ảnh")
        template = "kb/blocks/image.html"


class VideoLinkBlock(blocks.StructBlock):
    """A link, not an embed: an embedded player costs a phone megabytes before the farmer taps play."""

    url = blocks.URLBlock(label=_("Đường dẫn video"))
    title = blocks.CharBlock(label=_("Tiêu đề"), max_length=150)

    class Meta:
        icon = "media"
        label = _("Video")
        template = "kb/blocks/video.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Tài liệu"))
    title = blocks.CharBlock(label=_("Tiêu đề"), required=False, max_length=150)

    class Meta:
        icon = "doc-full"
        label = _("Tài liệu đính kèm")
        template = "kb/blocks/document.html"


class QuestionAnswerBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Câu hỏi"), max_length=250)
    answer = blocks.RichTextBlock(label=_("Trả lời"), features=TEXT_FEATURES)

    class Meta:
        icon = "help"
        label = _("Hỏi – đáp")
        template = "kb/blocks/qa.html"


class GuideBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(label=_("Đoạn văn"), features=TEXT_FEATURES, template="kb/blocks/paragraph.html")
    step = StepBlock()
    materials = MaterialsBlock()
    warning = WarningBlock()
    image = CaptionedImageBlock()
    video = VideoLinkBlock()
    document = DocumentBlock()
    qa = QuestionAnswerBlock()

    class Meta:
        block_counts = {"step": {"max_num": 40}, "materials": {"max_num": 5}}
