"""The types a search is asked and answered in, shared by the engine query, the database fallback, the
service, the page and the API. They live apart from the engine code so that the fallback, which must work
when the engine does not, imports none of it."""
from dataclasses import dataclass, field

# The kinds of document the index holds (`search.documents.KINDS`): technique guides and farmers'
# questions answered by an officer and published ("Hỏi đáp").
KIND_GUIDE, KIND_ANSWER = "guide", "qa"


class SearchUnavailable(Exception):
    """The search engine cannot answer (down, unreachable, or without an index): fall back to the database."""


@dataclass
class SearchParams:
    q: str = ""
    sector: str | None = None
    commodity: str | None = None  # commodity slug
    topic: str | None = None  # tag slug
    region: str | None = None  # region slug
    month: int | None = None
    sort: str = "relevance"  # or "newest"
    page: int = 1
    page_size: int = 10
    locale: str | None = None


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
    kind: str = KIND_GUIDE  # or KIND_ANSWER: a published farmer's question ("Hỏi đáp")

    @classmethod
    def from_source(cls, source, highlight, score=None):
        """A hit from a guide document's source (`search.documents.prepare`), wherever it was read."""
        return cls(page_id=source["page_id"], slug=source["slug"], title=source["title"], url=source["url"],
                   summary=source["summary"], highlight=highlight, sector=source["sector"],
                   commodities=source.get("commodity_names", []), months=source.get("months", []),
                   officers=source.get("officers", []), score=score, kind=source.get("kind", KIND_GUIDE))


@dataclass
class SearchResult:
    total: int
    page: int
    page_size: int
    hits: list  # of Hit
    facets: dict = field(default_factory=dict)  # filter name → [{"value", "label", "count"}]
    engine_ms: float | None = None  # the engine's own time ("took"); None when the database answered
