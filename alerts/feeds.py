"""The Atom feed of alerts (RFC 4287) for other services: the province's portal, radio stations.

It lists the alerts in force, then those that ended in the last `PAST_DAYS` days, newest first, so a reader
polling it also learns when an alert ended (its `updated` changes and its summary says so). Each entry's
id is a tag URI that stays the same when the page moves.
"""
from datetime import timedelta

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from alerts.formats import until
from kb.models import AlertPage
from kb.share import absolute, page_address
from kb.tree import alert_index_or_none

PAST_DAYS = 30
MOST = 50
ID_DATE = "2026-01-01"  # tag URIs (RFC 4151) take a date the authority held its name; never change it


class AlertFeed(Feed):
    feed_type = Atom1Feed
    title_template = None

    def title(self):
        return _("Cảnh báo sâu bệnh, dịch bệnh, thời tiết — Khuyến nông Thừa Thiên Huế")

    def subtitle(self):
        return _("Cảnh báo đang có hiệu lực và vừa kết thúc, theo xã, phường và nông sản.")

    def link(self):
        index = alert_index_or_none()
        return page_address(index) if index else absolute("/")

    def feed_guid(self):
        return f"tag:{_host()},{ID_DATE}:alerts"

    def author_name(self):
        return _("Trung tâm Khuyến nông Thừa Thiên Huế")

    def feed_url(self):
        return absolute("/canh-bao.atom")

    def items(self):
        recent = timezone.now() - timedelta(days=PAST_DAYS)
        in_force = list(AlertPage.objects.in_force().prefetch_related("communes", "commodities"))
        past = AlertPage.objects.past().filter(valid_until__gte=recent).prefetch_related("communes", "commodities")
        return sorted(in_force, key=AlertPage.rank) + list(past.order_by("-valid_from")[:MOST])

    def item_title(self, alert):
        return f"{alert.get_severity_display()}: {alert.title}"

    def item_description(self, alert):
        state = (_("Còn hiệu lực đến %(until)s.") % {"until": until(alert)} if alert.in_force
                 else _("Đã hết hiệu lực."))
        places = ", ".join(alert.place_names)
        return f"{state} {places}. {alert.situation} {_('Việc cần làm ngay')}: {alert.action}"

    def item_link(self, alert):
        return page_address(alert)

    def item_guid(self, alert):
        return f"tag:{_host()},{ID_DATE}:alert-{alert.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, alert):
        return alert.first_published_at

    def item_updateddate(self, alert):
        return max(filter(None, [alert.last_published_at, alert.ended_at,
                                 alert.valid_until if alert.valid_until <= timezone.now() else None]))

    def item_categories(self, alert):
        return [alert.get_hazard_display(), *(c.name for c in alert.commodities.all())]


def _host():
    return settings.SITE_URL.split("://", 1)[-1].split("/")[0].split(":")[0]
