"""Searching the database when the search engine cannot answer.

Slower and plainer than the engine, but it keeps the page and the API answering: the same visibility rule
(`GuidePage.objects.visible()`), the same filters, accent-insensitive matching of every important query
word against titles, summaries, commodity names and their alternative names, titles weighted above the rest.
It reads only the columns it matches on, then loads the one page it shows.
"""
from collections import Counter

from django.utils.html import escape

from kb.models import GuidePage, Sector
from search.analysis import fold, words
from search.documents import indexable_guides, prepare, url_cache
from search.queries import FILLER, Hit, SearchResult


def _important(query):
    folded = [fold(word) for word in words(query)]
    return [w for w in folded if w not in FILLER] or folded


def _candidates(params):
    guides = GuidePage.objects.visible()
    if params.locale:
        guides = guides.filter(locale__language_code=params.locale)
    for name, lookup in (("sector", "sector"), ("commodity", "commodities__slug"),
                         ("topic", "tagged_items__tag__slug"), ("region", "regions__slug")):
        value = getattr(params, name)
        if value:
            guides = guides.filter(**{lookup: value})
    rows = guides.distinct().values_list("pk", "title", "summary", "sector", "months", "first_published_at")
    names = {}
    commodity_rows = GuidePage.objects.visible().values_list(
        "pk", "commodities__name", "commodities__alt_names")
    for pk, name, alternatives in commodity_rows:
        if name:
            names.setdefault(pk, []).append(f"{name}\n{alternatives or ''}")
    for pk, title, summary, sector, months, published in rows:
        if params.month and params.month not in (months or []):
            continue
        yield pk, fold(title), fold(f"{summary} {' '.join(names.get(pk, []))}"), sector, published


def _score(query_words, title, rest):
    """Title words count three times; a guide missing an important word does not match."""
    title_words, rest_words = set(title.split()), set(rest.split())
    score = 0
    for word in query_words:
        if word in title_words:
            score += 3
        elif word in rest_words:
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
    labels = dict(Sector.choices)
    sectors = Counter(m[3] for m in matched)
    facets = {"sector": [{"value": value, "label": str(labels.get(value, value)), "count": count}
                         for value, count in sectors.most_common()]}
    return SearchResult(total=len(matched), page=params.page, page_size=params.page_size, hits=hits, facets=facets)


def _hit(source):
    return Hit(slug=source["slug"], title=source["title"], url=source["url"], summary=source["summary"],
               highlight=escape(source["summary"]), sector=source["sector"],
               commodities=source["commodity_names"], months=source["months"], officers=source["officers"],
               score=None)
