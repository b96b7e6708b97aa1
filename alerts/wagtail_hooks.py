"""The alerts in the admin: the dashboard panel, and on each alert "Kết quả gửi", "Kết thúc sớm", "Cập nhật"."""
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

from alerts import admin_views
from kb.models import AlertPage


@hooks.register("register_admin_urls")
def alert_urls():
    return [
        path("alerts/new/", admin_views.new_view, name="alerts_new"),
        path("alerts/<int:page_id>/delivery/", admin_views.report_view, name="alerts_report"),
        path("alerts/<int:page_id>/end/", admin_views.end_view, name="alerts_end"),
        path("alerts/<int:page_id>/update/", admin_views.update_view, name="alerts_update"),
    ]


@hooks.register("construct_homepage_panels")
def alerts_panel(request, panels):
    panels.append(admin_views.AlertsPanel())


@hooks.register("register_admin_menu_item")
def alerts_menu_item():
    return MenuItem(_("Viết cảnh báo"), reverse("alerts_new"), icon_name="warning", order=250)


@hooks.register("register_page_header_buttons")
def alert_buttons(page, user, view_name=None, next_url=None):
    if not isinstance(page.specific_deferred, AlertPage) or not page.live:
        return
    yield Button(_("Kết quả gửi"), reverse("alerts_report", args=[page.pk]), icon_name="list-ul", priority=10)
