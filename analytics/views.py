"""The officers' search report: what farmers look for, what they do not find, and how that changes.

Wagtail's `ReportView`: filters (period, sector, site language, table) in the admin's filter drawer, and its
own CSV and XLSX export of the table shown — top queries, zero-result queries (the content gaps) or searches
per day. Above the table, an inline SVG chart of searches per day (no script, no outside library).

Every figure counts the same searches: the period is whole local days, today included, so the header's total,
the chart, the rows of each table and the footer agree. A query's rows are per site language ("lúa" on the
English site is not "lúa" on the Vietnamese one), and a search without words (filters only) is a row of its own.
"""
import django_filters
from django.conf import settings
from django.db.models import Count
from django.utils.functional import cached_property
from django.utils.translation import get_language_info, ngettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.reports import ReportView

from analytics.models import SearchRecord
from core.reports import ChosenValues, HeadingsMixin, PermissionMixin, RowsLabelMixin
from kb.models import Sector

PERMISSION = "analytics.view_search_report"
PERIODS = (("7", _("7 ngày")), ("30", _("30 ngày")))
TABLES = (("top", _("Từ khoá tìm nhiều nhất")), ("zero", _("Tìm mà không có kết quả (nội dung còn thiếu)")),
          ("daily", _("Theo ngày")))
# The site languages in the reader's language ("Tiếng Anh", "English"), and "" for API searches asked in every
# language (and searches recorded before languages were).
SITE_LANGUAGES = [(code, get_language_info(code)["name_translated"]) for code, _name in settings.LANGUAGES]
LANGUAGE_NAMES = {**dict(SITE_LANGUAGES), "": _("Mọi ngôn ngữ (API)")}
CHART_WIDTH, CHART_HEIGHT = 600, 160


class SearchReportFilterSet(ChosenValues, WagtailFilterSet):
    days = django_filters.ChoiceFilter(label=_("Khoảng thời gian"), choices=PERIODS, method="noop", empty_label=None)
    sector = django_filters.ChoiceFilter(label=_("Lĩnh vực"), choices=Sector.choices, empty_label=_("Tất cả"),
                                         method="noop")
    language = django_filters.ChoiceFilter(label=_("Ngôn ngữ của trang"), choices=SITE_LANGUAGES,
                                           empty_label=_("Tất cả"), method="noop")
    table = django_filters.ChoiceFilter(label=_("Bảng"), choices=TABLES, empty_label=None, method="noop")

    class Meta:
        model = SearchRecord
        fields = []


def chart(trend):
    """Bars for searches, oldest day first, with the zero-result part of each darker, scaled to the busiest day."""
    peak = max((row["searches"] for row in trend), default=0) or 1
    step = CHART_WIDTH / max(len(trend), 1)
    bars = []
    for index, row in enumerate(reversed(trend)):
        height = CHART_HEIGHT * row["searches"] / peak
        zero = CHART_HEIGHT * row["zero"] / peak
        bars.append({"x": round(index * step + 1, 1), "width": round(max(step - 2, 1), 1),
                     "y": round(CHART_HEIGHT - height, 1), "height": round(height, 1),
                     "zero_y": round(CHART_HEIGHT - zero, 1), "zero_height": round(zero, 1), **row})
    return {"bars": bars, "width": CHART_WIDTH, "height": CHART_HEIGHT, "peak": peak}


def query_label(row):
    return row["query"] or _("(không gõ từ khoá, chỉ chọn bộ lọc)")


def language_label(row):
    return LANGUAGE_NAMES.get(row["language"], row["language"])


class SearchReportView(PermissionMixin, HeadingsMixin, RowsLabelMixin, ReportView):
    page_title = _("Tìm kiếm của nông dân")
    header_icon = "search"
    template_name = "analytics/search_report.html"
    results_template_name = "analytics/search_report_results.html"
    index_url_name = "search_report"
    index_results_url_name = "search_report_results"
    filterset_class = SearchReportFilterSet
    paginate_by = 50
    table_classname = "listing search-report-table"
    QUERY_COLUMNS = {"query": _("Từ khoá"), "language": _("Ngôn ngữ của trang"), "searches": _("Lượt tìm"),
                     "results": _("Kết quả trung bình"), "zero": _("Không có kết quả")}
    DAY_COLUMNS = {"day": _("Ngày"), "searches": _("Lượt tìm"), "zero": _("Không có kết quả")}
    SHOWN = {"query": query_label, "language": language_label}  # what the page shows instead of the stored value
    permission = PERMISSION

    @cached_property
    def days(self):
        return int(self.filters.chosen("days", PERIODS[0][0]))

    @cached_property
    def table(self):
        return self.filters.chosen("table", TABLES[0][0])

    @cached_property
    def records(self):
        return SearchRecord.objects.in_period(self.days, self.filters.chosen("sector", ""),
                                              self.filters.chosen("language", None))

    @cached_property
    def headings(self):
        return self.DAY_COLUMNS if self.table == "daily" else self.QUERY_COLUMNS

    def count_label(self, count):
        if self.table == "daily":
            return ngettext("%(count)s ngày", "%(count)s ngày", count) % {"count": count}
        return ngettext("%(count)s từ khoá", "%(count)s từ khoá", count) % {"count": count}

    def get_filtered_queryset(self):
        if self.table == "daily":
            return self.records.daily(self.days)
        return self.records.top_queries(zero_only=self.table == "zero")

    def get_filename(self):
        sector, language = self.filters.chosen("sector", ""), self.filters.chosen("language", "")
        return "-".join(filter(None, ("tim-kiem", self.table, f"{self.days}-ngay", sector, language)))

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        by_language = dict(self.records.values_list("language").annotate(n=Count("id")).order_by())
        context.update(days=self.days, table_name=self.table, table_title=dict(TABLES)[self.table],
                       total=sum(by_language.values()),
                       by_language=[(LANGUAGE_NAMES.get(code, code), by_language[code])
                                    for code in LANGUAGE_NAMES if by_language.get(code)],
                       zero_total=self.records.filter(result_count=0).count(),
                       chart=chart(self.records.daily(self.days)))
        return context
