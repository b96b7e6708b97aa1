"""The questions inbox in the admin menu, a direct "mine" entry for the assigned officer, the report, and the
questions waiting on the dashboard."""
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet

from questions.admin_views import VIEW, FarmerQuestionViewSet, WaitingSummaryItem
from questions.report import QuestionReportView

register_snippet(FarmerQuestionViewSet)


class MineMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(VIEW) and hasattr(request.user, "officer")


@hooks.register("register_admin_menu_item")
def mine_menu_item():
    return MineMenuItem(_("Câu hỏi giao cho tôi"),
                        reverse("wagtailsnippets_questions_farmerquestion:list") + "?mine=on",
                        icon_name="user", order=251)


@hooks.register("register_admin_urls")
def report_urls():
    return [path("questions-report/", QuestionReportView.as_view(), name="question_report"),
            path("questions-report/results/", QuestionReportView.as_view(results_only=True),
                 name="question_report_results")]


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(VIEW)


@hooks.register("register_reports_menu_item")
def report_menu_item():
    return ReportMenuItem(_("Hỏi cán bộ khuyến nông"), reverse("question_report"), icon_name="help", order=910)


@hooks.register("construct_homepage_summary_items")
def waiting_summary(request, items):
    items.append(WaitingSummaryItem(request))
