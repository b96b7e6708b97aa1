"""The page tree: home → one index per sector → technique guides."""
from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.validators import MaxLengthValidator
from django.db import models
from django.forms.utils import ErrorList
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.blocks import StreamBlockValidationError
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from kb.blocks import STEP, GuideBodyBlock
from kb.checks import phi_days, ppe_text, problems
from kb.models.problems import Problem
from kb.models.snippets import Commodity, Officer, Region, Sector, Technology
from kb.models.visibility import VisiblePage, VisiblePageManager
from kb.months import MONTH_CHOICES, season
from kb.substances import list_note
from kb.text import folded_words
from kb.units import DEFAULT_PER, PER_CHOICES

# The admin's submit buttons that send a guide towards farmers (Wagtail's edit view reads the same names).
GOING_LIVE_ACTIONS = ("action-publish", "action-submit", "action-restart-workflow", "action-workflow-action")
SUMMARY_MAX = 300


def validate_months(value):
    if not isinstance(value, list) or any(not isinstance(m, int) or isinstance(m, bool) or not 1 <= m <= 12
                                          for m in value):
        raise ValidationError(_("Tháng phải là các số nguyên từ 1 đến 12."), code="months")


class HomePage(Page):
    intro = models.TextField(_("lời giới thiệu"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["kb.SectorIndexPage", "kb.QuestionIndexPage", "kb.AlertIndexPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("trang chủ")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sectors"] = SectorIndexPage.objects.child_of(self).visible()
        context["latest_guides"] = (
            GuidePage.objects.visible().descendant_of(self)
            .order_by("-first_published_at").prefetch_related("commodities")[:8]
        )
        return context


SECTOR_TAKEN = _("Trang chủ này đã có một trang cho lĩnh vực này.")


class SectorIndexPageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned_data = super().clean()
        if self.parent_page and SectorIndexPage.sector_taken(self.parent_page, cleaned_data.get("sector"),
                                                             self.instance.pk):
            self.add_error("sector", SECTOR_TAKEN)
        return cleaned_data


class SectorIndexPage(VisiblePage, Page):
    sector = models.CharField(_("lĩnh vực"), max_length=20, choices=Sector.choices)
    intro = models.TextField(_("lời giới thiệu"), blank=True)

    base_form_class = SectorIndexPageForm
    content_panels = Page.content_panels + [FieldPanel("sector"), FieldPanel("intro")]
    parent_page_types = ["kb.HomePage"]
    subpage_types = ["kb.GuidePage"]
    per_page = 12

    objects = VisiblePageManager()

    class Meta:
        verbose_name = _("trang lĩnh vực")

    def clean(self):
        super().clean()
        parent = self.get_parent()  # None while the admin form validates: SectorIndexPageForm checks then
        if parent and self.sector_taken(parent, self.sector, self.pk):
            raise ValidationError({"sector": SECTOR_TAKEN})

    @classmethod
    def sector_taken(cls, parent, sector, pk=None):
        """One index per sector under a home page: the importer, the demo content and the English tree find
        a sector's guides by its index (kb.tree), and a second one would leave them guessing."""
        return cls.objects.child_of(parent).filter(sector=sector).exclude(pk=pk).exists()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        guides = (
            GuidePage.objects.visible().child_of(self)
            .order_by("-first_published_at", "title").prefetch_related("commodities")
        )
        context["guides"] = Paginator(guides, self.per_page).get_page(request.GET.get("page"))
        return context


class GuidePageTag(TaggedItemBase):
    content_object = ParentalKey("kb.GuidePage", related_name="tagged_items", on_delete=models.CASCADE)


class GuidePageForm(WagtailAdminPageForm):
    """Months as twelve tick boxes rather than raw JSON."""

    months = forms.TypedMultipleChoiceField(
        label=_("Tháng áp dụng"), choices=MONTH_CHOICES, coerce=int, required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def clean_months(self):
        return sorted(set(self.cleaned_data["months"]))

    def clean(self):
        """Submitting or publishing a guide that names a banned substance, or a pesticide without its
        pre-harvest interval, is refused with the block, the words and the legal source; a draft may be saved."""
        cleaned = super().clean()
        body = cleaned.get("body")
        if body is not None and any(self.data.get(action) for action in GOING_LIVE_ACTIONS):
            parent = self.parent_page.specific if self.parent_page else None
            sector = parent.sector if isinstance(parent, SectorIndexPage) else cleaned.get("sector")
            found = problems(body.get_prep_value(), sector)
            if found:
                self.add_error("body", StreamBlockValidationError(
                    non_block_errors=ErrorList([ValidationError(p.message) for p in found])))
        return cleaned


class GuidePage(VisiblePage, Page):
    """A technique guide: what to do, with what, when, where, and whom to ask."""

    objects = VisiblePageManager()

    class Difficulty(models.TextChoices):
        EASY = "easy", _("Dễ")
        MEDIUM = "medium", _("Trung bình")
        HARD = "hard", _("Khó")

    summary = models.TextField(
        _("tóm tắt"), max_length=SUMMARY_MAX, validators=[MaxLengthValidator(SUMMARY_MAX)],
        help_text=_("Văn bản thường, tối đa 300 ký tự: hiện trong kết quả tìm kiếm, khi chia sẻ và tin nhắn."),
    )
    sector = models.CharField(_("lĩnh vực"), max_length=20, choices=Sector.choices)
    commodities = ParentalManyToManyField(Commodity, verbose_name=_("nông sản"), related_name="guides")
    topics = ClusterTaggableManager(_("chủ đề"), through=GuidePageTag, blank=True)
    regions = ParentalManyToManyField(Region, verbose_name=_("địa bàn"), blank=True, related_name="guides")
    months = models.JSONField(_("tháng áp dụng"), default=list, blank=True, validators=[validate_months])
    difficulty = models.CharField(_("độ khó"), max_length=10, choices=Difficulty.choices, default=Difficulty.MEDIUM)
    cost_amount = models.DecimalField(_("chi phí (đồng)"), max_digits=14, decimal_places=0, null=True, blank=True)
    benefit_amount = models.DecimalField(_("lợi nhuận dự kiến (đồng)"), max_digits=14, decimal_places=0,
                                         null=True, blank=True)
    economics_basis = models.CharField(_("tính cho"), max_length=10, choices=PER_CHOICES, blank=True,
                                       default=DEFAULT_PER)
    technology = models.ForeignKey(Technology, verbose_name=_("công nghệ"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="guides")
    officers = ParentalManyToManyField(Officer, verbose_name=_("cán bộ phụ trách"), blank=True,
                                       related_name="guides")
    body = StreamField(GuideBodyBlock(), verbose_name=_("nội dung"))
    image = models.ForeignKey("wagtailimages.Image", verbose_name=_("ảnh đại diện"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    # The title, and the summary and body, folded to plain words and written on every save: the database's
    # own full-text index of guides (kb.fulltext), which answers searches while the search engine cannot.
    search_title = models.TextField(editable=False, blank=True, default="")
    search_text = models.TextField(editable=False, blank=True, default="")
    # The diseases, pests and disorders of its sector the guide names (kb.problems), written on every save
    # like the fields above: the search indexes their other names and signs with the guide.
    problems = models.ManyToManyField(Problem, verbose_name=_("sâu bệnh nêu trong bài"), blank=True,
                                      editable=False, related_name="guides")

    base_form_class = GuidePageForm
    content_panels = Page.content_panels + [
        FieldPanel("summary", widget=forms.Textarea(attrs={"rows": 3, "maxlength": SUMMARY_MAX})),
        FieldPanel("image"),
        MultiFieldPanel(
            [FieldPanel("sector"), FieldPanel("commodities", widget=forms.CheckboxSelectMultiple),
             FieldPanel("topics"), FieldPanel("regions", widget=forms.CheckboxSelectMultiple),
             FieldPanel("months"), FieldPanel("difficulty")],
            heading=_("Phân loại"),
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("cost_amount"), FieldPanel("benefit_amount"), FieldPanel("economics_basis")])],
            heading=_("Hiệu quả kinh tế"),
        ),
        FieldPanel("body"),
        MultiFieldPanel([FieldPanel("technology"), FieldPanel("officers", widget=forms.CheckboxSelectMultiple)],
                        heading=_("Công nghệ và liên hệ")),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.RelatedFields("commodities", [index.SearchField("name"), index.SearchField("alt_names")]),
        index.FilterField("sector"),
    ]
    parent_page_types = ["kb.SectorIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("hướng dẫn kỹ thuật")
        verbose_name_plural = _("hướng dẫn kỹ thuật")

    def body_text(self):
        """The searchable words of the body: each block says which of its texts are searchable."""
        raw = self.body.raw_data if hasattr(self.body, "raw_data") else self.body
        stream_block = self._meta.get_field("body").stream_block
        return "\n".join(text for _, _, text in stream_block.search_texts(raw))

    def fold_search_fields(self):
        """Write `search_title` and `search_text` from the title, summary and body."""
        self.search_title = folded_words(self.title)
        self.search_text = folded_words(f"{self.summary}\n{self.body_text()}")

    def problem_text(self):
        """What may name a disease or pest: the title, summary and body."""
        return f"{self.title}\n{self.summary}\n{self.body_text()}"

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        written = update_fields is None or {"title", "summary", "body", "sector"} & set(update_fields)
        if written:
            self.fold_search_fields()
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "search_title", "search_text"}
        saved = super().save(*args, **kwargs)
        if written:
            self.problems.set(Problem.objects.named_in(self.problem_text(), self.sector))
        return saved

    def clean(self):
        super().clean()
        parent = self.get_parent()
        if parent and isinstance(parent.specific, SectorIndexPage):
            self.sector = parent.specific.sector

    @property
    def season(self):
        return season(self.months)

    @property
    def substance_list_note(self):
        return list_note()

    def going_live_problems(self):
        """What keeps this content (a revision's, say) from being approved or published: the admin form's checks."""
        return problems(self.body.raw_data, self.sector)

    @property
    def safety(self):
        """The pre-harvest interval and protective-equipment line a printed dose of pesticide stands next to."""
        raw = self.body.raw_data
        return {"phi_days": phi_days(raw), "ppe": ppe_text(raw)}

    @property
    def published_answers(self):
        """Farmers' questions answered and published (kb.QuestionAnswerPage) that cite this guide."""
        return self.answers.visible().order_by("-first_published_at")

    @property
    def steps(self):
        return [block.value for block in self.body if block.block_type == STEP]
