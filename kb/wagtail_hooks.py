"""Admin menus for the knowledge base's snippets, filterable the way officers look for them."""
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from kb import admin_views
from kb.models import Commodity, Commune, Officer, Problem, Region, Substance, Technology


class CommodityViewSet(SnippetViewSet):
    model = Commodity
    icon = "pick"
    list_display = ["name", "alt_names", "sector"]
    list_filter = ["sector"]
    search_fields = ["name", "alt_names"]


class RegionViewSet(SnippetViewSet):
    model = Region
    icon = "site"
    list_display = ["name", "kind"]


class CommuneViewSet(SnippetViewSet):
    model = Commune
    icon = "site"
    list_display = ["name", "code", "kind", "region"]
    list_filter = ["kind", "region"]
    search_fields = ["name", "former_names"]


class OfficerViewSet(SnippetViewSet):
    model = Officer
    icon = "user"
    list_display = ["name", "role", "district", "phone"]
    list_filter = ["district", "communes"]
    search_fields = ["name", "role"]


class TechnologyViewSet(SnippetViewSet):
    model = Technology
    icon = "cogs"
    list_display = ["name", "provider", "ip_status", "recognition_year"]
    list_filter = ["ip_status"]
    search_fields = ["name", "provider"]


class SubstanceViewSet(SnippetViewSet):
    model = Substance
    icon = "warning"
    list_display = ["name", "name_en", "rulings", "checked_note"]
    list_filter = ["listings__scope", "listings__status"]
    search_fields = ["name", "name_en", "other_names"]


class ProblemViewSet(SnippetViewSet):
    model = Problem
    icon = "warning"
    list_display = ["name", "alt_names", "kind", "sector"]
    list_filter = ["kind", "sector"]
    search_fields = ["name", "alt_names", "signs"]


class KnowledgeBaseGroup(SnippetViewSetGroup):
    items = (CommodityViewSet, CommuneViewSet, ProblemViewSet, RegionViewSet, OfficerViewSet, TechnologyViewSet,
             SubstanceViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = _("Danh mục")
    menu_name = "kb-catalogues"


register_snippet(KnowledgeBaseGroup)


@hooks.register("register_admin_urls")
def banned_report_urls():
    return [path("banned-substances/", admin_views.report_view, name="kb_banned_report")]


class BannedReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(admin_views.PERMISSION)


@hooks.register("register_reports_menu_item")
def banned_report_menu_item():
    return BannedReportMenuItem(admin_views.REPORT_TITLE, reverse("kb_banned_report"), icon_name="warning",
                                order=800)


@hooks.register("construct_homepage_summary_items")
def banned_summary(request, items):
    items.append(admin_views.BannedSummaryItem(request))


@hooks.register("register_admin_viewset")
def guide_page_viewset():
    """Guides' admin views: Wagtail's, with the workflow modal's approval checked like the edit form."""
    return admin_views.GuidePageViewSet("guides")


@hooks.register("register_admin_viewset")
def alert_page_viewset():
    return admin_views.AlertPageViewSet("alert_pages")


hooks.register("before_bulk_action", admin_views.refuse_bulk_publish)
