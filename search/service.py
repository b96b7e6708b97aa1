"""The one entry point the search page, the JSON API and the chat answer ask: the engine when it can
answer, the database when it cannot, a "did you mean" for a query that finds little, the closest guides
and officers for one that finds nothing, type-ahead suggestions with their own fallback, and a
`search_performed` event for every search (recorded by the analytics app through `tasks`, never by
`search` itself).

A request reads the visible stamp, the vocabulary and the names once and understands its query once
(`search.understanding.read`); every step below is handed that reading.
"""
import time
from dataclasses import dataclass
from functools import cached_property

from django.utils import timezone

from search import filters
from search.closest import Closest, closest_guides, officers_to_contact
from search.documents import visible_ids
from search.fallback import database_search
from search.hidden import noticed
from search.queries import search_guides, suggest
from search.signals import SearchEvent, search_performed, stale_hits
from search.spelling import correction_for
from search.types import SearchParams, SearchResult, SearchUnavailable
from search.understanding import read


@dataclass
class Answer:
    params: SearchParams
    understood: object  # search.understanding.Understood
    result: SearchResult
    degraded: bool  # True when the database answered because the engine could not
    elapsed_ms: float  # the whole search, engine or database included

    @property
    def server_timing(self):
        """A `Server-Timing` header value, so a browser's tools and bench/load.py see where the time went: the
        engine's own time (its `took`), its calls' round trips, the whole search."""
        result = self.result
        engine = (f"engine;dur={result.engine_ms:.0f}, engine-calls;dur={result.engine_call_ms:.0f}, "
                  if result.engine_ms is not None else "")
        return f"{engine}search;dur={self.elapsed_ms:.0f}"

    @cached_property
    def did_you_mean(self):
        return correction_for(self.understood, self.result.total)

    @cached_property
    def closest(self):
        """Guides to offer when nothing was found (read from the database, so also while the engine is down)."""
        return closest_guides(self.params) if not self.result.total else Closest()

    @cached_property
    def officers(self):
        return officers_to_contact(self.closest.guides) if not self.result.total else []


def searchable_ids(page_ids):
    """Which of `page_ids` may be searched now, in one query. The index follows the database through the
    worker, which may be slow or stopped: it may delay a new guide, but a hidden one is never shown. A
    hidden page met here (a change no signal reported) is remembered, so the next searches leave it out of
    every count, and reported for repair once (`search.hidden`)."""
    page_ids = set(page_ids)
    if not page_ids:
        return page_ids
    found = visible_ids(page_ids)  # guides and published answers alike
    unseen = noticed(page_ids - found)
    if unseen:
        stale_hits.send(sender=SearchResult, page_ids=unseen)
    return found


def engine_result(params, understood) -> SearchResult:
    """The engine's page for `params`, its hits as the page and the API show them: the one place where
    hits read from the index (which follows the database through the worker) become the page's hits."""
    result = search_guides(params, understood)
    shown = searchable_ids(hit.page_id for hit in result.hits)
    hidden = len(result.hits) - len(shown)
    if hidden:
        result.hits = [hit for hit in result.hits if hit.page_id in shown]
        result.total -= hidden
    return result


def search(params: SearchParams, source: str) -> Answer:
    """Answer one search for the page (`source="page"`), the API (`"api"`) or a chat message (`"chat"`):
    ranked hits, each with the passage that matches best (`Hit.highlight`)."""
    started = time.perf_counter()
    understood = read(params.q, params.locale)
    try:
        result, degraded = engine_result(params, understood), False
    except SearchUnavailable:
        result, degraded = database_search(params, understood), True
    elapsed_ms = (time.perf_counter() - started) * 1000
    if params.page == 1:  # paging through one search is still one search
        search_performed.send(sender=SearchEvent, event=SearchEvent(
            at=timezone.now(), query=params.q, filters=filters.active(params),
            sector=params.sector or (result.hits[0].sector if result.hits else ""), total=result.total,
            duration_ms=int(elapsed_ms), degraded=degraded, source=source, language=params.locale or ""))
    return Answer(params=params, understood=understood, result=result, degraded=degraded, elapsed_ms=elapsed_ms)


@dataclass
class Suggestions:
    suggestions: list  # of {"title", "url", "slug"} (and "page_id" from the engine)
    degraded: bool


def suggestions(q: str, limit: int, locale: str | None) -> Suggestions:
    """Type-ahead: titles starting with what was typed; the database's best matches while the engine is down."""
    understood = read(q, locale)
    try:
        found = suggest(q, limit=limit, locale=locale, understood=understood)
        shown = searchable_ids(item["page_id"] for item in found)
        return Suggestions([item for item in found if item["page_id"] in shown], degraded=False)
    except SearchUnavailable:
        hits = database_search(SearchParams(q=q, locale=locale, page_size=limit), understood).hits if q else []
        return Suggestions([{"title": h.title, "url": h.url, "slug": h.slug} for h in hits], degraded=True)
