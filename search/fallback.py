"""Searching the database when the search engine cannot answer.

Plainer than the engine, but it keeps the page and the API answering, and it stays an index look-up at any
size: each important word or name of the query (with its other names from `search.synonyms`; question
filler never decides) is looked up in the database's own full-text index of guides (`kb.fulltext`), or
matched by commodity name; the database filters, scores (a word in the title above one elsewhere), counts
and pages them, so no guide is read but the page shown. The same visibility rule (`GuidePage.objects.visible()`) and
filters (`search.filters`) apply; the sector facet is counted. An answer is cached for
FALLBACK_CACHE_SECONDS, since an engine outage brings the same searches again and again, under a key that
changes as soon as a guide is published or hidden. It imports nothing that talks to the engine.
"""
import hashlib
import json

from django.core.cache import cache
from django.db import connection
from django.db.models import Case, Count, Q, Value, When
from django.db.models.expressions import RawSQL
from django.utils.html import escape

from kb import fulltext
from kb.models import Commodity, GuidePage
from kb.text import fold, words
from search.documents import indexable_guides, prepare, url_cache, visible_stamp
from search.filler import FILLER
from search.filters import BY_NAME, active, facet
from search.synonyms import expand
from search.types import Hit, SearchResult

FALLBACK_CACHE_SECONDS = 30


def _spans(query):
    """For each important span of the query (a word, or a name the synonyms know), the folded names that
    may match it: itself and its other names."""
    spans = expand(words(query))
    names = [(span, [fold(name) for name in (span.text, *span.alternatives)]) for span in spans]
    important = [n for span, n in names if not all(fold(w) in FILLER for w in span.text.split())]
    return important or [n for _span, n in names]


def _by_commodity(spans):
    """For each span, the ids of the commodities one of whose names it is."""
    names = {}
    for pk, name, alternatives in Commodity.objects.values_list("pk", "name", "alt_names"):
        for each in (name, *alternatives.splitlines()):
            if each.strip():
                names.setdefault(" ".join(fold(w) for w in words(each)), set()).add(pk)
    return [set().union(*(names.get(alternative, set()) for alternative in span)) for span in spans]


def _guides(params):
    guides = GuidePage.objects.visible()
    if params.locale:
        guides = guides.filter(locale__language_code=params.locale)
    for name, value in active(params).items():
        if BY_NAME[name].lookup:
            guides = guides.filter(**{BY_NAME[name].lookup: value})
    return guides


def _in_month(guides, month):
    """Guides that apply in `month` (a JSON list of months: each database reads it its own way)."""
    if connection.vendor == "postgresql":
        return guides.filter(months__contains=[month])
    return guides.filter(pk__in=RawSQL(f"SELECT page_ptr_id FROM {GuidePage._meta.db_table}, json_each(months) "
                                       "WHERE json_each.value = %s", [month]))


def _matches(params):
    """The visible guides holding every important span of the query, in the text or by commodity name,
    each scored: a span found in the title counts three, elsewhere one."""
    guides = _guides(params)
    if params.month:
        guides = _in_month(guides, params.month)
    spans = _spans(params.q)
    score = Value(0)
    for span, commodity_ids in zip(spans, _by_commodity(spans)):
        in_text, in_title = fulltext.matching(span), fulltext.matching(span, title_only=True)
        condition = Q(pk__in=in_text if in_text is not None else [])
        if commodity_ids:
            growing = GuidePage.commodities.through.objects.filter(commodity_id__in=commodity_ids)
            condition |= Q(pk__in=growing.values("guidepage_id"))
        guides = guides.filter(condition)
        score = score + (Case(When(pk__in=in_title, then=Value(3)), default=Value(1)) if in_title else Value(1))
    newest = params.sort == "newest" or not spans
    order = ("-first_published_at", "-score") if newest else ("-score", "-first_published_at")
    return guides.annotate(score=score).order_by(*order, "pk")


def _answer(params):
    """(total, sector counts, the page's ids), all counted and ordered by the database."""
    guides = _matches(params)
    start = (params.page - 1) * params.page_size
    shown = list(guides.values_list("pk", flat=True)[start:start + params.page_size])
    sectors = guides.order_by().values_list("sector").annotate(count=Count("pk"))
    return guides.count(), sorted(sectors, key=lambda entry: -entry[1]), shown


def _cache_key(params):
    asked = {"q": params.q, "sort": params.sort, "locale": params.locale, "page": params.page,
             "page_size": params.page_size, **active(params)}
    digest = hashlib.sha1(json.dumps(asked, sort_keys=True, default=str).encode()).hexdigest()
    return f"search-fallback:{visible_stamp()}:{digest}"


def database_search(params):
    """The SearchResult the engine would give, computed from the database (sector facet only)."""
    key = _cache_key(params)
    answer = cache.get(key)
    if answer is None:
        answer = _answer(params)
        cache.set(key, answer, FALLBACK_CACHE_SECONDS)
    total, sectors, shown = answer
    pages = {page.pk: page for page in indexable_guides().filter(pk__in=shown)}
    urls = url_cache()
    hits = [_hit(prepare(pages[pk], urls)) for pk in shown if pk in pages]
    facets = {"sector": facet(BY_NAME["sector"], sectors)}
    return SearchResult(total=total, page=params.page, page_size=params.page_size, hits=hits, facets=facets)


def _hit(source):
    return Hit.from_source(source, highlight=escape(source["summary"]))
