"""Alerts: a placed and dated warning (a pest, a disease, the weather) that officers write and editors approve
like a guide, under the "Cảnh báo" index.

They are pages so that they take the guides' workflow, revisions, history and view restrictions as they are,
and kb's visibility rule (`InForcePageManager`: in force = visible and within `valid_from`/`valid_until`, not
ended early, not replaced). A page stays readable after its period, marked as past: an SMS sent last week
still leads somewhere. Whether an alert ended, and which one it updates, are facts about the page, not about
a revision: `with_content_json` keeps them when an older revision is published.
Subscriptions, delivery, banners and the feed are the `alerts` app's.
"""
from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.models import Page

from kb.blocks import PARAGRAPH, PHI, STEP, WARNING
from kb.checks import problems
from kb.models.answers import QuestionAnswerPage
from kb.models.pages import GOING_LIVE_ACTIONS, GuidePage
from kb.models.places import Commune
from kb.models.searchtext import FoldedSearchText
from kb.models.snippets import Commodity, Sector
from kb.models.visibility import InForcePageManager, VisiblePage

TEXT_MAX = 1000


class Severity(models.TextChoices):
    WATCH = "watch", _("Theo dõi")
    WARNING = "warning", _("Cảnh báo")
    EMERGENCY = "emergency", _("Khẩn cấp")


SEVERITY_ORDER = {Severity.EMERGENCY: 0, Severity.WARNING: 1, Severity.WATCH: 2}


class Hazard(models.TextChoices):
    PEST = "pest", _("Sâu hại")
    DISEASE = "disease", _("Dịch bệnh")
    WEATHER = "weather", _("Thời tiết")


class AlertIndexPage(Page):
    """"Cảnh báo": the alerts in force, then the past ones."""

    intro = models.TextField(_("lời giới thiệu"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["kb.HomePage"]
    subpage_types = ["kb.AlertPage"]
    max_count_per_parent = 1
    template = "alerts/alert_index_page.html"
    per_page = 20

    class Meta:
        verbose_name = _("trang cảnh báo")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        alerts = AlertPage.objects.child_of(self).prefetch_related("commodities", "communes")
        context["in_force"] = sorted(alerts.in_force(), key=AlertPage.rank)
        context["past"] = Paginator(alerts.past().order_by("-valid_from"), self.per_page).get_page(
            request.GET.get("page"))
        return context


class AlertPageForm(WagtailAdminPageForm):
    def clean(self):
        """A period that ends after it starts, a place, and — to submit or publish — the guides' checks."""
        cleaned = super().clean()
        start, end = cleaned.get("valid_from"), cleaned.get("valid_until")
        if start and end and end <= start:
            self.add_error("valid_until", _("Thời điểm hết hiệu lực phải sau thời điểm bắt đầu."))
        if not cleaned.get("all_hue") and not cleaned.get("communes"):
            self.add_error("communes", _("Chọn xã, phường mà cảnh báo liên quan, hoặc chọn “Toàn tỉnh Huế”."))
        if any(self.data.get(action) for action in GOING_LIVE_ACTIONS):
            sectors = sorted({c.sector for c in cleaned.get("commodities") or []})
            alert = AlertPage(title=cleaned.get("title", ""), situation=cleaned.get("situation", ""),
                              action=cleaned.get("action", ""), phi_days=cleaned.get("phi_days"))
            for problem in alert.going_live_problems(sectors):
                self.add_error(CHECKED_FIELDS[problem.position], problem.message)
        return cleaned


# The alert's texts as a guide body (AlertPage.check_stream): where each block's problem is shown in the form.
CHECKED_FIELDS = {1: "situation", 2: "action", 3: "phi_days"}




class AlertPage(FoldedSearchText, VisiblePage, Page):
    """One warning: what is happening, what to do now, for which commodities and where, from when until when,
    on whose word, and the guides and answers that say how."""

    severity = models.CharField(_("mức độ"), max_length=10, choices=Severity.choices, default=Severity.WARNING)
    hazard = models.CharField(_("loại"), max_length=10, choices=Hazard.choices, default=Hazard.PEST)
    situation = models.TextField(_("tình hình"), max_length=TEXT_MAX,
                                 help_text=_("Điều đang xảy ra, ở đâu, mức độ. Văn bản thường, ngắn gọn."))
    action = models.TextField(_("việc cần làm ngay"), max_length=TEXT_MAX,
                              help_text=_("Bà con cần làm gì, trong bao lâu."))
    phi_days = models.PositiveSmallIntegerField(
        _("số ngày cách ly"), null=True, blank=True,
        help_text=_("Bắt buộc khi việc cần làm nêu thuốc bảo vệ thực vật: số ngày cách ly trước thu hoạch."))
    commodities = ParentalManyToManyField(Commodity, verbose_name=_("nông sản"), blank=True, related_name="alerts",
                                          help_text=_("Để trống: mọi cây trồng, vật nuôi (ví dụ bão, rét đậm)."))
    communes = ParentalManyToManyField(Commune, verbose_name=_("xã, phường"), blank=True, related_name="alerts")
    all_hue = models.BooleanField(_("toàn tỉnh Huế"), default=False)
    valid_from = models.DateTimeField(_("hiệu lực từ"), default=timezone.now)
    valid_until = models.DateTimeField(_("hiệu lực đến"))
    source = models.CharField(_("nguồn"), max_length=200, blank=True,
                              help_text=_("Ví dụ: Thông báo số 12/TB-TTBVTV của Chi cục Trồng trọt và BVTV"))
    guides = ParentalManyToManyField(GuidePage, verbose_name=_("hướng dẫn cách xử lý"), blank=True,
                                     related_name="alerts")
    answers = ParentalManyToManyField(QuestionAnswerPage, verbose_name=_("hỏi đáp liên quan"), blank=True,
                                      related_name="alerts")
    # Page facts, not revision content (kept by with_content_json): set by the admin's actions.
    ended_at = models.DateTimeField(_("kết thúc sớm lúc"), null=True, blank=True, editable=False)
    replaces = models.ForeignKey("self", verbose_name=_("cập nhật cho"), null=True, blank=True, editable=False,
                                 on_delete=models.SET_NULL, related_name="updates")

    objects = InForcePageManager()
    base_form_class = AlertPageForm
    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("severity"), FieldPanel("hazard")]),
        FieldPanel("situation", widget=forms.Textarea(attrs={"rows": 3, "maxlength": TEXT_MAX})),
        FieldPanel("action", widget=forms.Textarea(attrs={"rows": 3, "maxlength": TEXT_MAX})),
        FieldPanel("phi_days"),
        MultiFieldPanel([FieldPanel("commodities", widget=forms.CheckboxSelectMultiple), FieldPanel("all_hue"),
                         FieldPanel("communes", widget=forms.CheckboxSelectMultiple)], heading=_("Nông sản và nơi")),
        FieldRowPanel([FieldPanel("valid_from"), FieldPanel("valid_until")]),
        FieldPanel("source"),
        MultiFieldPanel([FieldPanel("guides"), FieldPanel("answers")], heading=_("Hướng dẫn xử lý")),
    ]
    parent_page_types = ["kb.AlertIndexPage"]
    subpage_types = []
    template = "alerts/alert_page.html"

    class Meta:
        verbose_name = _("cảnh báo")
        verbose_name_plural = _("cảnh báo")

    def with_content_json(self, content):
        page = super().with_content_json(content)
        page.ended_at, page.replaces_id = self.ended_at, self.replaces_id
        return page

    def rank(self):
        """Most severe first, then the newest."""
        return SEVERITY_ORDER.get(self.severity, 9), -self.valid_from.timestamp()

    @property
    def in_force(self):
        return type(self).objects.in_force().filter(pk=self.pk).exists()

    @property
    def sector(self):
        """The sector of its first commodity ("" for every commodity): where search filters place it."""
        first = next(iter(self.commodities.all()), None)
        return first.sector if first else ""

    @property
    def place_names(self):
        return [str(_("Toàn tỉnh Huế"))] if self.all_hue else [c.name for c in self.communes.all()]

    @property
    def successor(self):
        """The update published in its place, if any."""
        return AlertPage.objects.visible().filter(replaces=self).order_by("-first_published_at").first()

    @property
    def visible_guides(self):
        return self.guides.visible()

    @property
    def visible_answers(self):
        return self.answers.visible()

    def searched_text(self):
        return f"{self.situation}\n{self.action}"

    def check_stream(self):
        """The alert's texts as a guide body, so that kb.checks reads them exactly as it reads a guide's:
        1 the situation (a paragraph), 2 what to do (a step), 3 the pre-harvest interval (a warning)."""
        raw = [{"type": PARAGRAPH, "value": escape(self.situation or "")},
               {"type": STEP, "value": {"title": self.title or "", "text": escape(self.action or "")}}]
        if self.phi_days is not None:
            raw.append({"type": WARNING, "value": {"kind": PHI, "days": self.phi_days, "text": ""}})
        return raw

    def going_live_problems(self, sectors=None):
        """What keeps this alert (a revision's, say) from being approved or published: a guide's checks, in
        every sector its commodities belong to (`sectors` when the form gives them), or in all for an alert
        about every commodity."""
        sectors = sectors or sorted({c.sector for c in self.commodities.all()}) or Sector.values
        found = {}
        for sector in sectors:
            for problem in problems(self.check_stream(), sector):
                found.setdefault((problem.position, problem.message), problem)
        return sorted(found.values(), key=lambda problem: problem.position)

    def end(self, when=None):
        """End the alert now (or at `when`): it leaves banners, search and the feed, and nothing more is sent."""
        self.ended_at = when or timezone.now()
        self.save(update_fields=["ended_at"])

    def clean(self):
        super().clean()
        if self.valid_from and self.valid_until and self.valid_until <= self.valid_from:
            raise ValidationError({"valid_until": _("Thời điểm hết hiệu lực phải sau thời điểm bắt đầu.")})
