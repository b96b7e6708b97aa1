"""The JSON API (django-ninja: the OpenAPI description at /api/openapi.json, browsable at /api/docs).

Every bad parameter is a 400 whose JSON names it, never ninja's default 422 and never a 500.
"""
from typing import Literal

from django.http import HttpResponse
from django.utils import translation
from ninja import NinjaAPI, Query, Schema
from ninja.errors import ValidationError
from pydantic import Field

from core.ratelimit import rate_limited
from search import service
from search.params import MAX_QUERY, SearchQuery, first_error

api = NinjaAPI(title="Khuyến nông Thừa Thiên Huế — tìm hướng dẫn kỹ thuật", version="1.0", urls_namespace="api",
               docs_url="/docs", openapi_url="/openapi.json")


class ErrorOut(Schema):
    error: str
    parameter: str


class ResultOut(Schema):
    kind: str = Field(description="“guide”: a technique guide; “qa”: a farmer's question "
                                                     "answered by an officer and published (“Hỏi đáp”).")
    slug: str
    title: str
    url: str
    summary: str
    highlight: str = Field(description="HTML-escaped summary or body excerpt, matched words in <mark>.")
    sector: str
    commodities: list[str]
    months: list[int]


class FacetOut(Schema):
    value: str | int
    label: str
    count: int


class ClosestOut(Schema):
    slug: str
    title: str
    url: str
    summary: str
    locale: str = Field(description="The guide's language: “vi” when a commodity has no guide in the language "
                                    "asked yet and its Vietnamese guides are offered.")


class OfficerOut(Schema):
    name: str
    role: str
    district: str | None
    phone: str
    zalo: str

    @staticmethod
    def resolve_district(officer):
        return officer.district.name if officer.district else None


class SearchOut(Schema):
    total: int
    page: int
    page_size: int
    results: list[ResultOut]
    facets: dict[str, list[FacetOut]]
    did_you_mean: str | None = Field(None, description="A corrected query when this one finds little.")
    degraded: bool = Field(description="True when the search engine was down and the database answered.")
    closest: list[ClosestOut] = Field(description="When nothing was found: the closest guides (of a commodity "
                                      "the query names, of the chosen commodity or sector, else the newest).")
    officers: list[OfficerOut] = Field(description="When nothing was found: the extension officers to ask.")


class SuggestionOut(Schema):
    title: str
    url: str
    slug: str


class SuggestOut(Schema):
    suggestions: list[SuggestionOut]
    degraded: bool


@api.exception_handler(ValidationError)
def bad_parameter(request, exc):
    name, message = first_error(exc.errors, request.GET)
    return api.create_response(request, {"error": f"{name}: {message}", "parameter": name}, status=400)


Locale = Literal["vi", "en"]


@api.get("/search", response={200: SearchOut, 400: ErrorOut, 429: ErrorOut}, summary="Search technique guides")
@rate_limited("api", as_json=True)
def search(request, response: HttpResponse, filters: Query[SearchQuery], locale: Locale | None = None):
    """Guides matching `q` (diacritics optional, regional names understood), best first, with facet counts
    computed with every other filter applied."""
    with translation.override(locale or translation.get_language()):  # labels in the language asked
        answer = service.search(filters.to_params(locale), source="api")
    response["Server-Timing"] = answer.server_timing
    result = answer.result
    return {"total": result.total, "page": result.page, "page_size": result.page_size,
            "results": result.hits, "facets": result.facets, "degraded": answer.degraded,
            "did_you_mean": answer.did_you_mean,
            "closest": [{"slug": g.slug, "title": g.title, "url": g.get_url(request), "summary": g.summary,
                         "locale": g.locale.language_code} for g in answer.closest.guides],
            "officers": answer.officers}


@api.get("/suggest", response={200: SuggestOut, 400: ErrorOut, 429: ErrorOut}, summary="Type-ahead suggestions")
@rate_limited("suggest", as_json=True)
def suggestions(request, q: str = Query("", max_length=MAX_QUERY), locale: Locale | None = None,
                limit: int = Query(8, ge=1, le=20)):
    """Guide titles starting with what was typed so far, with or without diacritics."""
    return service.suggestions(SearchQuery.clean_query(q), limit=limit, locale=locale)

