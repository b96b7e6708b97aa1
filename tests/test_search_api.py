"""The JSON search API: its contract, its 400s, its OpenAPI description, and no 500 on any input."""
import pytest

from kb.importer import import_lines
from search import indexes
from tests.helpers import guide_line

pytestmark = pytest.mark.django_db


def test_search_returns_the_contract_best_first(client, farm_guides):
    data = client.get("/api/search", {"q": "dao on"}).json()
    assert data["total"] == 1 and data["page"] == 1 and data["degraded"] is False
    first = data["results"][0]
    assert set(first) == {"kind", "slug", "title", "url", "summary", "highlight", "sector", "commodities",
                          "months"}
    assert first["kind"] == "guide"
    assert first["slug"] == "dao-on" and first["months"] == [6, 7] and first["commodities"] == ["Lúa"]
    assert "<mark>" in first["highlight"]
    assert {"sector", "commodity", "topic", "region", "month"} <= set(data["facets"])


def test_filters_and_paging(client, farm_guides):
    data = client.get("/api/search", {"sector": "livestock"}).json()
    assert [r["slug"] for r in data["results"]] == ["heo-nai"]
    assert {f["value"]: f["count"] for f in data["facets"]["sector"]} == {"crop": 2, "livestock": 1, "aquaculture": 1}
    page2 = client.get("/api/search", {"page": 2, "page_size": 3}).json()
    assert page2["total"] == 4 and len(page2["results"]) == 1
    assert client.get("/api/search", {"month": 7}).json()["total"] == 1


def test_facet_counts_follow_the_index_when_the_same_search_is_asked_again(client, farm_guides):
    def regions():
        data = client.get("/api/search", {"q": "lua"}).json()
        return {f["label"]: f["count"] for f in data["facets"]["region"]}

    assert regions() == {"Phú Vang": 1, "Hương Trà": 1}
    # Published while no worker runs: the stamp of visible guides changes, the index does not yet.
    report = import_lines([guide_line("lua-phong-dien", "Làm đất trồng lúa", regions=["Phong Điền"])], publish=True)
    assert report.ok, report.errors
    assert regions() == {"Phú Vang": 1, "Hương Trà": 1}, "counted from the index as it is"
    indexes.reconcile()  # the worker's part, late
    assert regions() == {"Phú Vang": 1, "Hương Trà": 1, "Phong Điền": 1}
    assert client.get("/api/search", {"q": "lua", "page": 2, "page_size": 2}).json()["total"] == 3


def test_a_search_that_finds_nothing_offers_the_closest_guides_and_officers(client, farm_guides):
    data = client.get("/api/search", {"q": "zzzqqq", "sector": "crop"}).json()
    assert data["total"] == 0 and data["results"] == []
    assert {g["slug"] for g in data["closest"]} == {"dao-on", "lua-sach"}
    assert {g["url"] for g in data["closest"]} == {"/trong-trot/dao-on/", "/trong-trot/lua-sach/"}
    assert [(o["name"], o["phone"]) for o in data["officers"]] == [("Nguyễn Văn An", "0234 3822 111")]
    found = client.get("/api/search", {"q": "lua"}).json()
    assert found["total"] == 2 and found["closest"] == [] and found["officers"] == []


@pytest.mark.parametrize("name, value", [
    ("page", "0"), ("page", "999999"), ("page", "abc"), ("page_size", "0"), ("page_size", "51"),
    ("month", "13"), ("month", "0"), ("sector", "fishing"), ("sort", "random"), ("q", "x" * 2001),
    ("commodity", "a b"), ("locale", "fr"),
])
def test_bad_parameters_get_400_naming_them(client, name, value):
    response = client.get("/api/search", {name: value})
    assert response.status_code == 400
    assert response.json()["parameter"] == name and name in response.json()["error"]


@pytest.mark.parametrize("q", ["\x00\x01\x1f lúa", "🐖🐄" * 40, "\u202e\ufeff", "'; DROP TABLE x; --",
                               "(((", "*?~^\\/[]{}:\"", "ａｂｃ", "l" * 200])
def test_any_query_text_answers(client, farm_guides, q):
    for url in ("/api/search", "/api/suggest", "/tim-kiem/", "/en/search/"):
        assert client.get(url, {"q": q}).status_code == 200, (url, q)


def test_suggest_with_or_without_diacritics(client, farm_guides):
    for q in ("nuoi lo", "Nuôi lợ"):
        titles = [s["title"] for s in client.get("/api/suggest", {"q": q}).json()["suggestions"]]
        assert titles == ["Nuôi lợn nái sinh sản"], q


def test_did_you_mean_from_the_indexed_vocabulary(client, farm_guides):
    assert client.get("/api/search", {"q": "tomm"}).json()["did_you_mean"] == "tôm"
    assert client.get("/api/search", {"q": "daoo onn"}).json()["did_you_mean"] == "đạo ôn"
    assert client.get("/api/search", {"q": "xyzzyq"}).json()["did_you_mean"] is None
    assert client.get("/api/search", {"q": "lúa"}).json()["did_you_mean"] is None  # known word


def test_openapi_description_is_served(client):
    spec = client.get("/api/openapi.json").json()
    assert {"/api/search", "/api/suggest"} <= set(spec["paths"])
    names = {p["name"] for p in spec["paths"]["/api/search"]["get"]["parameters"]}
    assert {"q", "sector", "commodity", "topic", "region", "month", "page", "page_size"} <= names
    assert client.get("/api/docs").status_code == 200


def test_each_declared_filter_is_a_parameter_of_the_api_and_the_page_and_narrows_the_fallback(client, farm_guides):
    """A filter is one declaration (search.filters.FILTERS): the API documents it, both the API and the page
    refuse a bad value naming it, and the database fallback filters by it like the engine."""
    from search.fallback import database_search
    from search.filters import FILTERS
    from search.types import SearchParams

    spec = client.get("/api/openapi.json").json()
    documented = {p["name"] for p in spec["paths"]["/api/search"]["get"]["parameters"]}
    for f in FILTERS:
        assert f.name in documented
        bad = "13" if f.type is int else "không hợp lệ!"
        assert client.get("/api/search", {f.name: bad}).json()["parameter"] == f.name
        assert client.get("/tim-kiem/", {f.name: bad}).status_code == 400
    chosen = {"sector": "crop", "commodity": "lua", "topic": "vietgap", "region": "phu-vang", "month": 7}
    assert set(chosen) == {f.name for f in FILTERS}
    for name, value in chosen.items():
        engine = {hit["slug"] for hit in client.get("/api/search", {name: value}).json()["results"]}
        database = {hit.slug for hit in database_search(SearchParams(**{name: value})).hits}
        assert engine == database and engine, name


def test_did_you_mean_never_offers_a_word_only_a_draft_uses(client, farm_guides):
    from kb.importer import import_lines
    from tests.helpers import guide_line

    assert import_lines([guide_line("mang-cut", "Chăm sóc vườn cây ăn quả", commodities=["Măng cụt"])]).ok
    assert client.get("/api/search", {"q": "mangg"}).json()["did_you_mean"] is None
    assert import_lines([guide_line("mang-cut", "Chăm sóc vườn cây ăn quả", commodities=["Măng cụt"])],
                        publish=True).ok
    assert client.get("/api/search", {"q": "mangg"}).json()["did_you_mean"] == "măng"
