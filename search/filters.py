"""The search filters, declared once: for each, the query parameter (also the SearchParams attribute and
the facet's key), the guide document field the engine filters and counts on, the lookup the database
fallback filters with, the heading of its facet group on the page and how its values are labelled."""
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from kb.models import MONTH_CHOICES, Commodity, Region, Sector


def _choices(choices):
    return lambda values: {value: str(label) for value, label in choices}


def _names(model):
    return lambda values: dict(model.objects.filter(slug__in=values).values_list("slug", "name"))


@dataclass(frozen=True)
class Filter:
    name: str
    field: str  # keyword field of search.documents.GuideDocument
    lookup: str | None  # GuidePage lookup; None: the fallback filters the value in Python (a JSON list)
    title: str | None  # facet group heading; None: the page shows it its own way (the in-season chip)
    labels: Callable  # values → {value: label}
    size: int = 100  # facet values the engine counts


FILTERS = (
    Filter("sector", "sector", "sector", _("Lĩnh vực"), _choices(Sector.choices)),
    Filter("commodity", "commodity_slugs", "commodities__slug", _("Nông sản"), _names(Commodity)),
    Filter("topic", "topic_slugs", "tagged_items__tag__slug", _("Chủ đề"), _names(Tag)),
    Filter("region", "region_slugs", "regions__slug", _("Địa bàn"), _names(Region)),
    Filter("month", "months", None, None, _choices(MONTH_CHOICES), size=12),
)
NAMES = tuple(f.name for f in FILTERS)
BY_NAME = {f.name: f for f in FILTERS}


def active(params):
    """{filter name: value} of the filters `params` sets."""
    return {f.name: getattr(params, f.name) for f in FILTERS if getattr(params, f.name) not in (None, "")}


def facet(filter_, counts):
    """A facet's entries from (value, count) pairs, labelled; months in calendar order."""
    labels = filter_.labels([value for value, _count in counts])
    entries = [{"value": value, "label": str(labels.get(value, value)), "count": count} for value, count in counts]
    return sorted(entries, key=lambda e: e["value"]) if filter_.name == "month" else entries
