"""Which alerts in force a page shows: all of them on the home page; on a guide or a search, those about its
commodities (or about every commodity, like a storm) and, where the page is placed, its place.

A guide is placed by former districts (`Region`), an alert by communes, each of which names its former
district: an alert in Phong Điền concerns a guide for the former Phong Điền district, and a guide with no
region (province-wide) concerns every alert of its commodity. A rice alert never shows on a pig guide.
"""
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from kb.models import AlertPage, Commodity, Region
from search.stamp import cache, stamped_key, visible_stamp


def in_force():
    """Unordered: `ranked` orders them, and Wagtail's order by tree path made SQLite walk every page's path
    index to find the few alerts (6 ms a search page at 10,000 guides, with no alert at all)."""
    return AlertPage.objects.in_force().order_by().prefetch_related("communes")


def ranked(alerts):
    return sorted(alerts, key=AlertPage.rank)


def all_in_force():
    return ranked(in_force())


@dataclass(frozen=True)
class Concerns:
    """What the alerts that may be in force are about: only a first sieve, so that a page about what no alert
    concerns (most guides and searches) asks no query; what it lets through is asked exactly (`concerning`).
    The alerts' query cost a search page 2.5 ms at 10,000 guides even when it found none."""

    every: bool  # one of them is about every commodity (a storm)
    commodity_ids: frozenset
    names: frozenset  # their commodities' names in both languages, as search hits carry them

    def may_concern(self, commodity_ids=(), names=()):
        return self.every or bool(self.commodity_ids.intersection(commodity_ids) or self.names.intersection(names))


def concerns():
    """Read once per visible stamp (which every publication, end or move of an alert and every change of a
    commodity's names renews): the alerts live, not ended and not yet past their period. An alert whose
    period passes stays in the sieve and is left out by the exact query; one becomes in force only by
    being published, or when its period begins, so those whose period is still to come are in it too."""
    key = stamped_key("alert-concerns", visible_stamp(), [])
    found = cache.get(key)
    if found is None:
        alerts = AlertPage.objects.live().filter(ended_at__isnull=True, valid_until__gt=timezone.now())
        commodities = Commodity.objects.filter(alerts__in=alerts).distinct()
        found = Concerns(every=alerts.filter(commodities=None).exists(),
                         commodity_ids=frozenset(commodities.values_list("pk", flat=True)),
                         names=frozenset(name for pair in commodities.values_list("name", "name_en")
                                         for name in pair if name))
        cache.set(key, found)
    return found


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
    if not commodity_ids or not concerns().may_concern(commodity_ids=commodity_ids):
        return []
    return concerning(commodity_ids, [r.pk for r in guide.regions.all()] or None)


def for_search(hits, params):
    """About what the results are about: the commodity filter, else the commodities of the results shown;
    in the region filtered on, if any. Read in one query with the alerts (a search page's own time counts)."""
    if params is None:
        return []
    if params.commodity:
        commodities = Commodity.objects.filter(slug=params.commodity)
    else:
        names = {name for hit in hits for name in hit.commodities}
        if not names or not concerns().may_concern(names=names):
            return []
        commodities = Commodity.objects.filter(Q(name__in=names) | Q(name_en__in=names))
    regions = Region.objects.filter(slug=params.region).values("pk") if params.region else None
    return concerning(commodities.values("pk"), regions)
