"""What a search that found nothing offers instead: the closest guides and the officers to ask.

Closest means, in order: guides of a commodity the query names (diacritics and alternative names
ignored), guides of the chosen commodity or sector, the newest guides. Read from the database, so it
works when the engine is down too.
"""
from kb.models import Commodity, GuidePage, Officer
from kb.text import fold, words

LIMIT = 5


def _named_commodities(query):
    folded = f" {' '.join(fold(w) for w in words(query))} "
    found = []
    for commodity in Commodity.objects.all():
        names = [commodity.name, *commodity.alternative_names]
        if any(f" {fold(name)} " in folded for name in names if name.strip()):
            found.append(commodity.pk)
    return found


def closest_guides(params):
    guides = GuidePage.objects.visible().order_by("-first_published_at")
    if params.locale:
        guides = guides.filter(locale__language_code=params.locale)
    choices = [
        {"commodities__in": _named_commodities(params.q)} if params.q else None,
        {"commodities__slug": params.commodity} if params.commodity else None,
        {"sector": params.sector} if params.sector else None,
        {},
    ]
    for lookup in choices:
        if lookup is None or any(v == [] for v in lookup.values()):
            continue
        found = list(guides.filter(**lookup).distinct()[:LIMIT])
        if found:
            return found
    return []


def officers_to_contact(guides):
    """The officers of the closest guides, or every officer with a phone when they name none."""
    officers = Officer.objects.filter(guides__in=[g.pk for g in guides]).distinct()
    if not officers.exists():
        officers = Officer.objects.exclude(phone="")
    return list(officers.select_related("district").order_by("name")[:LIMIT])
