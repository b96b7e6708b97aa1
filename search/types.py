"""The types a search is asked and answered in, shared by the engine query, the database fallback, the
service, the page and the API. They live apart from the engine code so that the fallback, which must work
when the engine does not, imports none of it."""
from dataclasses import dataclass, field, make_dataclass

from search.filters import FILTERS

# The kinds of document the index holds (`search.documents.KINDS`): technique guides, farmers' questions
# answered by an officer and published ("Hỏi đáp"), and alerts while in force ("Cảnh báo").
KIND_GUIDE, KIND_ANSWER, KIND_ALERT = "guide", "qa", "alert"


class SearchUnavailable(Exception):
    """The search engine cannot answer (down, unreachable, or without an index): fall back to the database."""


# What a search is asked: the words, one attribute per filter of `search.filters.FILTERS` (None: not
# filtered), the order ("relevance" or "newest"), the page and the language.
SearchParams = make_dataclass("SearchParams", [
    ("q", str, field(default="")),
    *((f.name, f.type | None, field(default=None)) for f in FILTERS),
    ("sort", str, field(default="relevance")),
    ("page", int, field(default=1)),
    ("page_size", int, field(default=10)),
    ("locale", str | None, field(default=None)),
    ("facets", bool, field(default=True)),  # count the facets (the page counts them only when asked)
])
SearchParams.__module__ = __name__


@dataclass
class Hit:
    page_id: int
    slug: str
    title: str
    url: str
    summary: str
    highlight: str  # HTML-escaped text with <mark>…</mark>
    sector: str
    commodities: list
    months: list
    officers: list
    score: float | None
    kind: str = KIND_GUIDE  # or KIND_ANSWER: a published farmer's question ("Hỏi đáp"), or KIND_ALERT

    @classmethod
    def from_source(cls, source, highlight, score=None):
        """A hit from a guide document's source (`search.builders`), wherever it was read."""
        return cls(page_id=source["page_id"], slug=source["slug"], title=source["title"], url=source["url"],
                   summary=source["summary"], highlight=highlight, sector=source["sector"],
                   commodities=source.get("commodity_names", []), months=source.get("months", []),
                   officers=source.get("officers", []), score=score, kind=source.get("kind", KIND_GUIDE))

    # The kind as a template asks it ("{% if hit.is_answer %}"), so the kinds' names are spelled only here.
    @property
    def is_answer(self):
        return self.kind == KIND_ANSWER

    @property
    def is_alert(self):
        return self.kind == KIND_ALERT


@dataclass
class SearchResult:
    total: int
    page: int
    page_size: int
    hits: list  # of Hit
    facets: dict = field(default_factory=dict)  # filter name → [{"value", "label", "count"}]
    engine_ms: float | None = None  # the engine's own time ("took"); None when the database answered
    # The engine calls as our client timed them: their took, what the engine does outside it (the in-memory
    # engine reads the query and highlights outside it; Elasticsearch counts both) and the HTTP.
    engine_call_ms: float | None = None
