"""Field sheets in the Wagtail admin: preview a guide's sheet (drafts too), and the print packs."""
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.menus.pages import PageMenuItem

from fieldsheets import admin_views, views
from kb.models import GuidePage


@hooks.register("register_admin_urls")
def fieldsheet_admin_urls():
    return [
        path("fieldsheets/preview/<int:page_id>/", views.preview_sheet, name="fieldsheets_preview"),
        path("fieldsheets/packs/<int:pack_id>/download/", admin_views.pack_download,
             name="fieldsheets_pack_download"),
    ]


class PreviewSheetItem(PageMenuItem):
    """"In phiếu kỹ thuật" on a guide: the sheet of its latest revision, draft included."""

    label = _("In phiếu kỹ thuật")
    icon_name = "doc-full"
    url_name = "fieldsheets_preview"

    def is_shown(self, user):
        return isinstance(self.page.specific_deferred, GuidePage) and self.page.permissions_for_user(user).can_edit()


@hooks.register("register_page_header_buttons")
def sheet_header_button(page, user, view_name, next_url=None):
    yield PreviewSheetItem(page=page, priority=40)


@hooks.register("register_page_listing_more_buttons")
def sheet_listing_button(page, user, next_url=None):
    yield PreviewSheetItem(page=page, priority=45)


@hooks.register("register_admin_viewset")
def print_pack_viewset():
    return admin_views.PrintPackViewSet("print_packs")


hooks.register("register_bulk_action", admin_views.PrintPackBulkAction)
