"""Admin menus for the knowledge base's snippets, filterable the way officers look for them."""
from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from kb.models import Commodity, Officer, Region, Technology


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


class OfficerViewSet(SnippetViewSet):
    model = Officer
    icon = "user"
    list_display = ["name", "role", "district", "phone"]
    list_filter = ["district"]
    search_fields = ["name", "role"]


class TechnologyViewSet(SnippetViewSet):
    model = Technology
    icon = "cogs"
    list_display = ["name", "provider", "ip_status", "recognition_year"]
    list_filter = ["ip_status"]
    search_fields = ["name", "provider"]


class KnowledgeBaseGroup(SnippetViewSetGroup):
    items = (CommodityViewSet, RegionViewSet, OfficerViewSet, TechnologyViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = _("Danh mục")
    menu_name = "kb-catalogues"


register_snippet(KnowledgeBaseGroup)
