"""The farmers' search page: server-rendered, complete without JavaScript.

Its filters are counted only when a farmer opens them ("Lọc kết quả", a link to the same search with
`facets=1`): most never do, and counting them was half of what the engine spent on a search (with a filter
chosen, over twice the rest). A chosen filter shows as a chip that removes it, beside that link."""
from dataclasses import replace

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language

from core.ratelimit import rate_limited
from kb.models import Sector
from kb.months import season
from search import service
from search.filters import FILTERS, NAMES
from search.params import MAX_PAGE, MAX_QUERY, BadParameter, parse

DEFAULTS = {"page_size": 10, "sort": "relevance"}  # left out of URLs
# A message longer than this is carried in the page's links (facets, pages, order) as what was searched —
# its parts, at most a dozen words — not as the 2,000 characters typed: each link would weigh kilobytes.
LINK_QUERY = 200


def _query_string(values, **changes):
    """The current search's query string with `changes` applied (None removes); the page number is
    dropped unless given, since a changed filter starts again at page 1."""
    merged = {**values, "page": None, **changes}
    return urlencode({k: v for k, v in merged.items() if v not in (None, "")})


def _facet_groups(facets, values):
    groups = []
    for name, title in ((f.name, f.title) for f in FILTERS if f.title):
        active = values.get(name)
        options = [{"label": entry["label"], "count": entry["count"], "active": str(entry["value"]) == str(active),
                    "url": "?" + _query_string(values, **{name: None if str(entry["value"]) == str(active)
                                                          else entry["value"]})}
                   for entry in facets.get(name, [])]
        if options:
            groups.append({"name": name, "title": str(title), "options": options})
    return groups


def _chosen(values):
    """The filters chosen, labelled, each with the link that removes it (no counts: nothing was counted)."""
    return [{"label": str(f.labels([values[f.name]]).get(values[f.name], values[f.name])),
             "url": "?" + _query_string(values, **{f.name: None})} for f in FILTERS if f.name in values]


def _in_season(facets, values):
    """The "đang vào vụ" toggle: guides that apply this month."""
    month = timezone.localdate().month
    count = next((e["count"] for e in facets.get("month", []) if e["value"] == month), 0)
    active = values.get("month") == month
    return {"month": month, "count": count, "active": active,
            "url": "?" + _query_string(values, month=None if active else month)}


def _row(hit):
    """A result's card. Its officer to call is looked up here: in the template, a guide without one made
    two failed lookups per card, each an exception and a `dir()` (a millisecond of a page of ten)."""
    sectors = dict(Sector.choices)
    officer = hit.officers[0] if hit.officers and hit.officers[0].get("tel_url") else None
    return {"hit": hit, "sector": sectors.get(hit.sector, hit.sector), "season": season(hit.months),
            "officer": officer}


@rate_limited("search")
def search_page(request):
    locale = get_language() or "vi"
    try:
        query = parse(request.GET)
    except BadParameter as exc:
        return render(request, "search/results.html", {"error": exc, "query": request.GET.get("q", "")[:MAX_QUERY]},
                      status=400)
    values = {k: v for k, v in query.model_dump().items()
              if v not in (None, "") and k not in ("page", "facets") and DEFAULTS.get(k) != v}
    filtered = any(name in values for name in NAMES)
    params = replace(query.to_params(locale), facets=request.GET.get("facets") == "1")
    answer = service.search(params, source="page")
    result = answer.result
    if len(query.q) > LINK_QUERY:
        values["q"] = " ".join(part.text for part in answer.understood.parts)
    context = {
        "query": query.q, "params": params, "result": result, "degraded": answer.degraded,
        # Never a link past the deepest page the parameters allow (MAX_PAGE), however many guides match.
        "page_obj": Paginator(range(min(result.total, MAX_PAGE * params.page_size)), params.page_size)
        .get_page(params.page),
        "query_string": _query_string(values),
        "facet_groups": _facet_groups(result.facets, values),
        "in_season": _in_season(result.facets, values),
        "rows": [_row(hit) for hit in result.hits],
        "sort_urls": {"relevance": "?" + _query_string(values, sort=None),
                      "newest": "?" + _query_string(values, sort="newest")},
        "clear_url": "?" + _query_string({"q": values.get("q")}),
        "filtered": filtered, "message": answer.understood.message,
        "filters_url": "?" + _query_string(values, facets=1),
        "chosen": [] if params.facets else _chosen(values),
        "closest": answer.closest.guides, "closest_other_language": answer.closest.other_language,
        "named": answer.closest.named, "officers": answer.officers,
    }
    if answer.did_you_mean:
        context["did_you_mean"] = {"text": answer.did_you_mean,
                                   "url": "?" + _query_string(values, q=answer.did_you_mean)}
    response = render(request, "search/results.html", context)
    response["Server-Timing"] = answer.server_timing
    return response
