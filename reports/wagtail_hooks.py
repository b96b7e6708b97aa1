"""The programme's report and "what to write next" in the admin's Reports menu, for whoever holds their
permission (`reports.view_programme_report`)."""
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from reports.gap_views import WriteNextView, behind, write_guide
from reports.views import PERMISSION, ProgrammePdfView, ProgrammeReportView


@hooks.register("register_admin_urls")
def report_urls():
    return [path("programme-report/", ProgrammeReportView.as_view(), name="programme_report"),
            path("programme-report/results/", ProgrammeReportView.as_view(results_only=True),
                 name="programme_report_results"),
            path("programme-report/pdf/", ProgrammePdfView.as_view(), name="programme_report_pdf"),
            path("write-next/", WriteNextView.as_view(), name="write_next"),
            path("write-next/results/", WriteNextView.as_view(results_only=True), name="write_next_results"),
            path("write-next/behind/", behind, name="write_next_behind"),
            path("write-next/guide/", write_guide, name="write_next_guide")]


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)


@hooks.register("register_reports_menu_item")
def programme_menu_item():
    return ReportMenuItem(_("Báo cáo chương trình"), reverse("programme_report"), icon_name="doc-full", order=920)


@hooks.register("register_reports_menu_item")
def write_next_menu_item():
    return ReportMenuItem(_("Viết gì tiếp"), reverse("write_next"), icon_name="edit", order=915)
