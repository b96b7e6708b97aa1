""""Viết gì tiếp" in the admin (Reports → "Viết gì tiếp"): the gaps of `reports.gaps` as a Wagtail report with
its CSV/XLSX export; each row links to what is behind it and offers "write a guide", a draft prefilled with
its commodity, topic and the farmers' words."""
from datetime import date, timedelta
from functools import cached_property

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView
from wagtail.rich_text import RichText

from analytics.models import SearchRecord
from core.reports import ChosenValues, HeadingsMixin, PermissionMixin, RowsLabelMixin
from kb.blocks import PARAGRAPH
from kb.models import Commodity, GuidePage, Sector
from kb.tree import sector_index
from questions.models import FarmerQuestion
from questions.publishing import free_slug
from reports.aggregation import start_of
from reports.gaps import KINDS, QUESTION, SEARCH, gaps
from reports.grouping import Grouper
from reports.models import DailyCount
from reports.views import PERMISSION

WEEKS = (("4", _("4 tuần")), ("12", _("12 tuần")), ("26", _("26 tuần")))


class GapFilterSet(ChosenValues, WagtailFilterSet):
    weeks = django_filters.ChoiceFilter(label=_("Khoảng thời gian"), choices=WEEKS, method="noop", empty_label=None)
    kind = django_filters.ChoiceFilter(label=_("Loại"), choices=list(KINDS.items()), empty_label=_("Tất cả"),
                                       method="noop")
    commodity = django_filters.ModelChoiceFilter(label=_("Nông sản"), queryset=Commodity.objects.all(),
                                                 empty_label=_("Tất cả"), method="noop")

    class Meta:
        model = DailyCount
        fields = []


class ActionsColumn(Column):
    """Links to what is behind a row, and "write a guide" (a POST: it makes a draft)."""
    cell_template_name = "reports/write_next_actions.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["csrf_token"] = get_token(parent_context["request"])
        return context


class WriteNextView(PermissionMixin, HeadingsMixin, RowsLabelMixin, ReportView):
    page_title = _("Viết gì tiếp")
    header_icon = "edit"
    results_template_name = "reports/write_next_results.html"
    index_url_name = "write_next"
    index_results_url_name = "write_next_results"
    permission = PERMISSION
    filterset_class = GapFilterSet
    paginate_by = 100
    export_filename = "viet-gi-tiep"
    HEADINGS = {"kind_label": _("Loại"), "week_label": _("Tuần (từ thứ Hai)"), "commodity_name": _("Nông sản"),
                "topic": _("Chủ đề"), "place": _("Xã, phường / địa bàn"), "words": _("Lời nông dân / mục"),
                "count": _("Số lượt"), "detail": _("Chi tiết")}
    headings = HEADINGS

    @property
    def columns(self):
        return super().columns + [ActionsColumn("actions", label=_("Việc"))]

    def count_label(self, count):
        return ngettext("%(count)s việc", "%(count)s việc", count) % {"count": count}

    @cached_property
    def weeks(self):
        return int(self.filters.chosen("weeks", WEEKS[0][0]))

    def get_filtered_queryset(self):
        return gaps(self.weeks, self.filters.chosen("kind"), self.filters.chosen("commodity"))


def _allowed(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied


def behind(request):
    """The searches (their forms as typed, while the records are kept) or the questions behind a row."""
    _allowed(request)
    kind = request.GET.get("kind")
    if kind == SEARCH:
        try:
            week = date.fromisoformat(request.GET.get("week", ""))
        except ValueError:
            return HttpResponseBadRequest(gettext("Tuần không hợp lệ."))
        words, grouper = request.GET.get("words", ""), Grouper()
        start, end = start_of(week), start_of(week + timedelta(days=7))
        records = (SearchRecord.objects.filter(created_at__gte=start, created_at__lt=end)
                   .values_list("query", "result_count").order_by())
        typed = {}
        for query, results in records:
            if query and grouper.key(query)[0] == words:
                typed.setdefault(query, [0, 0])[0] += 1
                typed[query][1] += results == 0
        asked = [q for q in FarmerQuestion.objects.filter(created_at__gte=start, created_at__lt=end)
                 .exclude(source_query="") if grouper.key(q.source_query)[0] == words]
        context = {"searches": sorted(typed.items(), key=lambda item: -item[1][0]), "questions": asked,
                   "search_columns": [gettext("Lượt tìm"), gettext("Không có kết quả")]}
    elif kind == QUESTION:
        ids = [int(pk) for pk in request.GET.get("ids", "").split(",") if pk.isdigit()]
        context = {"searches": [], "questions": FarmerQuestion.objects.filter(pk__in=ids)}
    else:
        return HttpResponseBadRequest(gettext("Loại không hợp lệ."))
    return render(request, "reports/write_next_behind.html", context)


class DraftForm(forms.Form):
    title = forms.CharField(max_length=200)
    words = forms.CharField(max_length=200, required=False)
    commodity = forms.ModelChoiceField(Commodity.objects.all(), required=False)
    topic = forms.CharField(max_length=100, required=False)


@require_POST
def write_guide(request):
    """A new, unpublished guide prefilled from a row: title and the farmers' words, commodity, sector, topic."""
    _allowed(request)
    form = DraftForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(gettext("Thiếu tiêu đề."))
    data = form.cleaned_data
    commodity = data["commodity"]
    parent = sector_index(commodity.sector if commodity else Sector.CROP)
    if not parent.permissions_for_user(request.user).can_add_subpage():
        raise PermissionDenied
    words = data["words"] or data["title"]
    guide = GuidePage(title=data["title"][:1].upper() + data["title"][1:], slug=free_slug(parent, data["title"]),
                      sector=parent.sector, live=False, summary=gettext("Nông dân tìm, hỏi: «%s»") % data["title"],
                      body=[(PARAGRAPH, RichText(format_html("<p>{}</p>", gettext("Lời nông dân: «%s»") % words)))])
    if commodity:
        guide.commodities.set([commodity])
    if data["topic"]:
        guide.topics.add(data["topic"])
    parent.add_child(instance=guide)
    guide.save_revision(user=request.user)
    return redirect("wagtailadmin_pages:edit", guide.pk)
