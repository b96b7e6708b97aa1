"""The officers' side in the Wagtail admin: the inbox (a snippet viewset with filters and a "mine" view,
the farmer's words and photo shown read-only, tap-to-call, the answer form) and the actions that publish
an answer as Q&A or start a guide from it."""
from datetime import timedelta

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Value, When
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, Panel
from wagtail.admin.site_summary import SummaryItem
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.snippets.views.snippets import SnippetViewSet

from core.anonymise import marked
from kb.models import Commodity, Commune, Region, Sector
from questions.models import WAITING_HOURS, Channel, FarmerQuestion
from questions.publishing import PublishForm, guide_draft, publish_answer

PUBLISH = "questions.publish_farmerquestion"
VIEW = "questions.view_farmerquestion"
AGES = {  # filter value: (label, newer than hours, older than hours)
    "day": (_("Dưới 24 giờ"), 24, None),
    "two-days": (_("24–48 giờ"), WAITING_HOURS, 24),
    "late": (_("Quá 48 giờ"), None, WAITING_HOURS),
    "week": (_("Quá 7 ngày"), None, 7 * 24),
}


class FarmerQuestionFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("Trạng thái"), choices=FarmerQuestion.Status.choices)
    sector = django_filters.ChoiceFilter(label=_("Lĩnh vực"), choices=Sector.choices)
    commune = django_filters.ModelChoiceFilter(label=_("Xã, phường"), queryset=Commune.objects.all())
    district = django_filters.ModelChoiceFilter(label=_("Địa bàn"), queryset=Region.objects.all())
    channel = django_filters.ChoiceFilter(label=_("Kênh"), choices=Channel.choices)
    commodity = django_filters.ModelChoiceFilter(label=_("Nông sản"), queryset=Commodity.objects.all())
    age = django_filters.ChoiceFilter(label=_("Thời gian chờ"), method="filter_age",
                                      choices=[(key, label) for key, (label, _newer, _older) in AGES.items()])
    mine = django_filters.ChoiceFilter(label=_("Giao cho"), method="filter_mine",
                                       choices=[("on", _("Câu hỏi giao cho tôi"))])

    class Meta:
        model = FarmerQuestion
        fields = ["status", "sector", "commune", "district", "channel", "commodity"]

    def filter_age(self, queryset, name, value):
        _label, newer, older = AGES[value]
        now = timezone.now()
        if newer:
            queryset = queryset.filter(created_at__gt=now - timedelta(hours=newer))
        if older:
            queryset = queryset.filter(created_at__lte=now - timedelta(hours=older))
        return queryset

    def filter_mine(self, queryset, name, value):
        return queryset.filter(assigned_to__user=self.request.user) if value else queryset


class QuestionPanel(Panel):
    """What the farmer sent, read-only and escaped, with the photo, a call button and the actions."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "questions/admin/question_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["question"] = self.instance
            context["can_publish"] = self.request.user.has_perm(PUBLISH)
            return context


def status_label(question):
    """The status, and for a question still waiting after WAITING_HOURS, that it is late: the inbox's first
    rows are what an officer must answer today."""
    if question.is_open and question.created_at <= timezone.now() - timedelta(hours=WAITING_HOURS):
        return format_html("{} · <strong>{}</strong>", question.get_status_display(),
                           _("chờ quá %(hours)s giờ") % {"hours": WAITING_HOURS})
    return question.get_status_display()


class WaitingSummaryItem(SummaryItem):
    """On the dashboard: how many questions wait for an answer, and how many of them for too long."""

    order = 40
    template_name = "questions/admin/waiting_summary.html"

    def get_context_data(self, parent_context):
        return {"waiting": FarmerQuestion.objects.waiting().count(), "late": FarmerQuestion.objects.late().count(),
                "hours": WAITING_HOURS}

    def is_shown(self):
        return self.request.user.has_perm(VIEW)


class FarmerQuestionViewSet(SnippetViewSet):
    model = FarmerQuestion
    icon = "help"
    menu_label = _("Câu hỏi của nông dân")
    add_to_admin_menu = True
    menu_order = 250
    copy_view_enabled = False
    filterset_class = FarmerQuestionFilterSet
    list_display = [TitleColumn("short_text", label=_("Câu hỏi"),
                                url_name="wagtailsnippets_questions_farmerquestion:edit"),
                    Column("status", label=_("Trạng thái"), accessor=status_label),
                    "commune", "district", "channel", "commodity", DateColumn("created_at", label=_("Gửi")),
                    "assigned_to"]
    panels = [
        QuestionPanel(heading=_("Nông dân hỏi")),
        MultiFieldPanel([FieldPanel("status"), FieldPanel("assigned_to")], heading=_("Xử lý")),
        FieldPanel("answer"),
        FieldPanel("no_guide"),
        MultiFieldPanel([FieldPanel("sector"), FieldPanel("commodity"), FieldPanel("commune"), FieldPanel("district")],
                        heading=_("Phân loại")),
    ]

    def get_queryset(self, request):
        """The officer's own district first, then what still waits, newest first."""
        questions = FarmerQuestion.objects.select_related("commune", "district", "commodity", "assigned_to")
        district_id = getattr(getattr(request.user, "officer", None), "district_id", None)
        return questions.annotate(
            elsewhere=Case(When(district_id=district_id, then=Value(0)), default=Value(1),
                           output_field=IntegerField()) if district_id else Value(0),
            done=Case(When(status__in=FarmerQuestion.OPEN, then=Value(0)), default=Value(1),
                      output_field=IntegerField()),
        ).order_by("elsewhere", "done", "-created_at")

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("<int:pk>/photo/", admin_photo, name="photo"),
            path("<int:pk>/publish/", publish_view, name="publish"),
            path("<int:pk>/guide-draft/", guide_draft_view, name="guide_draft"),
        ]


def _question(request, pk, permission):
    if not request.user.has_perm(permission):
        raise PermissionDenied
    return get_object_or_404(FarmerQuestion, pk=pk)


def admin_photo(request, pk):
    question = _question(request, pk, VIEW)
    if not question.photo:
        raise Http404
    return FileResponse(question.photo.open("rb"), content_type="image/jpeg")


def _edit_url(question):
    return reverse("wagtailsnippets_questions_farmerquestion:edit", args=[question.pk])


def _answered(request, pk):
    question = _question(request, pk, PUBLISH)
    if question.status not in FarmerQuestion.ANSWERED_STATES:
        messages.error(request, _("Câu hỏi này chưa có câu trả lời."))
        return question, redirect(_edit_url(question))
    return question, None


def _confirm(request, question, form, heading, action):
    """The title and question text exactly as they will be used, for the officer to edit, beside the
    farmer's words with what anonymising removed marked."""
    return TemplateResponse(request, "questions/admin/confirm.html", {
        "question": question, "heading": heading, "action": action, "form": form,
        "farmer_words": marked(question.text), "edit_url": _edit_url(question)})


def _made_once_confirmed(request, pk, heading, action, make):
    """`make` (publish_answer, guide_draft) run on an answered question once the officer has posted the confirm
    screen valid: (question, what it made, None); until then, or when the question is not answered,
    (question, None, the response to show instead)."""
    question, refused = _answered(request, pk)
    if refused:
        return question, None, refused
    form = PublishForm(request.POST or None, question=question)
    if request.method != "POST" or not form.is_valid():
        return question, None, _confirm(request, question, form, heading, action)
    return question, make(question, **form.cleaned_data, user=request.user), None


def publish_view(request, pk):
    question, page, shown = _made_once_confirmed(request, pk, _("Đăng thành hỏi đáp công khai"), _("Đăng"),
                                                 publish_answer)
    if shown:
        return shown
    messages.success(request, _("Đã đăng hỏi đáp “%(title)s”.") % {"title": page.title})
    return redirect(_edit_url(question))


def guide_draft_view(request, pk):
    question, guide, shown = _made_once_confirmed(
        request, pk, _("Tạo bản nháp hướng dẫn từ câu trả lời"), _("Tạo bản nháp"), guide_draft)
    if shown:
        return shown
    messages.success(request, _("Đã tạo bản nháp hướng dẫn “%(title)s”.") % {"title": guide.title})
    return redirect("wagtailadmin_pages:edit", guide.pk)
