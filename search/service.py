"""One search as the page and the API answer it: the engine when it can, the database when it cannot,
and a `search_performed` signal either way so that the search is recorded (by `tasks`, asynchronously)."""
import logging
import time
from dataclasses import dataclass

from search.analysis import words
from search.fallback import database_search
from search.queries import SearchResult, SearchUnavailable, search_guides
from search.signals import search_performed

logger = logging.getLogger(__name__)
FILTERS = ("sector", "commodity", "topic", "region", "month")


@dataclass
class Answer:
    result: SearchResult
    degraded: bool  # True when the database answered because the engine could not


def run_search(params, source):
    started = time.monotonic()
    try:
        result, degraded = search_guides(params), False
    except SearchUnavailable:
        result, degraded = database_search(params), True
    duration_ms = int((time.monotonic() - started) * 1000)
    filters = {name: getattr(params, name) for name in FILTERS if getattr(params, name) not in (None, "")}
    if params.page == 1:  # paging through one search is still one search
        # The report filters by sector: the one chosen, else the best result's, so unfiltered searches count too.
        sector = params.sector or (result.hits[0].sector if result.hits else "")
        search_performed.send(sender=Answer, query=" ".join(words(params.q))[:200], filters=filters, sector=sector,
                              total=result.total, duration_ms=duration_ms, degraded=degraded, source=source)
    return Answer(result=result, degraded=degraded)
