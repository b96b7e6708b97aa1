"""Which alerts in force a page shows: all of them on the home page; on a guide or a search, those about its
commodities (or about every commodity, like a storm) and, where the page is placed, its place.

A guide is placed by former districts (`Region`), an alert by communes, each of which names its former
district: an alert in Phong Điền concerns a guide for the former Phong Điền district, and a guide with no
region (province-wide) concerns every alert of its commodity. A rice alert never shows on a pig guide.
"""
from django.db.models import Q

from kb.models import AlertPage, Commodity, Region


def in_force():
    """Unordered: `ranked` orders them, and Wagtail's order by tree path made SQLite walk every page's path
    index to find the few alerts (6 ms a search page at 10,000 guides, with no alert at all)."""
    return AlertPage.objects.in_force().order_by().prefetch_related("communes")


def ranked(alerts):
    return sorted(alerts, key=AlertPage.rank)


def all_in_force():
    return ranked(in_force())


def concerning(commodities, regions=None):
    """The alerts in force about any of `commodities` (or about every commodity) and, when `regions` is
    given, in one of those former districts (or all of Huế). Each is a list of ids or a queryset of them,
    asked inside the alerts' one query."""
    alerts = in_force().filter(Q(commodities__in=commodities) | Q(commodities=None))
    if regions is not None:
        alerts = alerts.filter(Q(all_hue=True) | Q(communes__region__in=regions))
    return ranked(alerts.distinct())


def for_guide(guide):
    """Read through `.all()`: a preview's guide holds its commodities and regions in memory (modelcluster),
    where `values_list("pk")` fails."""
    commodity_ids = [c.pk for c in guide.commodities.all()]
    return concerning(commodity_ids, [r.pk for r in guide.regions.all()] or None) if commodity_ids else []


def for_search(hits, params):
    """About what the results are about: the commodity filter, else the commodities of the results shown;
    in the region filtered on, if any. Read in one query with the alerts (a search page's own time counts)."""
    if params is None:
        return []
    if params.commodity:
        commodities = Commodity.objects.filter(slug=params.commodity)
    else:
        names = {name for hit in hits for name in hit.commodities}
        if not names:
            return []
        commodities = Commodity.objects.filter(name__in=names)
    regions = Region.objects.filter(slug=params.region).values("pk") if params.region else None
    return concerning(commodities.values("pk"), regions)
