"""Searching guides: the query the search page, the JSON API and suggestions use.

The query arrives understood (`search.understanding`: keyboard residue converted, run-together words split,
each part's role and weight, a message's story left out). Ranking, strongest first: the query's words
adjacent as typed (phrase, then adjacent pairs), words with their diacritics as typed, then the same words
folded (no diacritics; one typo allowed in words of four letters or more that the guides do not use). A word
typed with diacritics that the guides use as typed matches only that spelling ("lúa" never finds "lửa").
Each word or known name may also match its regional, folk or scientific names (`search.synonyms`) and, for a
run-together word, its syllables. Filler ("làm sao", "ăn chi", "có … không") never decides whether a guide
matches, and a query of filler only matches nothing.

A few keywords must all (or nearly all) match. A message — a story, a list of signs — is matched by what it
covers: a guide must be about one of the crops or animals it keeps naming, or hold one it names once (if
fewer than three do, or it names none, one of its names, signs, organs or actions), and ranks by how much of
the message it covers, each part by its weight, names first (a pest named once among thirty words of story
decides).
Facet counts are computed with every other active filter applied, so facets combine, and only when asked
(`SearchParams.facets`: the page asks when the farmer opens its filters or has chosen one; a chat never):
counting the thousands of guides a search matches was half of what the engine spent on it. A message's are
never counted: a story is answered, not browsed.
"""
import logging
import re
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.utils.html import escape
from django.utils.translation import get_language
from elastic_transport import TransportError
from elasticsearch import ApiError

from kb.text import fold_word, words
from search.client import read
from search.filters import FILTERS, active, facet
from search.hidden import ids as hidden_ids
from search.indexes import live_alias
from search.stamp import stamped_key
from search.synonyms import expand
from search.types import Hit, SearchParams, SearchResult, SearchUnavailable
from search.understanding import FILLER, roles
from search.understanding import read as understood_query

logger = logging.getLogger(__name__)

# Where a word counts most: the title, the commodity names and the problems a guide names say what it is about.
FIELD_WEIGHTS = {"title": 6, "commodities": 5, "problems": 5, "topics": 2, "summary": 2, "signs": 2,
                 "technology": 1, "regions": 1, "body": 1}
# A message's parts are scored as the farmer wrote them, in every field but the body; its coverage clauses
# (`_covers`) find them anywhere, body included, and by their other names. Scoring each part's frequency in
# the long bodies and each of its other names as well took the engine a fifth and a third of a
# 2,000-character message's time (bench/load.py), for no hit in our message sets (bench/demo_relevance.py:
# MRR 0.993 → 0.986 on the messages, 0.938 → 0.950 on the holdout, 0.917 → 0.885 on 16 symptom stories typed
# plain written afterwards; scoring the other names in the name fields again gives those 0.927 for 18 ms).
MESSAGE_WEIGHTS = {name: weight for name, weight in FIELD_WEIGHTS.items() if name != "body"}
EXACT_BOOST = 1.5
PHRASE_BOOST = 3
FULL_MATCH_BOOST = 1000  # above any score a text match reaches: what ranks the full matches of a relaxed query first
# What each part of a message a guide holds adds, times the part's weight: enough that a guide whose disease
# has all the signs told outranks a question whose title shares two of them. 2 → 4 (bench/demo_relevance.py):
# messages MRR 0.976 → 0.991, 24 harder stories 0.948 → 0.958, the holdout 0.950 → 0.938 (one story 1st → 2nd);
# 3 to 6 measure alike, 8 loses more of the holdout (0.925).
COVERAGE = 4
# What a guide about a crop or an animal the query names adds ("ngô bị sâu đục nõn": the maize guide above the
# pomelo borer's; a cow's signs: the cattle guides above the pig guide that names the same disease).
KEPT_BOOST = 12
# Where a guide says what it is about: a crop or an animal a message keeps naming must be named there (or
# the guide tagged with it, `_kept`). Held anywhere, the several crops of a 2,000-character message held half of
# 10,000 guides, each scored by every part: at 10,000 guides, 57–63 → 42–45 ms (bench/load.py); every demo set
# the same or better (bench/demo_relevance.py, long-letter holdout MRR 0.785 → 0.792).
ABOUT = ("title", "commodities")
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


def _fields(suffix="", weights=FIELD_WEIGHTS):
    return [f"{name}{suffix}^{weight}" for name, weight in weights.items()]


def _phrase(text, exact=False, boost=1, weights=FIELD_WEIGHTS):
    """`text` as a phrase: all its adjacent word pairs in one field (`.shingles`), the same guides as a
    positional phrase query at a fraction of the cost (a phrase over 10,000 guides took the in-memory
    engine 10–240 ms a clause; Elasticsearch's `index_phrases` makes the same trade). `exact`: the pairs
    with their diacritics as typed (`.typed_pairs`). One word is one word."""
    if len(words(text)) < 2:
        return {"multi_match": {"query": text, "fields": _fields("" if exact else ".folded", weights), "boost": boost}}
    pairs = ".typed_pairs" if exact else ".shingles"
    return {"multi_match": {"query": text, "fields": _fields(pairs, weights), "operator": "and", "boost": boost}}


def _name_clauses(text, fuzzy=False, exact=False, weights=FIELD_WEIGHTS):
    """Clauses matching one word or name in the fields of `weights`: with diacritics as typed (boosted), or
    folded. `exact`: only as typed (a word typed with diacritics that the guides use so)."""
    if " " in text:
        return ([_phrase(text, exact=True, boost=EXACT_BOOST, weights=weights)]
                + ([] if exact else [_phrase(text, weights=weights)]))
    typo = {"fuzziness": FUZZINESS, "prefix_length": 1} if fuzzy else {}
    as_typed = {"multi_match": {"query": text, "fields": _fields(weights=weights), "boost": EXACT_BOOST}}
    folded = {"multi_match": {"query": text, "fields": _fields(".folded", weights), **typo}}
    return [as_typed] + ([] if exact else [folded])


def _syllables_clause(syllables, names, weights=FIELD_WEIGHTS):
    """The syllables of a run-together word ("nuoi ong mat"), each or its other names ("heo" → lợn), all of
    them; adjacent ones rank higher."""
    return {"bool": {
        "must": [{"dis_max": {"queries": [
            *_name_clauses(span.text, weights=weights),
            *(c for alt in span.alternatives for c in _name_clauses(alt, exact=True, weights=weights))]}}
            for span in expand(syllables.split(), names)],
        "should": [_phrase(syllables, weights=weights)],
    }}


def _part_queries(part, names, weights=FIELD_WEIGHTS, alternatives=True):
    """The ways one part of the query may appear: as typed, by its other names (spelled as our lists spell
    them, so matched as written: "lợn" for "heo", never "lớn"; unless `alternatives` is false), as its
    syllables, as its keystrokes."""
    queries = _name_clauses(part.text, part.fuzzy, part.exact, weights)
    others = part.alternatives if alternatives else ()
    queries += [c for alt in others for c in _name_clauses(alt, exact=True, weights=weights)]
    if part.split:
        queries.append(_syllables_clause(part.split, names, weights))
    if part.typed:  # converted keyboard residue may have been a word after all ("boots")
        queries += _name_clauses(part.typed, weights=weights)
    return queries


def _required(count):
    """How many of the query's words a guide must match: all of one or two, all but one of three or four,
    three quarters of longer queries."""
    if count <= 2:
        return count
    return count - 1 if count <= 4 else (count * 3) // 4


def _runs(parts):
    """The message's parts that stood side by side, as phrases ("nước dãi", "kẽ móng", "tím tái")."""
    runs, current = [], []
    for part in parts:
        if current and part.position != current[-1].position + len(current[-1].text.split()):
            runs.append(current)
            current = []
        current.append(part)
    runs.append(current)
    return [" ".join(part.text for part in run) for run in runs if len(run) > 1]


def _words_held(field, text):
    """The words a guide's `field` ("covered" or "covered_folded") must hold to match `text` in it."""
    found = words(text)
    return frozenset(found if field == "covered" else (fold_word(word) for word in found))


def _implies(clause, other):
    """Whether a guide matching `clause` (field, words) surely matches `other`: it holds all of `other`'s
    words, in the same field, or as typed where `other` only needs them folded."""
    (field, held), (other_field, needed) = clause, other
    if field == other_field:
        return needed <= held
    return other_field == "covered_folded" and needed <= {fold_word(word) for word in held}


def _match(field, text, about):
    """A match of all of `text`'s words in `field` ("covered" or "covered_folded"), or, `about`, in one of
    the fields that say what a guide is about (ABOUT), as typed or folded alike."""
    if not about:
        return {"match": {field: {"query": text, "operator": "and"}}}
    suffix = "" if field == "covered" else ".folded"
    return {"multi_match": {"query": text, "operator": "and", "fields": [f"{name}{suffix}" for name in ABOUT]}}


def _covers(part, about=False):
    """Whether a guide holds `part` anywhere, in one combined field (`search.mapping.COVERED`) instead of
    one clause per field: as typed, folded unless it must match as typed, by its other names, its
    syllables or its keystrokes. Several words need all of them, not side by side. A name that holds
    another's words ("bệnh tụ huyết trùng", "tụ huyết trùng lợn" beside "tụ huyết trùng") adds no guide,
    so it is left out: some problems have ten names, and each cost the engine a walk over its words."""
    asked = [("covered" if part.exact else "covered_folded", part.text)]
    asked += [("covered", alternative) for alternative in part.alternatives]
    asked += [("covered_folded", text) for text in (part.split, part.typed) if text]
    kept = []
    for field, text in sorted(asked, key=lambda clause: len(words(clause[1]))):
        clause = (field, _words_held(field, text))
        if clause[1] and not any(_implies(clause, other) for other, _ in kept):
            kept.append((clause, _match(field, text, about)))
    matches = [match for _, match in kept]
    return matches[0] if len(matches) == 1 else {"bool": {"should": matches}}


def _kept(understood):
    """Ranks first the guides about the crops and animals the query names (`Part.commodities`): [] when it
    names none."""
    slugs = set().union(*(part.commodities for part in understood.parts if part.role != FILLER))
    return [{"constant_score": {"filter": {"terms": {"commodity_slugs": sorted(slugs)}}, "boost": KEPT_BOOST}}
            ] if slugs else []


def _subjects(understood):
    """The parts of a message that are a crop's or an animal's name, by their words or another name ("heo":
    lợn), not a pest's name that holds its crop ("chuột hại lúa": rats bite a biogas bag too): a guide must
    hold one or be about it."""
    return [part for part in understood.parts if part.role == understood.deciding and part.commodities
            and understood.names.is_a_commodity([part.text, *part.alternatives])]


def _coverage(part, about=False):
    """What a guide holding `part` adds (anywhere, or `about`: where it says what it is about), times its weight."""
    return {"constant_score": {"filter": _covers(part, about), "boost": COVERAGE * part.weight}}


def _message_query(understood, names, relaxed=False):
    """A message: any guide about one of the crops or animals it keeps naming (`Understood.named_often`:
    tagged with it, or naming it where it says what it is about, ABOUT) or holding one it names once
    (`_subjects`), or, `relaxed` or naming none, any guide matching one of its deciding parts; ranked by
    what it covers: each part's text score (as written, outside the body: MESSAGE_WEIGHTS) and a constant
    per part a guide holds anywhere by any of its names, both times its weight (a name counts most, then a
    sign, an organ or an action), and the pairs of words that stood side by side in the message. (A guide
    matching a pair matches its words, so needing one clause of all these is needing one part.) Needing a
    crop or an animal keeps out the thousands of guides that share only a sign or an action with a long
    letter, which the engine scored by every part: a long letter's time at 10,000 guides, 69–74 → 49–55 ms
    (bench/load.py). A crop named once may be all a message says of it ("khoai", that no list names alone,
    beside "lúa" in passing): any guide holding it will do."""
    parts = [part for part in understood.parts if part.role == understood.deciding]
    subjects = set() if relaxed else set(_subjects(understood))
    scored = [{"dis_max": {"queries": _part_queries(part, names, MESSAGE_WEIGHTS, alternatives=False),
                           "boost": part.weight}} for part in parts]
    coverage = [_coverage(part) for part in parts if part not in subjects]
    pairs = [{"multi_match": {"query": run, "fields": _fields(".shingles")}} for run in _runs(understood.parts)]
    kept = _kept(understood)
    if not subjects:
        return {"bool": {"should": scored + coverage + pairs + kept, "minimum_should_match": 1}}
    held = [_coverage(part, about=bool(part.commodities & understood.named_often)) for part in parts
            if part in subjects]
    return {"bool": {"must": [{"bool": {"should": held + kept}}], "should": scored + coverage + pairs}}


def text_query(understood, relaxed=False):
    """The scoring query for a query as understood (match_all for an empty query, match_none for filler only);
    `relaxed` needs only one of the deciding words to match, and ranks the guides that match as many as an
    unrelaxed query needs above the others."""
    if understood.empty:
        return {"match_all": {}}
    if understood.deciding is None:
        return {"match_none": {}}
    names = understood.names
    if understood.message:
        return _message_query(understood, names, relaxed)
    clauses = [{"dis_max": {"queries": _part_queries(part, names)}} for part in understood.parts]
    # What decides a match: the specific words; failing those the generic ones ("cách nuôi"); never filler.
    required = [clause for clause, part in zip(clauses, understood.parts) if part.role == understood.deciding]
    optional = [clause for clause, part in zip(clauses, understood.parts) if part.role != understood.deciding]
    phrase = " ".join(understood.words)
    ranking = [
        _phrase(phrase, boost=PHRASE_BOOST),
        {"multi_match": {"query": phrase, "fields": _fields(".shingles")}},
    ]
    full = {"bool": {"should": required, "minimum_should_match": _required(len(required))}}
    if relaxed:  # any one deciding word will do, but the full matches come first
        ranking.append({"constant_score": {"filter": full, "boost": FULL_MATCH_BOOST}})
    return {"bool": {
        "must": [{"bool": {"should": required, "minimum_should_match": 1}} if relaxed else full],
        "should": optional + ranking + _kept(understood),
    }}


def _shown(understood, locale):
    """What a farmer may be shown of the index, as a bool query's `filter` and `must_not`: in the language
    asked, not past its expiry time, not hidden since it was indexed (`search.hidden`). Said as exclusions:
    "no expiry time, or one to come" as a filter made the in-memory engine walk every document of the index
    for every search (10 ms at 10,000 guides, even for a query matching none), where excluding the expired
    costs it only the documents the query matches."""
    hidden = sorted(hidden_ids(understood.vocabulary.stamp))
    return {"filter": [{"term": {"locale": locale}}] if locale else [],
            "must_not": [{"range": {"expire_at": {"lte": "now"}}},
                         *([{"terms": {"page_id": hidden}}] if hidden else [])]}


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
    marked = {fold_word(word) for word in MARKED.findall(text)}
    return sum(role != FILLER for role in roles(sorted(marked)))


def _highlight(hit, question):
    """The summary, or the body passage (a step, a warning, an answer) that holds more of the query's words;
    for a question a passage wins a tie, since it is usually the answer."""
    found = hit.get("highlight", {})
    candidates = [(_marked_words(text), question, text) for field in ("body.folded", "body")
                  for text in found.get(field, [])]
    candidates += [(_marked_words(text), not question, text) for field in ("summary.folded", "summary")
                   for text in found.get(field, [])[:1]]
    best = max(candidates, default=(0, False, ""))[2]
    return best if "<mark>" in best else escape(hit["_source"].get("summary", ""))


def _highlight_request(understood):
    """The summary whole and the body's three best passages, the query's words marked: each part that is
    not filler, as typed and folded (only as typed if it must match so), by its other names, its
    syllables and its keystrokes. Marked from these words rather than from the query that ranks, whose
    clauses (hundreds for a message) the engine reads again for every passage it marks: 6 ms of a
    2,000-character message's time outside the engine's `took`, 3 ms of a short query's."""
    marked = []
    for part in understood.parts:
        if part.role == FILLER:
            continue
        typo = {"fuzziness": FUZZINESS, "prefix_length": 1} if part.fuzzy else {}
        as_typed = [part.text, *part.alternatives, *filter(None, [part.typed])]
        folded = ([] if part.exact else [part.text]) + list(filter(None, [part.split, part.typed]))
        marked += [{"multi_match": {"query": text, "fields": ["summary", "body"]}} for text in as_typed]
        marked += [{"multi_match": {"query": text, "fields": ["summary.folded", "body.folded"], **typo}}
                   for text in folded]
    return {
        "encoder": "html", "pre_tags": ["<mark>"], "post_tags": ["</mark>"],
        "highlight_query": {"bool": {"should": marked}} if marked else {"match_none": {}},
        "fields": {name: {"number_of_fragments": 0} for name in ("summary.folded", "summary")} | {
            name: {"fragment_size": 200, "number_of_fragments": 3, "order": "score"}
            for name in ("body.folded", "body")},
    }


def _hit(hit, question=False):
    return Hit.from_source(hit["_source"], highlight=_highlight(hit, question), score=hit.get("_score"))


@dataclass
class _Spent:
    """What a search's engine calls took: the engine's own `took`, and each call's round trip."""

    took: float = 0
    calls: float = 0


def _search(spent=None, **body):
    started = time.perf_counter()
    try:
        response = read("search", index=live_alias(), **body)
    except (ApiError, TransportError) as exc:
        logger.warning("search engine unavailable: %s", exc)
        raise SearchUnavailable(str(exc)) from exc
    if spent is not None:
        spent.took += response["took"]
        spent.calls += (time.perf_counter() - started) * 1000
    return response


def search_guides(params: SearchParams, understood=None) -> SearchResult:
    """One page of guides matching `params` (its query `understood` once by the caller, else here), best
    first (or newest first), with combinable facets. A few words none of whose guides match every important
    one are asked again needing any one of them: a farmer's extra word should cost ranking, not every
    result. So is a whole sentence (a question, a symptom) that only a few match in full: the guide that
    answers it may say it in other words, and the full matches still rank first. So is a message whose
    crops or animals fewer than three guides hold: the guide that answers it may be about their kind ("cá
    điêu hồng" in cages: the guide on cage fish)."""
    understood = understood or understood_query(params.q, params.locale)
    spent = _Spent()
    response, facets = _run(params, understood, spent, relaxed=False)
    found, asked = response["hits"]["total"]["value"], understood.typed_words
    if understood.message:
        few = found < FEW_FOR_A_SENTENCE and _subjects(understood)
    else:
        few = (not found and asked > 1) or (found < FEW_FOR_A_SENTENCE and asked >= SENTENCE_WORDS)
    if few:
        response, facets = _run(params, understood, spent, relaxed=True)
    question = understood.question
    return SearchResult(
        total=response["hits"]["total"]["value"], page=params.page, page_size=params.page_size,
        hits=[_hit(hit, question) for hit in response["hits"]["hits"]], facets=facets,
        engine_ms=spent.took, engine_call_ms=spent.calls,
    )


def _run(params, understood, spent, relaxed):
    """(the engine's response, the facets: none when not asked or for a message). Counted, the chosen filters
    narrow the hits after the query (`post_filter`), since each facet counts every value of its own filter;
    not counted, they narrow the query itself, and the engine scores only the guides they keep. Facets do not
    depend on the page or the order, so they are cached per query and filter set; the cached ones are used
    while the engine still finds as many guides as when they were counted (an index the worker has changed
    since is counted again)."""
    active = _filters(params)
    asked = params.facets and not understood.message
    shown = _shown(understood, params.locale)
    query = {"bool": {"must": [text_query(understood, relaxed)],
                      "filter": shown["filter"] + ([] if asked else list(active.values())),
                      "must_not": shown["must_not"]}}
    counting, cached = {}, None
    if asked:  # cached labelled, in the page's language
        aggs, post_filter = _aggregations(active), {"bool": {"filter": list(active.values())}}
        key = stamped_key(f"search-facets:{live_alias()}", understood.vocabulary.stamp,
                          [query, aggs, get_language()])
        cached = cache.get(key)  # (total, facets)
        counting = {"post_filter": post_filter, **({} if cached else {"aggs": aggs})}
    newest = params.sort == "newest" or understood.empty
    response = _search(
        spent,
        query=query,
        **counting,
        sort=[{"first_published_at": "desc"}, "_score"] if newest else ["_score", {"first_published_at": "desc"}],
        from_=(params.page - 1) * params.page_size,
        size=params.page_size,
        track_total_hits=True,
        source=SOURCE,
        highlight=_highlight_request(understood),
    )
    total = response["hits"]["total"]["value"]
    if not asked:
        return response, {}
    if cached and cached[0] == total:
        return response, cached[1]
    counted = response if not cached else _search(spent, query=query, post_filter=post_filter, aggs=aggs, size=0)
    facets = _facets(counted["aggregations"])
    cache.set(key, (total, facets), FACETS_CACHE_SECONDS)
    return response, facets


def _prefix_clauses(text):
    return [{"multi_match": {"query": text, "type": "bool_prefix", "operator": "and",
                             "fields": ["title.folded^2", "commodities.folded"]}},
            {"multi_match": {"query": text, "type": "bool_prefix", "operator": "and",
                             "fields": ["title^2", "commodities"], "boost": EXACT_BOOST}}]


def suggest(q: str, limit: int = 8, locale: str | None = None, understood=None) -> list:
    """Type-ahead: guides whose title or commodity names start with what was typed so far, diacritics or not,
    keyboard residue and run-together syllables understood ("nuooi g", "buoithan"); `understood` once by the
    caller, else here."""
    understood = understood or understood_query(q, locale)
    text = understood.q.strip()
    if not words(text):
        return []
    also = _prefix_clauses(understood.spelled) if understood.spelled != " ".join(words(text)) else []
    response = _search(
        query={"bool": {
            "should": _prefix_clauses(text) + also,
            "minimum_should_match": 1,
            **_shown(understood, understood.locale),
        }},
        size=limit, source=["page_id", "title", "url", "slug"],
    )
    return [{key: h["_source"][key] for key in ("page_id", "title", "url", "slug")} for h in response["hits"]["hits"]]
