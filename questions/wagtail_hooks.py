"""The questions inbox in the admin menu, with a direct "mine" entry for the assigned officer."""
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet

from questions.admin_views import VIEW, FarmerQuestionViewSet

register_snippet(FarmerQuestionViewSet)


class MineMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(VIEW) and hasattr(request.user, "officer")


@hooks.register("register_admin_menu_item")
def mine_menu_item():
    return MineMenuItem(_("Câu hỏi giao cho tôi"),
                        reverse("wagtailsnippets_questions_farmerquestion:list") + "?mine=on",
                        icon_name="user", order=251)
