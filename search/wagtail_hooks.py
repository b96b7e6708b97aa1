"""The search report in the Wagtail admin, shown to whoever holds its permission (officers, editors)."""
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from search import report


@hooks.register("register_admin_urls")
def report_urls():
    return [path("search-report/", report.report_view, name="search_report"),
            path("search-report/csv/", report.csv_view, name="search_report_csv")]


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(report.PERMISSION)


@hooks.register("register_reports_menu_item")
def report_menu_item():
    return ReportMenuItem(_("Tìm kiếm của nông dân"), reverse("search_report"), icon_name="search", order=900)
