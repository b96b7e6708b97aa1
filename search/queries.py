"""Searching guides: the query the search page, the JSON API and suggestions use.

Ranking, strongest first: the query's words adjacent as typed (phrase, then adjacent pairs), words with
their diacritics as typed, then the same words folded (no diacritics, one typo allowed in words of four
letters or more). Each word or known name may also match its regional / alternative names
(`search.synonyms`). Filler words of a question ("cách", "thế nào"…) never decide whether a guide matches.
Facet counts are computed with every other active filter applied, so facets combine.
"""
import logging

from django.utils.html import escape
from elastic_transport import TransportError
from elasticsearch import ApiError

from kb.text import fold, normalize, words
from search.client import read
from search.filler import FILLER
from search.filters import FILTERS, active, facet
from search.indexes import live_alias
from search.synonyms import expand
from search.types import Hit, SearchParams, SearchResult, SearchUnavailable

logger = logging.getLogger(__name__)

# Where a word counts most: the title and the commodity names say what a guide is about.
FIELD_WEIGHTS = {"title": 6, "commodities": 5, "topics": 2, "summary": 2, "technology": 1, "regions": 1, "body": 1}
EXACT_BOOST = 1.5
PHRASE_BOOST = 3
FUZZINESS = "AUTO:4,8"  # one typo from four letters, two from eight
SOURCE = ["kind", "page_id", "slug", "title", "url", "summary", "sector", "commodity_names", "months", "officers"]


def _fields(suffix=""):
    return [f"{name}{suffix}^{weight}" for name, weight in FIELD_WEIGHTS.items()]


def _name_clauses(text, fuzzy):
    """Clauses matching one word or name: with diacritics as typed (boosted), or folded."""
    if " " in text:
        return [{"multi_match": {"query": text, "type": "phrase", "fields": _fields(".folded")}},
                {"multi_match": {"query": text, "type": "phrase", "fields": _fields(), "boost": EXACT_BOOST}}]
    typo = {"fuzziness": FUZZINESS, "prefix_length": 1} if fuzzy else {}
    return [{"multi_match": {"query": text, "fields": _fields(".folded"), **typo}},
            {"multi_match": {"query": text, "fields": _fields(), "boost": EXACT_BOOST}}]


def _required(count):
    """How many of the query's words a guide must match: all of one or two, all but one of three or four,
    three quarters of longer queries."""
    if count <= 2:
        return count
    return count - 1 if count <= 4 else (count * 3) // 4


def text_query(q, relaxed=False):
    """The scoring query for `q` (match_all for an empty query); `relaxed` needs only one word to match."""
    query_words = words(q)
    if not query_words:
        return {"match_all": {}}
    spans = expand(query_words)
    clauses = [{"dis_max": {"queries": [*_name_clauses(span.text, fuzzy=True),
                                        *(c for alt in span.alternatives for c in _name_clauses(alt, False))]}}
               for span in spans]
    filler = [all(fold(w) in FILLER for w in span.text.split()) for span in spans]
    required = [clause for clause, weak in zip(clauses, filler) if not weak]
    optional = [clause for clause, weak in zip(clauses, filler) if weak]
    if not required:  # a query of filler only ("trồng", "cách nuôi"): its words are all it has
        required, optional = optional, []
    phrase = " ".join(query_words)
    ranking = [
        {"multi_match": {"query": phrase, "type": "phrase", "fields": _fields(".folded"), "boost": PHRASE_BOOST}},
        {"multi_match": {"query": phrase, "fields": _fields(".shingles")}},
    ]
    return {"bool": {
        "must": [{"bool": {"should": required, "minimum_should_match": 1 if relaxed else _required(len(required))}}],
        "should": optional + ranking,
    }}


def _filters(params):
    chosen = active(params)
    return {f.name: {"term": {f.field: chosen[f.name]}} for f in FILTERS if f.name in chosen}


def _aggregations(active):
    """One filter aggregation per facet, holding every active filter but its own."""
    return {
        filter_.name: {
            "filter": {"bool": {"filter": [f for other, f in active.items() if other != filter_.name]}},
            "aggs": {"values": {"terms": {"field": filter_.field, "size": filter_.size}}},
        }
        for filter_ in FILTERS
    }


def _facets(aggregations):
    return {f.name: facet(f, [(b["key"], b["doc_count"]) for b in aggregations[f.name]["values"]["buckets"]])
            for f in FILTERS}


def _highlight(hit):
    found = hit.get("highlight", {})
    for name in ("summary.folded", "body.folded"):
        fragments = found.get(name) or []
        if fragments and "<mark>" in fragments[0]:
            return fragments[0]
    return escape(hit["_source"].get("summary", ""))


def _hit(hit):
    return Hit.from_source(hit["_source"], highlight=_highlight(hit), score=hit.get("_score"))


def _search(**body):
    try:
        return read("search", index=live_alias(), **body)
    except (ApiError, TransportError) as exc:
        logger.warning("search engine unavailable: %s", exc)
        raise SearchUnavailable(str(exc)) from exc


def search_guides(params: SearchParams) -> SearchResult:
    """One page of guides matching `params`, best first (or newest first), with combinable facets.
    A query none of whose guides match every important word is asked again needing any one of them:
    a farmer's extra word should cost ranking, not every result."""
    response = _run(params, relaxed=False)
    if not response["hits"]["total"]["value"] and len(words(params.q)) > 1:
        response = _run(params, relaxed=True)
    return SearchResult(
        total=response["hits"]["total"]["value"], page=params.page, page_size=params.page_size,
        hits=[_hit(hit) for hit in response["hits"]["hits"]], facets=_facets(response["aggregations"]),
    )


def _run(params, relaxed):
    active = _filters(params)
    base_filter = [{"term": {"locale": params.locale}}] if params.locale else []
    query = {"bool": {"must": [text_query(params.q, relaxed)], "filter": base_filter}}
    newest = params.sort == "newest" or not words(params.q)
    return _search(
        query=query,
        post_filter={"bool": {"filter": list(active.values())}},
        aggs=_aggregations(active),
        sort=[{"first_published_at": "desc"}, "_score"] if newest else ["_score", {"first_published_at": "desc"}],
        from_=(params.page - 1) * params.page_size,
        size=params.page_size,
        track_total_hits=True,
        source=SOURCE,
        highlight={
            "encoder": "html", "pre_tags": ["<mark>"], "post_tags": ["</mark>"],
            "fields": {"summary.folded": {"number_of_fragments": 0},
                       "body.folded": {"fragment_size": 160, "number_of_fragments": 1}},
        },
    )


def suggest(q: str, limit: int = 8, locale: str | None = None) -> list:
    """Type-ahead: guides whose title or commodity names start with what was typed so far, diacritics or not."""
    text = normalize(q).strip()
    if not words(text):
        return []
    response = _search(
        query={"bool": {
            "should": [
                {"multi_match": {"query": text, "type": "bool_prefix", "operator": "and",
                                 "fields": ["title.folded^2", "commodities.folded"]}},
                {"multi_match": {"query": text, "type": "bool_prefix", "operator": "and",
                                 "fields": ["title^2", "commodities"], "boost": EXACT_BOOST}},
            ],
            "minimum_should_match": 1,
            "filter": [{"term": {"locale": locale}}] if locale else [],
        }},
        size=limit, source=["title", "url", "slug"],
    )
    return [{"title": h["_source"]["title"], "url": h["_source"]["url"], "slug": h["_source"]["slug"]}
            for h in response["hits"]["hits"]]
