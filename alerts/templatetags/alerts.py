"""`{% alert_banners %}`: the alerts in force a page shows (see alerts.banners), at the top of its content.

    {% alert_banners %}                          home page: every alert in force
    {% alert_banners guide=page %}               a guide: about its commodities and places
    {% alert_banners hits=hits params=params %}  search results: about what was found
"""
from django import template

from alerts import banners
from kb.tree import alert_index_or_none

register = template.Library()


@register.inclusion_tag("alerts/banners.html")
def alert_banners(guide=None, hits=None, params=None):
    if guide is not None:
        alerts = banners.for_guide(guide)
    elif hits is not None or params is not None:
        alerts = banners.for_search(hits or [], params)
    else:
        alerts = banners.all_in_force()
    return {"alerts": alerts, "index": alert_index_or_none() if alerts else None}
