"""Searching the database when the search engine cannot answer.

Plainer than the engine, but it keeps the page, the API and the chat answering, for every kind of page the
index holds (guides, published questions and alerts in force), and it stays an index look-up at any size: each
deciding part of the query as the search understands it (`search.understanding`: keyboard residue, run-
together words, filler never deciding, other names from `search.synonyms`) is looked up in the database's own
full-text index of each kind (`kb.fulltext`), or matched by commodity name; the database filters, scores (a
part in the title counts three times, elsewhere once, times its weight), counts and pages each kind, and the
kinds are merged, so no page is read but the ones shown. A few keywords must all match; any part of a message
will do, the score saying how much of it a page covers. The same visibility rule (`objects.visible()`; alerts
only in force) and filters (`search.filters`) apply; the sector facet is counted. An answer is cached for
FALLBACK_CACHE_SECONDS, since an engine outage brings the same searches again and again, under the visible
stamp, which changes as soon as a page is published or hidden. It imports nothing that talks to the engine."""
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Case, Count, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils.html import escape

from kb import fulltext
from kb.models import AlertPage, Commodity, GuidePage, QuestionAnswerPage
from kb.text import fold, words
from search import builders
from search.filters import BY_NAME, active, facet
from search.stamp import stamped_key
from search.types import Hit, SearchResult
from search.understanding import read

FALLBACK_CACHE_SECONDS = 30


@dataclass(frozen=True)
class Searched:
    """One kind of page as the database searches it."""

    model: type
    table: str  # its full-text index (kb.fulltext)
    searched: Callable  # the pages a farmer may find, each with its `sector`
    growing: Callable  # commodity ids → a subquery of the pages about one of them
    narrow: str  # the `search.filters.Filter` attribute that narrows it
    loaded: Callable  # the visible pages, loaded for `build`
    build: Callable


def _alerts_in_force():
    """Alerts in force, each in the sector of its first commodity, as its document says (`AlertPage.sector`)."""
    first = Commodity.objects.filter(alerts=OuterRef("pk")).order_by(*Commodity._meta.ordering).values("sector")
    return AlertPage.objects.in_force().annotate(sector=Coalesce(Subquery(first[:1]), Value("")))


KINDS = (
    Searched(GuidePage, fulltext.GUIDES, GuidePage.objects.visible,
             lambda ids: GuidePage.commodities.through.objects.filter(commodity_id__in=ids).values("guidepage_id"),
             "narrow", builders.indexable_guides, builders.build_guide),
    Searched(QuestionAnswerPage, fulltext.ANSWERS, QuestionAnswerPage.objects.visible,
             lambda ids: QuestionAnswerPage.objects.filter(commodity_id__in=ids).values("pk"), "narrow_answers",
             builders.indexable_answers, builders.build_answer),
    Searched(AlertPage, fulltext.ALERTS, _alerts_in_force,
             lambda ids: AlertPage.commodities.through.objects.filter(commodity_id__in=ids).values("alertpage_id"),
             "narrow_alerts", builders.indexable_alerts, builders.build_alert),
)


def _deciding(understood):
    """For each deciding part of the query as understood (a word, a name the synonyms know, a run-together
    word), (the ways it may appear, folded: itself, one of its other names, or its syllables in a row; its
    weight). [] for an empty query; None for a query of filler only (nothing matches)."""
    if understood.empty:
        return []
    if understood.deciding is None:
        return None
    return [([fold(name) for name in (part.text, *part.alternatives)] + ([part.split] if part.split else []),
             part.weight) for part in understood.parts if part.role == understood.deciding]


def _by_commodity(spans):
    """For each span, the ids of the commodities one of whose names it is."""
    names = {}
    for pk, name, english, alternatives in Commodity.objects.values_list("pk", "name", "name_en", "alt_names"):
        for each in (name, english, *alternatives.splitlines()):
            if each.strip():
                names.setdefault(" ".join(fold(w) for w in words(each)), set()).add(pk)
    return [set().union(*(names.get(alternative, set()) for alternative in span)) for span in spans]


def _pages(kind, params):
    """The visible pages of `kind` that pass the active filters (none, when a filter its pages lack is set)."""
    pages = kind.searched()
    if params.locale:
        pages = pages.filter(locale__language_code=params.locale)
    for name, value in active(params).items():
        narrow = getattr(BY_NAME[name], kind.narrow)
        pages = narrow(pages, value) if narrow else pages.none()
    return pages


def _matches(kind, params, understood, deciding, commodities):
    """The pages of `kind` holding every deciding part of the query (any one of a message's), in the text
    or by commodity name, scored."""
    pages = _pages(kind, params)
    score, anywhere = Value(0.0), Q()
    if deciding is None:
        return pages.none().annotate(score=score)
    for (span, weight), commodity_ids in zip(deciding, commodities):
        weight = weight if understood.message else 1.0
        in_text, in_title = (fulltext.matching(span, table=kind.table),
                             fulltext.matching(span, title_only=True, table=kind.table))
        condition = Q(pk__in=in_text if in_text is not None else [])
        if commodity_ids:
            condition |= Q(pk__in=kind.growing(commodity_ids))
        if understood.message:  # any part will do; the score says how much is covered
            anywhere |= condition
            found = Case(When(condition, then=Value(weight)), default=Value(0.0))
        else:
            pages = pages.filter(condition)
            found = Value(weight)
        score = score + (Case(When(pk__in=in_title, then=found * Value(3.0)), default=found) if in_title else found)
    if understood.message:
        pages = pages.filter(anywhere)
    return pages.annotate(score=score)


def _answer(params, understood):
    """(total, sector counts, the page's ids), counted and ordered by the database for each kind and merged."""
    deciding = _deciding(understood)
    spans = [span for span, _weight in deciding or []]
    commodities = _by_commodity(spans)
    newest = params.sort == "newest" or not spans
    start = (params.page - 1) * params.page_size
    total, sectors, rows = 0, Counter(), []
    for kind in KINDS:
        pages = _matches(kind, params, understood, deciding, commodities)
        total += pages.count()
        sectors.update(dict(pages.order_by().values_list("sector").annotate(count=Count("pk"))))
        order = ("-first_published_at", "-score") if newest else ("-score", "-first_published_at")
        rows += pages.order_by(*order, "pk").values_list("score", "first_published_at", "pk")[:start + params.page_size]
    if newest:
        rows.sort(key=lambda row: (-row[1].timestamp(), -row[0], row[2]))
    else:
        rows.sort(key=lambda row: (-row[0], -row[1].timestamp(), row[2]))
    shown = [pk for _score, _published, pk in rows[start:start + params.page_size]]
    return total, sorted((entry for entry in sectors.items() if entry[0]), key=lambda entry: -entry[1]), shown


def database_search(params, understood=None):
    """The SearchResult the engine would give, computed from the database (sector facet only), for `params`
    with its query `understood` once by the caller (else here)."""
    understood = understood or read(params.q, params.locale)
    asked = {"q": params.q, "sort": params.sort, "locale": params.locale, "page": params.page,
             "page_size": params.page_size, **active(params)}
    key = stamped_key("search-fallback", understood.vocabulary.stamp, asked)
    answer = cache.get(key)
    if answer is None:
        answer = _answer(params, understood)
        cache.set(key, answer, FALLBACK_CACHE_SECONDS)
    total, sectors, shown = answer
    urls, sources = builders.url_cache(), {}
    for kind in KINDS:
        sources.update((page.pk, kind.build(page, urls)) for page in kind.loaded().filter(pk__in=shown))
    hits = [_hit(sources[pk]) for pk in shown if pk in sources]
    facets = {"sector": facet(BY_NAME["sector"], sectors)}
    return SearchResult(total=total, page=params.page, page_size=params.page_size, hits=hits, facets=facets)


def _hit(source):
    return Hit.from_source(source, highlight=escape(source["summary"]))
