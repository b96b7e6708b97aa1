"""The questions report in the admin (Reports → "Hỏi cán bộ khuyến nông"), with Wagtail's CSV/XLSX export.

One row per week, district and sector, and a first row for all of them: questions received, answered,
median and 90th-percentile hours to the first answer, and how many still wait after 48 hours. Only counts
and durations, never a phone or a text, so the report outlives the 90-day phone purge unchanged.
The 90th percentile is the nearest-rank one (the smallest duration at least 90 % of answers beat or tie).
"""
import math
import statistics
from collections import defaultdict
from datetime import timedelta

import django_filters
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies import ModelPermissionPolicy

from core.reports import RowsLabelMixin
from kb.models import Region, Sector
from questions.models import WAITING_HOURS, FarmerQuestion

ALL = _("Tất cả")


class QuestionReportFilterSet(WagtailFilterSet):
    created_at = django_filters.DateFromToRangeFilter(label=_("Gửi trong khoảng"), widget=DateRangePickerWidget)
    sector = django_filters.ChoiceFilter(label=_("Lĩnh vực"), choices=Sector.choices)
    district = django_filters.ModelChoiceFilter(label=_("Địa bàn"), queryset=Region.objects.all())

    class Meta:
        model = FarmerQuestion
        fields = ["created_at", "sector", "district"]


def percentile(values, share):
    """Nearest-rank percentile of a non-empty list."""
    ordered = sorted(values)
    return ordered[max(math.ceil(share * len(ordered)), 1) - 1]


def _row(week, district, sector, items, now):
    hours = [(answered - created).total_seconds() / 3600 for created, answered, _status in items if answered]
    late = sum(1 for created, answered, status in items
               if status in FarmerQuestion.OPEN and now - created > timedelta(hours=WAITING_HOURS))
    return {"week": week, "district": district, "sector": sector, "questions": len(items), "answered": len(hours),
            "median_hours": round(statistics.median(hours), 1) if hours else None,
            "p90_hours": round(percentile(hours, 0.9), 1) if hours else None, "late": late}


def weekly_rows(questions, now=None):
    """Rows of the report for `questions` (a FarmerQuestion queryset): the total first, then by week
    (newest first), district and sector."""
    now = now or timezone.now()
    sectors = dict(Sector.choices)
    groups, everything = defaultdict(list), []
    for created, answered, status, district, sector in questions.values_list(
            "created_at", "answered_at", "status", "district__name", "sector"):
        day = timezone.localtime(created).date()
        key = (day - timedelta(days=day.weekday()), district or "—", str(sectors.get(sector, "—")))
        groups[key].append((created, answered, status))
        everything.append((created, answered, status))
    rows = [_row(None, str(ALL), str(ALL), everything, now)]
    for week, district, sector in sorted(groups, key=lambda k: (-k[0].toordinal(), k[1], k[2])):
        rows.append(_row(week, district, sector, groups[(week, district, sector)], now))
    return rows


def week_label(row):
    """The page shows a week by its Monday, "05/01/2026" (the export keeps the date)."""
    return date_format(row["week"], "d/m/Y") if row["week"] else ALL


class QuestionReportView(RowsLabelMixin, ReportView):
    page_title = _("Hỏi cán bộ khuyến nông")
    header_icon = "help"
    results_template_name = "questions/admin/report_results.html"
    index_url_name = "question_report"
    index_results_url_name = "question_report_results"
    filterset_class = QuestionReportFilterSet
    permission_policy = ModelPermissionPolicy(FarmerQuestion)
    any_permission_required = ["view"]
    paginate_by = 100
    export_filename = "hoi-can-bo"
    list_export = ["week", "district", "sector", "questions", "answered", "median_hours", "p90_hours", "late"]
    export_headings = {
        "week": _("Tuần (từ thứ Hai)"), "district": _("Địa bàn"), "sector": _("Lĩnh vực"),
        "questions": _("Câu hỏi"), "answered": _("Đã trả lời"), "median_hours": _("Trung vị giờ tới trả lời đầu"),
        "p90_hours": _("P90 giờ tới trả lời đầu"), "late": _("Chờ quá 48 giờ"),
    }
    # On the page the hours columns are headed short (the text above the table says what they measure), so the
    # eight columns fit a 1280 px screen beside the menu; the export keeps the headings that explain themselves.
    columns = [Column("week", label=_("Tuần từ thứ Hai"), accessor=week_label)] + [
        Column(name, label=label, accessor=name) for name, label in {
            "district": _("Địa bàn"), "sector": _("Lĩnh vực"), "questions": _("Câu hỏi"),
            "answered": _("Đã trả lời"), "median_hours": _("Trung vị (giờ)"), "p90_hours": _("P90 (giờ)"),
            "late": _("Chờ quá 48 giờ")}.items()]

    def count_label(self, count):
        return ngettext("%(count)s dòng (dòng đầu là tổng)", "%(count)s dòng (dòng đầu là tổng)", count) % {
            "count": count}

    def get_filtered_queryset(self):
        return weekly_rows(self.filter_queryset(FarmerQuestion.objects.all()))
