"""The search report in the Wagtail admin's Reports menu, shown to whoever holds its permission."""
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from analytics.views import PERMISSION, SearchReportView


@hooks.register("register_admin_urls")
def report_urls():
    return [path("search-report/", SearchReportView.as_view(), name="search_report"),
            path("search-report/results/", SearchReportView.as_view(results_only=True), name="search_report_results")]


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)


@hooks.register("register_reports_menu_item")
def report_menu_item():
    return ReportMenuItem(_("Tìm kiếm của nông dân"), reverse("search_report"), icon_name="search", order=900)
