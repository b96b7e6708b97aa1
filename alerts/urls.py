"""The alerts' addresses beside the pages: the Atom feed, and a phone's subscription (localised)."""
from django.urls import path
from django.utils.translation import gettext_lazy as _

from alerts import views
from alerts.feeds import AlertFeed

feed_patterns = [path("canh-bao.atom", AlertFeed(), name="alerts-feed")]

urlpatterns = [
    path(_("nhan-canh-bao/"), views.subscribe_page, name="alerts-subscribe"),
    path(_("nhan-canh-bao/push/"), views.push_subscribe, name="alerts-push-subscribe"),
    path(_("nhan-canh-bao/huy/"), views.push_unsubscribe, name="alerts-push-unsubscribe"),
]
