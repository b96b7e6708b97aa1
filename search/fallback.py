"""Searching the database when the search engine cannot answer.

Slower and plainer than the engine, but it keeps the page and the API answering: the same visibility
rule (`GuidePage.objects.visible()`), the same filters (`search.filters`), the same synonyms (`search.synonyms`) and
filler words, accent-insensitive matching of every important query word or name against titles, summaries
and commodity names, titles weighted above the rest. It reads only the columns it matches on, then loads
the one page it shows. It imports nothing that talks to the engine.
"""
from collections import Counter

from django.utils.html import escape

from kb.models import GuidePage
from kb.text import fold, words
from search.documents import indexable_guides, prepare, url_cache
from search.filler import FILLER
from search.filters import BY_NAME, active, facet
from search.synonyms import expand
from search.types import Hit, SearchResult


def _folded(text):
    """Folded words between spaces, so that a name is found as " name " whatever the punctuation."""
    return f" {' '.join(fold(word) for word in words(text))} "


def _important(query):
    """For each important span of the query (a word, or a name the synonyms know), the folded names
    that may match it: itself and its other names."""
    spans = expand(words(query))
    names = [(span, [f" {fold(name)} " for name in (span.text, *span.alternatives)]) for span in spans]
    important = [n for span, n in names if not all(fold(w) in FILLER for w in span.text.split())]
    return important or [n for _span, n in names]


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
    """A span in the title counts three times; a guide missing an important span does not match."""
    score = 0
    for names in spans:
        if any(name in title for name in names):
            score += 3
        elif any(name in rest for name in names):
            score += 1
        else:
            return 0
    return score


def database_search(params):
    """The SearchResult the engine would give, computed from the database (sector facet only)."""
    query_words = _important(params.q)
    matched = []
    for pk, title, rest, sector, published in _candidates(params):
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
