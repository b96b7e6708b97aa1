"""Searching guides: the query the search page, the JSON API and suggestions use.

The query is first understood (`search.understanding`: keyboard residue converted, run-together words
split, each word's role). Ranking, strongest first: the query's words adjacent as typed (phrase, then adjacent
pairs), words with their diacritics as typed, then the same words folded (no diacritics; one typo allowed in
words of four letters or more that the guides do not use). Each word or known name may also match its
regional / alternative names (`search.synonyms`) and, for a run-together word, its syllables. Filler ("làm
sao", "ăn chi", "có … không") never decides whether a guide matches, and a query of filler only matches
nothing. Facet counts are computed with every other active filter applied, so facets combine.
"""
import logging
import re

from django.core.cache import cache
from django.utils.html import escape
from elastic_transport import TransportError
from elasticsearch import ApiError

from kb.text import fold, normalize, words
from search.client import read
from search.filters import FILTERS, active, facet
from search.indexes import live_alias
from search.stamp import stamped_key
from search.synonyms import expand, table
from search.types import Hit, SearchParams, SearchResult, SearchUnavailable
from search.understanding import CONTENT, FILLER, GENERIC, rewrite, roles, span_roles, understand
from search.vocabulary import vocabulary

logger = logging.getLogger(__name__)

# Where a word counts most: the title and the commodity names say what a guide is about.
FIELD_WEIGHTS = {"title": 6, "commodities": 5, "topics": 2, "summary": 2, "technology": 1, "regions": 1, "body": 1}
EXACT_BOOST = 1.5
PHRASE_BOOST = 3
FULL_MATCH_BOOST = 1000  # above any score a text match reaches: what ranks the full matches of a relaxed query first
FUZZINESS = "AUTO:4,8"  # one typo from four letters, two from eight
# A query of this many words is a sentence; matched in full by fewer guides than FEW_FOR_A_SENTENCE, it is
# asked again needing any one of its important words.
SENTENCE_WORDS = 5
FEW_FOR_A_SENTENCE = 3
# Facet counts are cached per query and filter set for the guides visible now, so that another page, another
# order or the same search again costs no aggregation (over half the engine's time for a search). An edit
# that moves a guide between facet values without changing how many match shows after at most this long.
FACETS_CACHE_SECONDS = 60
SOURCE = ["kind", "page_id", "slug", "title", "url", "summary", "sector", "commodity_names", "months", "officers"]


def _fields(suffix=""):
    return [f"{name}{suffix}^{weight}" for name, weight in FIELD_WEIGHTS.items()]


def _phrase(text, exact=False, boost=1):
    """`text` as a phrase: all its adjacent word pairs in one field (`.shingles`), the same guides as a
    positional phrase query at a fraction of the cost (a phrase over 10,000 guides took the in-memory
    engine 10–240 ms a clause; Elasticsearch's `index_phrases` makes the same trade). `exact` also needs
    all its words with their diacritics as typed in one field. One word is one word."""
    if len(words(text)) < 2:
        return {"multi_match": {"query": text, "fields": _fields("" if exact else ".folded"), "boost": boost}}
    pairs = {"query": text, "fields": _fields(".shingles"), "operator": "and"}
    if not exact:
        return {"multi_match": {**pairs, "boost": boost}}
    as_typed = {"multi_match": {"query": text, "fields": _fields(), "operator": "and"}}
    return {"bool": {"must": [{"multi_match": pairs}], "filter": [as_typed], "boost": boost}}


def _name_clauses(text, fuzzy):
    """Clauses matching one word or name: with diacritics as typed (boosted), or folded."""
    if " " in text:
        return [_phrase(text), _phrase(text, exact=True, boost=EXACT_BOOST)]
    typo = {"fuzziness": FUZZINESS, "prefix_length": 1} if fuzzy else {}
    return [{"multi_match": {"query": text, "fields": _fields(".folded"), **typo}},
            {"multi_match": {"query": text, "fields": _fields(), "boost": EXACT_BOOST}}]


def _span_clauses(span, fuzzy):
    """A word or name as typed, or any of its other names."""
    return [*_name_clauses(span.text, fuzzy), *(c for alt in span.alternatives for c in _name_clauses(alt, False))]


def _syllables_clause(syllables, names):
    """The syllables of a run-together word ("nuoi ong mat"), each or its other names ("heo" → lợn), all of
    them; adjacent ones rank higher."""
    return {"bool": {
        "must": [{"dis_max": {"queries": _span_clauses(span, False)}} for span in expand(syllables.split(), names)],
        "should": [_phrase(syllables)],
    }}


def _required(count):
    """How many of the query's words a guide must match: all of one or two, all but one of three or four,
    three quarters of longer queries."""
    if count <= 2:
        return count
    return count - 1 if count <= 4 else (count * 3) // 4


def text_query(q, known, relaxed=False, locale=None):
    """The scoring query for `q` (match_all for an empty query, match_none for filler only); `known` is the
    vocabulary of visible guides; `relaxed` needs only one of the deciding words to match, and ranks the
    guides that match as many as an unrelaxed query needs above the others."""
    terms = understand(q, known, locale)
    if not terms:
        return {"match_all": {}}
    query_words = [term.text for term in terms]
    names = table()
    spans = expand(query_words, names)
    splits = {term.text: term.split for term in terms if term.split}
    typed = {term.text: term.typed for term in terms if term.typed}
    clauses = []
    for span in spans:
        # One typo is forgiven in a word the guides do not use; a word they use means itself ("lươn", not lợn).
        queries = _span_clauses(span, fuzzy=fold(span.text) not in known.counts)
        if span.text in splits:
            queries.append(_syllables_clause(splits[span.text], names))
        if span.text in typed:  # converted keyboard residue may have been a word after all ("boots")
            queries += _name_clauses(typed[span.text], False)
        clauses.append({"dis_max": {"queries": queries}})
    roles_of_spans = span_roles(spans, query_words)
    # What decides a match: the specific words; failing those the generic ones ("cách nuôi"); never filler.
    deciding = CONTENT if CONTENT in roles_of_spans else GENERIC if GENERIC in roles_of_spans else None
    if deciding is None:
        return {"match_none": {}}
    required = [clause for clause, role in zip(clauses, roles_of_spans) if role == deciding]
    optional = [clause for clause, role in zip(clauses, roles_of_spans) if role != deciding]
    phrase = " ".join(query_words)
    ranking = [
        _phrase(phrase, boost=PHRASE_BOOST),
        {"multi_match": {"query": phrase, "fields": _fields(".shingles")}},
    ]
    full = {"bool": {"should": required, "minimum_should_match": _required(len(required))}}
    if relaxed:  # any one deciding word will do, but the full matches come first
        ranking.append({"constant_score": {"filter": full, "boost": FULL_MATCH_BOOST}})
    return {"bool": {
        "must": [{"bool": {"should": required, "minimum_should_match": 1}} if relaxed else full],
        "should": optional + ranking,
    }}


def _filters(params):
    chosen = active(params)
    return {f.name: {"term": {f.field: chosen[f.name]}} for f in FILTERS if f.name in chosen}


def _aggregations(active):
    """One aggregation per facet, counted with every active filter but its own: a filter aggregation around
    the terms when another filter is active, the terms alone when none is (the usual case, and a third
    cheaper for the engine)."""
    aggregations = {}
    for filter_ in FILTERS:
        counted = {"terms": {"field": filter_.field, "size": filter_.size}}
        others = [f for other, f in active.items() if other != filter_.name]
        if others:
            counted = {"filter": {"bool": {"filter": others}}, "aggs": {"values": counted}}
        aggregations[filter_.name] = counted
    return aggregations


def _facets(aggregations):
    def buckets(name):
        counted = aggregations[name]
        return counted.get("values", counted)["buckets"]

    return {f.name: facet(f, [(b["key"], b["doc_count"]) for b in buckets(f.name)]) for f in FILTERS}


MARKED = re.compile(r"<mark>(.*?)</mark>")


def _marked_words(text):
    """How many different words, filler aside, are marked in a highlighted text."""
    marked = {fold(word) for word in MARKED.findall(text)}
    return sum(role != FILLER for role in roles(sorted(marked)))


def _highlight(hit, question):
    """The summary, or the body passage (a step, a warning, an answer) that holds more of the query's words;
    for a question a passage wins a tie, since it is usually the answer."""
    found = hit.get("highlight", {})
    candidates = [(_marked_words(text), question, text) for text in found.get("body.folded", [])]
    candidates += [(_marked_words(text), not question, text) for text in found.get("summary.folded", [])[:1]]
    best = max(candidates, default=(0, False, ""))[2]
    return best if "<mark>" in best else escape(hit["_source"].get("summary", ""))


def _hit(hit, question=False):
    return Hit.from_source(hit["_source"], highlight=_highlight(hit, question), score=hit.get("_score"))


def _search(**body):
    try:
        return read("search", index=live_alias(), **body)
    except (ApiError, TransportError) as exc:
        logger.warning("search engine unavailable: %s", exc)
        raise SearchUnavailable(str(exc)) from exc


def search_guides(params: SearchParams) -> SearchResult:
    """One page of guides matching `params`, best first (or newest first), with combinable facets.
    A query none of whose guides match every important word is asked again needing any one of them:
    a farmer's extra word should cost ranking, not every result. So is a whole sentence (a question, a
    symptom) that only a few match in full: the guide that answers it may say it in other words, and the
    full matches still rank first."""
    known = vocabulary()
    response, facets = _run(params, known, relaxed=False)
    took = response["took"]
    query_words = words(params.q)
    found, asked = response["hits"]["total"]["value"], len(query_words)
    if (not found and asked > 1) or (found < FEW_FOR_A_SENTENCE and asked >= SENTENCE_WORDS):
        response, facets = _run(params, known, relaxed=True)
        took += response["took"]
    question = FILLER in roles(query_words)
    return SearchResult(
        total=response["hits"]["total"]["value"], page=params.page, page_size=params.page_size,
        hits=[_hit(hit, question) for hit in response["hits"]["hits"]], facets=facets, engine_ms=took,
    )


def _run(params, known, relaxed):
    """(the engine's response, the facets). Facets do not depend on the page or the order, so they are
    cached per query and filter set; the cached ones are used while the engine still finds as many guides
    as when they were counted (an index the worker has changed since is counted again)."""
    active = _filters(params)
    base_filter = [{"term": {"locale": params.locale}}] if params.locale else []
    query = {"bool": {"must": [text_query(params.q, known, relaxed, params.locale)], "filter": base_filter}}
    aggs = _aggregations(active)
    key = stamped_key(f"search-facets:{live_alias()}", known.stamp, [query, aggs])
    cached = cache.get(key)  # (total, facets)
    post_filter = {"bool": {"filter": list(active.values())}}
    newest = params.sort == "newest" or not words(params.q)
    response = _search(
        query=query,
        post_filter=post_filter,
        **({} if cached else {"aggs": aggs}),
        sort=[{"first_published_at": "desc"}, "_score"] if newest else ["_score", {"first_published_at": "desc"}],
        from_=(params.page - 1) * params.page_size,
        size=params.page_size,
        track_total_hits=True,
        source=SOURCE,
        highlight={
            "encoder": "html", "pre_tags": ["<mark>"], "post_tags": ["</mark>"],
            "fields": {"summary.folded": {"number_of_fragments": 0},
                       "body.folded": {"fragment_size": 200, "number_of_fragments": 3, "order": "score"}},
        },
    )
    total = response["hits"]["total"]["value"]
    if cached and cached[0] == total:
        return response, cached[1]
    counted = response if not cached else _search(query=query, post_filter=post_filter, aggs=aggs, size=0)
    facets = _facets(counted["aggregations"])
    cache.set(key, (total, facets), FACETS_CACHE_SECONDS)
    return response, facets


def _prefix_clauses(text):
    return [{"multi_match": {"query": text, "type": "bool_prefix", "operator": "and",
                             "fields": ["title.folded^2", "commodities.folded"]}},
            {"multi_match": {"query": text, "type": "bool_prefix", "operator": "and",
                             "fields": ["title^2", "commodities"], "boost": EXACT_BOOST}}]


def suggest(q: str, limit: int = 8, locale: str | None = None) -> list:
    """Type-ahead: guides whose title or commodity names start with what was typed so far, diacritics or not,
    keyboard residue and run-together syllables understood ("nuooi g", "buoithan")."""
    text = normalize(q).strip()
    if not words(text):
        return []
    understood = rewrite(text, vocabulary(), locale)
    also = _prefix_clauses(understood) if understood != " ".join(words(text)) else []
    response = _search(
        query={"bool": {
            "should": _prefix_clauses(text) + also,
            "minimum_should_match": 1,
            "filter": [{"term": {"locale": locale}}] if locale else [],
        }},
        size=limit, source=["page_id", "title", "url", "slug"],
    )
    return [{key: h["_source"][key] for key in ("page_id", "title", "url", "slug")} for h in response["hits"]["hits"]]
