"""Searching the database when the search engine cannot answer.

Plainer than the engine, but it keeps the page and the API answering, and it stays an index look-up at any
size: each deciding word or name of the query as the search understands it (`search.understanding`:
keyboard residue, run-together words, filler never deciding; other names from `search.synonyms`) is looked
up in the database's own full-text index of guides (`kb.fulltext`), or matched by commodity name; the
database filters, scores (a word in the title above one elsewhere), counts and pages them, so no guide is
read but the page shown. The same visibility rule (`GuidePage.objects.visible()`) and filters
(`search.filters`) apply; the sector facet is counted. An answer is cached for FALLBACK_CACHE_SECONDS, since
an engine outage brings the same searches again and again, under a key that changes as soon as a guide is
published or hidden. It imports nothing that talks to the engine.
"""

from django.core.cache import cache
from django.db.models import Case, Count, Q, Value, When
from django.utils.html import escape

from kb import fulltext
from kb.models import Commodity, GuidePage
from kb.text import fold, words
from search.builders import build_guide, indexable_guides, url_cache
from search.filters import BY_NAME, active, facet
from search.stamp import stamped_key
from search.types import Hit, SearchResult
from search.understanding import read

FALLBACK_CACHE_SECONDS = 30


def _deciding(understood):
    """For each deciding part of the query as understood (a word, a name the synonyms know, a run-together
    word), (the ways it may appear, folded: itself, one of its other names, or its syllables in a row; its
    weight). [] for an empty query; None for a query of filler only (nothing matches)."""
    if understood.empty:
        return []
    if understood.deciding is None:
        return None
    return [([fold(name) for name in (part.text, *part.alternatives)] + ([part.split] if part.split else []),
             part.weight) for part in understood.parts if part.role == understood.deciding]


def _by_commodity(spans):
    """For each span, the ids of the commodities one of whose names it is."""
    names = {}
    for pk, name, alternatives in Commodity.objects.values_list("pk", "name", "alt_names"):
        for each in (name, *alternatives.splitlines()):
            if each.strip():
                names.setdefault(" ".join(fold(w) for w in words(each)), set()).add(pk)
    return [set().union(*(names.get(alternative, set()) for alternative in span)) for span in spans]


def _guides(params):
    guides = GuidePage.objects.visible()
    if params.locale:
        guides = guides.filter(locale__language_code=params.locale)
    for name, value in active(params).items():
        guides = BY_NAME[name].narrow(guides, value)
    return guides


def _matches(params, understood):
    """The visible guides holding every important part of the query (any one of a message's names and
    signs), in the text or by commodity name, each scored: a part found in the title counts three times
    its weight, elsewhere once."""
    guides = _guides(params)
    deciding = _deciding(understood)
    if deciding is None:
        return guides.none()
    spans = [span for span, _weight in deciding]
    score, anywhere = Value(0.0), Q()
    for n, (span, commodity_ids) in enumerate(zip(spans, _by_commodity(spans))):
        weight = deciding[n][1] if understood.message else 1.0
        in_text, in_title = fulltext.matching(span), fulltext.matching(span, title_only=True)
        condition = Q(pk__in=in_text if in_text is not None else [])
        if commodity_ids:
            growing = GuidePage.commodities.through.objects.filter(commodity_id__in=commodity_ids)
            condition |= Q(pk__in=growing.values("guidepage_id"))
        if understood.message:  # any part will do; the score says how much is covered
            anywhere |= condition
            found = Case(When(condition, then=Value(weight)), default=Value(0.0))
        else:
            guides = guides.filter(condition)
            found = Value(weight)
        score = score + (Case(When(pk__in=in_title, then=found * 3), default=found) if in_title else found)
    if understood.message:
        guides = guides.filter(anywhere)
    newest = params.sort == "newest" or not spans
    order = ("-first_published_at", "-score") if newest else ("-score", "-first_published_at")
    return guides.annotate(score=score).order_by(*order, "pk")


def _answer(params, understood):
    """(total, sector counts, the page's ids), all counted and ordered by the database."""
    guides = _matches(params, understood)
    start = (params.page - 1) * params.page_size
    shown = list(guides.values_list("pk", flat=True)[start:start + params.page_size])
    sectors = guides.order_by().values_list("sector").annotate(count=Count("pk"))
    return guides.count(), sorted(sectors, key=lambda entry: -entry[1]), shown


def database_search(params, understood=None):
    """The SearchResult the engine would give, computed from the database (sector facet only), for `params`
    with its query `understood` once by the caller (else here)."""
    understood = understood or read(params.q, params.locale)
    asked = {"q": params.q, "sort": params.sort, "locale": params.locale, "page": params.page,
             "page_size": params.page_size, **active(params)}
    key = stamped_key("search-fallback", understood.vocabulary.stamp, asked)
    answer = cache.get(key)
    if answer is None:
        answer = _answer(params, understood)
        cache.set(key, answer, FALLBACK_CACHE_SECONDS)
    total, sectors, shown = answer
    pages = {page.pk: page for page in indexable_guides().filter(pk__in=shown)}
    urls = url_cache()
    hits = [_hit(build_guide(pages[pk], urls)) for pk in shown if pk in pages]
    facets = {"sector": facet(BY_NAME["sector"], sectors)}
    return SearchResult(total=total, page=params.page, page_size=params.page_size, hits=hits, facets=facets)


def _hit(source):
    return Hit.from_source(source, highlight=escape(source["summary"]))
