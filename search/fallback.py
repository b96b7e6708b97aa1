"""Searching the database when the search engine cannot answer.

Slower and plainer than the engine, but it keeps the page and the API answering: the same visibility
rule (`GuidePage.objects.visible()`), the same filters (`search.filters`), the same understanding of the
query (`search.understanding`: keyboard residue, run-together words, filler never deciding) and synonyms
(`search.synonyms`), accent-insensitive matching of every deciding word or name against titles, summaries
and commodity names, titles weighted above the rest. It reads only the columns it matches on, then loads
the one page it shows. It imports nothing that talks to the engine.
"""
from collections import Counter

from django.utils.html import escape

from kb.models import GuidePage
from kb.text import fold, words
from search.documents import indexable_guides, prepare, url_cache
from search.filters import BY_NAME, active, facet
from search.synonyms import expand
from search.types import Hit, SearchResult
from search.understanding import CONTENT, GENERIC, span_roles, understand
from search.vocabulary import vocabulary


def _folded(text):
    """Folded words between spaces, so that a name is found as " name " whatever the punctuation."""
    return f" {' '.join(fold(word) for word in words(text))} "


def _deciding(query, locale):
    """For each deciding span of the query as understood (a word, a name the synonyms know, a run-together
    word), the ways it may appear: itself, one of its other names, or all of its syllables — each a tuple of
    folded names. [] for an empty query; None for a query of filler only (nothing matches)."""
    terms = understand(query, vocabulary(), locale)
    if not terms:
        return []
    query_words = [term.text for term in terms]
    splits = {term.text: term.split for term in terms if term.split}
    spans = expand(query_words)
    roles = span_roles(spans, query_words)
    for role in (CONTENT, GENERIC):
        chosen = [span for span, found in zip(spans, roles) if found == role]
        if chosen:
            return [[(f" {fold(name)} ",) for name in (span.text, *span.alternatives)]
                    + ([tuple(f" {s} " for s in splits[span.text].split())] if span.text in splits else [])
                    for span in chosen]
    return None


def _candidates(params):
    guides = GuidePage.objects.visible()
    if params.locale:
        guides = guides.filter(locale__language_code=params.locale)
    for name, value in active(params).items():
        if BY_NAME[name].lookup:
            guides = guides.filter(**{BY_NAME[name].lookup: value})
    rows = guides.distinct().values_list("pk", "title", "summary", "sector", "months", "first_published_at")
    names = {}
    for pk, name in GuidePage.objects.visible().values_list("pk", "commodities__name"):
        if name:
            names.setdefault(pk, []).append(name)
    for pk, title, summary, sector, months, published in rows:
        if params.month and params.month not in (months or []):  # a JSON list: no portable lookup
            continue
        yield pk, _folded(title), _folded(f"{summary} {' '.join(names.get(pk, []))}"), sector, published


def _score(spans, title, rest):
    """A span in the title counts three times; a guide missing a deciding span does not match."""
    score = 0
    for ways in spans:
        if any(all(name in title for name in way) for way in ways):
            score += 3
        elif any(all(name in title or name in rest for name in way) for way in ways):
            score += 1
        else:
            return 0
    return score


def database_search(params):
    """The SearchResult the engine would give, computed from the database (sector facet only)."""
    query_words = _deciding(params.q, params.locale)
    matched = []
    for pk, title, rest, sector, published in _candidates(params) if query_words is not None else ():
        score = _score(query_words, title, rest) if query_words else 1
        if score:
            matched.append((score, published, pk, sector))
    newest = params.sort == "newest" or not query_words
    matched.sort(key=(lambda m: (m[1], m[0])) if newest else (lambda m: (m[0], m[1])), reverse=True)
    start = (params.page - 1) * params.page_size
    shown = [m[2] for m in matched[start:start + params.page_size]]
    pages = {page.pk: page for page in indexable_guides().filter(pk__in=shown)}
    cache = url_cache()
    hits = [_hit(prepare(pages[pk], cache)) for pk in shown if pk in pages]
    sectors = Counter(m[3] for m in matched)
    facets = {"sector": facet(BY_NAME["sector"], sectors.most_common())}
    return SearchResult(total=len(matched), page=params.page, page_size=params.page_size, hits=hits, facets=facets)


def _hit(source):
    return Hit.from_source(source, highlight=escape(source["summary"]))
