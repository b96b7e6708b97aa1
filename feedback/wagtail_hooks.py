"""Votes in the admin: on a guide's, answer's or alert's header, "Có giúp được: 12 có · 3 chưa", leading to
its counts and the farmers' lines."""
from django.urls import path, reverse
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin.widgets import Button

from feedback import admin_views
from feedback.summary import kind_of, totals


@hooks.register("register_admin_urls")
def feedback_urls():
    return [path("feedback/<int:page_id>/", admin_views.page_votes_view, name="feedback_page")]


@hooks.register("register_page_header_buttons")
def votes_button(page, user, view_name=None, next_url=None):
    kind = kind_of(page)
    if kind is None or page.pk is None:
        return
    counted = totals(kind, page.pk)
    label = _("Có giúp được: %(yes)d có · %(no)d chưa") % counted
    yield Button(label, reverse("feedback_page", args=[page.pk]), icon_name="comment", priority=20)
