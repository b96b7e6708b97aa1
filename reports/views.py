"""The programme's report in the admin (Reports → "Báo cáo chương trình"): Wagtail's `ReportView` with its
filters (year, quarter, commune, table), its CSV/XLSX export of the table shown, SVG charts above it, and a
printable PDF of the same figures (WeasyPrint)."""
from functools import cached_property

import django_filters
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.reports import ReportView

from core.reports import ChosenValues, HeadingsMixin, PermissionMixin, RowsLabelMixin
from fieldsheets.render import html_to_pdf
from fieldsheets.views import pdf_response
from kb.models import Commune
from reports.charts import bars
from reports.models import DailyCount
from reports.programme import CHANNELS, Programme, period

PERMISSION = "reports.view_programme_report"
QUARTER_CHOICES = [(str(q), _("Quý %(q)s") % {"q": q}) for q in range(1, 5)]
TABLES = (("figures", _("Các chỉ số")), ("communes", _("Theo xã, phường")))
FIGURE_COLUMNS = {"section": _("Nhóm"), "figure": _("Chỉ số"), "value": _("Giá trị"), "counted": _("Cách tính")}
COMMUNE_COLUMNS = {"commune": _("Xã, phường"), "questions": _("Câu hỏi"), "answered": _("Đã trả lời"),
                   "median_hours": _("Trung vị giờ tới trả lời đầu"), "sent": _("Tin cảnh báo đã gửi"),
                   "yes": _("Phiếu «Có»"), "no": _("Phiếu «Chưa»"), "yes_share": _("Tỉ lệ «Có» (%)")}


def years():
    this = timezone.localdate().year
    first = DailyCount.objects.order_by("day").values_list("day__year", flat=True).first() or this
    return [(str(year), str(year)) for year in range(this, min(first, this) - 1, -1)]


class ProgrammeFilterSet(ChosenValues, WagtailFilterSet):
    year = django_filters.ChoiceFilter(label=_("Năm"), choices=years, method="noop", empty_label=None)
    quarter = django_filters.ChoiceFilter(label=_("Quý"), choices=QUARTER_CHOICES, empty_label=_("Cả năm"),
                                          method="noop")
    commune = django_filters.ModelChoiceFilter(label=_("Xã, phường"), queryset=Commune.objects.all(),
                                               empty_label=_("Toàn tỉnh"), method="noop")
    table = django_filters.ChoiceFilter(label=_("Bảng"), choices=TABLES, empty_label=None, method="noop")

    class Meta:
        model = DailyCount
        fields = []


class ChosenPeriod:
    """The period, commune and table a request chose (the page, the export and the PDF read the same)."""

    @cached_property
    def year(self):
        return int(self.filters.chosen("year", timezone.localdate().year))

    @cached_property
    def quarter(self):
        return int(self.filters.chosen("quarter", 0)) or None

    @cached_property
    def programme(self):
        first, last = period(self.year, self.quarter)
        return Programme(first, last, self.filters.chosen("commune"))

    def period_label(self):
        return (_("Quý %(q)s/%(y)s") % {"q": self.quarter, "y": self.year} if self.quarter
                else _("Năm %(y)s") % {"y": self.year})

    def charts(self):
        programme = self.programme
        delivered = programme.by("delivery", "channel", outcome="sent")
        return [
            {"title": _("Lượt tìm mỗi tháng (phần sẫm: tìm thấy)"),
             "chart": bars([(month, searches, found) for month, searches, found in programme.monthly_searches()])},
            {"title": _("Tin cảnh báo đã gửi theo kênh"),
             "chart": bars([(CHANNELS.get(channel, channel), n, None) for channel, n in delivered.items()])},
            {"title": _("Phiếu góp ý (phần sẫm: «Có»)"),
             "chart": bars([(kind, votes["yes"] + votes["no"], votes["yes"])
                            for kind, votes in programme.votes_by_kind().items()])},
        ]


class ProgrammeReportView(PermissionMixin, ChosenPeriod, HeadingsMixin, RowsLabelMixin, ReportView):
    page_title = _("Báo cáo chương trình")
    header_icon = "doc-full"
    results_template_name = "reports/programme_results.html"
    index_url_name = "programme_report"
    index_results_url_name = "programme_report_results"
    filterset_class = ProgrammeFilterSet
    paginate_by = 200
    permission = PERMISSION

    @cached_property
    def table(self):
        return self.filters.chosen("table", TABLES[0][0])

    @cached_property
    def headings(self):
        return COMMUNE_COLUMNS if self.table == "communes" else FIGURE_COLUMNS

    def count_label(self, count):
        if self.table == "communes":
            return ngettext("%(count)s xã, phường", "%(count)s xã, phường", count) % {"count": count}
        return ngettext("%(count)s chỉ số", "%(count)s chỉ số", count) % {"count": count}

    def get_filtered_queryset(self):
        if self.table == "communes":
            return self.programme.communes()
        return [figure.as_row() for figure in self.programme.figures()]

    def get_filename(self):
        commune = self.filters.chosen("commune")
        return "-".join(filter(None, ("bao-cao-chuong-trinh", str(self.year),
                                      f"quy-{self.quarter}" if self.quarter else "",
                                      f"xa-{commune.code}" if commune else "", self.table)))

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context.update(period_label=self.period_label(), charts=self.charts(),
                       commune=self.filters.chosen("commune"), pdf_query=self.request.GET.urlencode())
        return context


class ProgrammePdfView(ProgrammeReportView):
    """The same figures, charts and communes as one printable PDF."""

    def get(self, request, *args, **kwargs):
        commune = self.filters.chosen("commune")
        html = render_to_string("reports/programme_pdf.html", {
            "period_label": self.period_label(), "commune": commune, "figures": self.programme.figures(),
            "communes": [] if commune else self.programme.communes(), "charts": self.charts(),
            "columns": COMMUNE_COLUMNS, "made": timezone.localtime()}, request=request)
        return pdf_response(html_to_pdf(html), self.get_filename().replace("-figures", "") + ".pdf")
