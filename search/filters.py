"""The search filters, each declared once, here. A declaration says everything every part needs: the query
parameter (its name, type and constraints: the page's and the API's schema in `search.params` and the
`SearchParams` attributes in `search.types` are generated from it), the guide document field the engine
filters and counts on, how the database fallback narrows guides, answers and alerts by it, the heading of its
facet group on the page and how its values are labelled. Adding a filter is adding one `Filter` to FILTERS
(and, when it filters on a new document field, that field in `search.mapping` and its value in
`search.builders`)."""
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from django.db import connection
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from kb.models import MONTH_CHOICES, Commodity, GuidePage, Region, Sector

SLUG = r"^[-\w]{1,100}$"


def _choices(choices):
    return lambda values: {value: str(label) for value, label in choices}


def _names(model):
    """Labels of the rows with these slugs, as the rows name themselves on the page (a commodity in English on
    English pages)."""
    return lambda values: {row.slug: str(row) for row in model.objects.filter(slug__in=values)}


def _lookup(path):
    """Narrow a queryset of pages by one database lookup."""
    return lambda guides, value: guides.filter(**{path: value})


def _in_month(guides, month):
    """Guides that apply in `month` (a JSON list of months: each database reads it its own way)."""
    if connection.vendor == "postgresql":
        return guides.filter(months__contains=[month])
    return guides.filter(pk__in=RawSQL(f"SELECT page_ptr_id FROM {GuidePage._meta.db_table}, json_each(months) "
                                       "WHERE json_each.value = %s", [month]))


@dataclass(frozen=True)
class Filter:
    name: str  # the query parameter, the SearchParams attribute and the facet's key
    field: str  # keyword field of the search document
    narrow: Callable  # (guides, value) → the guides the database fallback keeps
    narrow_answers: Callable | None  # (published questions, value) → those kept; None: they have no such value
    title: str | None  # facet group heading; None: the page shows it its own way (the in-season chip)
    labels: Callable  # values → {value: label}
    type: Any = str  # the parameter's type
    constraints: dict = field(default_factory=dict)  # pydantic Field arguments: pattern, ge, le, description
    size: int = 100  # facet values the engine counts
    narrow_alerts: Callable | None = None  # (alerts in force, value) → those kept; None: they have no such value


FILTERS = (
    Filter("sector", "sector", _lookup("sector"), _lookup("sector"), _("Lĩnh vực"), _choices(Sector.choices),
           type=Literal[tuple(Sector.values)], narrow_alerts=_lookup("sector")),
    Filter("commodity", "commodity_slugs", _lookup("commodities__slug"), _lookup("commodity__slug"), _("Nông sản"),
           _names(Commodity), constraints={"pattern": SLUG, "description": "Commodity slug (see facets)."},
           narrow_alerts=_lookup("commodities__slug")),
    Filter("topic", "topic_slugs", _lookup("tagged_items__tag__slug"), None, _("Chủ đề"), _names(Tag),
           constraints={"pattern": SLUG, "description": "Topic slug (see facets)."}),
    Filter("region", "region_slugs", _lookup("regions__slug"), _lookup("region__slug"), _("Địa bàn"),
           _names(Region), constraints={"pattern": SLUG, "description": "Region slug (see facets)."}),
    Filter("month", "months", _in_month, None, None, _choices(MONTH_CHOICES), type=int, size=12,
           constraints={"ge": 1, "le": 12, "description": "Guides that apply in this month."}),
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
    return sorted(entries, key=lambda e: e["value"]) if filter_.type is int else entries
