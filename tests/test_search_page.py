"""The farmers' search page, server-rendered: results, facets in the URL, sorting, paging, did-you-mean,
the zero-result page, the English route, bad parameters, and the database fallback when the engine is down."""
import re
import socket
import threading

import pytest

from tests.helpers import closed_port

pytestmark = pytest.mark.django_db


def page(client, url="/tim-kiem/", status=200, **params):
    response = client.get(url, params)
    assert response.status_code == status, response.content[:500]
    return response.content.decode()


def result_links(html):
    """The links of the result list (not of the closest guides a zero-result page offers)."""
    found = re.search(r'<ol class="cards results">(.*?)</ol>', html, re.S)
    return re.findall(r'<a class="card-title" href="([^"]+)"', found.group(1)) if found else []


def test_results_show_title_snippet_meta_and_a_call_link(client, farm_guides):
    html = page(client, q="dao on")
    assert result_links(html) == ["/trong-trot/dao-on/"]
    assert "Phòng bệnh đạo ôn cho lúa" in html and "<mark>đạo</mark>" in html
    assert "Trồng trọt · Lúa · Tháng 6–7" in html
    assert 'href="tel:02343822111"' in html
    assert "1 hướng dẫn" in html
    no_officer = page(client, q="lợn nái")  # a guide without an officer to call: no call link
    assert result_links(no_officer) == ["/chan-nuoi/heo-nai/"] and "tel:" not in no_officer


def test_filters_are_counted_when_opened_then_combine_and_stay_in_the_url(client, farm_guides):
    html = page(client, q="lua")
    assert len(result_links(html)) == 2
    # Not counted until asked: a link to the same search with its filters.
    assert 'class="chip"' not in html and "region=" not in html
    opened = re.search(r'<div class="filters">\s*<a href="\?([^"#]+)#loc">Lọc kết quả</a>', html).group(1)
    html = client.get("/tim-kiem/?" + opened.replace("&amp;", "&")).content.decode()
    assert result_links(html) == result_links(page(client, q="lua"))
    assert '<details class="filters" id="loc" open>' in html
    region_link = re.search(r'href="\?([^"]*region=huong-tra[^"]*)"', html).group(1).replace("&amp;", "&")
    assert "facets" not in region_link  # chosen, the results come first, without counts
    narrowed = client.get("/tim-kiem/?" + region_link).content.decode()
    assert result_links(narrowed) == ["/trong-trot/lua-sach/"]
    # The chosen filter shows as a chip whose link removes it, beside the link that opens the filters again.
    chip = re.search(r'<a class="chip on"\s+href="\?([^"]+)"\s+aria-current="true"[^>]*>Hương Trà <span', narrowed)
    assert chip.group(1) == "q=lua" and "Lọc kết quả" in narrowed and "Phú Vang" not in narrowed
    reopened = page(client, q="lua", region="huong-tra", facets=1)
    assert re.search(r'<a class="chip on"\s+href="\?q=lua"[^>]*>Hương Trà <span>1</span>', reopened)
    assert re.search(r'>Phú Vang <span>1</span>', reopened)  # each facet counts every value of its own filter
    both = page(client, q="lua", region="huong-tra", topic="sau-benh")
    assert result_links(both) == []


def test_sort_newest_and_pagination(client, farm_guides):
    newest = page(client, sort="newest", page_size=2)
    assert len(result_links(newest)) == 2 and "Trang 1/2" in newest
    assert re.search(r'rel="next"\s+href="\?sort=newest&amp;page_size=2&amp;page=2"', newest)
    second = page(client, sort="newest", page_size=2, page=2)
    assert set(result_links(newest)).isdisjoint(result_links(second)) and len(result_links(second)) == 2
    beyond = page(client, sort="newest", page=200)
    assert result_links(beyond) == [] and 'href="?sort=newest">Về trang đầu' in beyond


def test_in_season_filter_uses_this_month(client, farm_guides):
    from django.utils import timezone

    from kb.importer import import_lines
    from search import indexes
    from tests.helpers import guide_line

    month = timezone.localdate().month
    assert import_lines([guide_line("vu-nay", "Gieo mạ vụ này", months=[month])], publish=True).ok
    indexes.rebuild()
    html = page(client, q="lua", facets=1)
    chip = re.search(r'<a class="chip"\s+href="\?([^"]+)"\s*>Đang vào vụ \(tháng (\d+)\) <span>(\d+)</span>', html)
    assert chip.group(2, 3) == (str(month), "1")
    in_season = client.get("/tim-kiem/?" + chip.group(1).replace("&amp;", "&")).content.decode()
    assert result_links(in_season) == ["/trong-trot/vu-nay/"]


def test_did_you_mean_and_the_zero_result_page(client, farm_guides):
    html = page(client, q="tomm")
    assert "Có phải bạn muốn tìm" in html and 'href="?q=t%C3%B4m"' in html
    # nothing matches every word: the guides matching some of them come instead of nothing
    assert set(result_links(page(client, q="lúa xyzzy qwerty"))) == {"/trong-trot/dao-on/", "/trong-trot/lua-sach/"}
    empty = page(client, q="zzzqqq", sector="crop")
    assert "Chưa tìm thấy" in empty and "Hướng dẫn gần nhất" in empty and "Có phải" not in empty
    assert "Phòng bệnh đạo ôn cho lúa" in empty and "Nuôi tôm" not in empty  # closest by the chosen sector
    assert 'href="tel:02343822111"' in empty  # the officer of those guides
    # the ask button and the officers come first, the guides below them
    assert empty.index('class="ask-officer"') < empty.index("tel:02343822111") < empty.index("Hướng dẫn gần nhất")


def test_a_query_that_names_nothing_leads_with_asking_an_officer_and_lists_no_unrelated_guides(client, farm_guides):
    empty = page(client, q="zzzqqq")
    assert "Chưa tìm thấy" in empty and "Hướng dẫn gần nhất" not in empty
    assert not re.search(r'class="card-title" href="/(trong-trot|thuy-san|chan-nuoi)/', empty)
    assert 'href="/hoi-dap/gui/?q=zzzqqq"' in empty
    assert empty.index('class="ask-officer"') < empty.index('href="tel:02343822111"')


def test_english_route_searches_english_guides_and_bad_parameters_get_400(client, farm_guides):
    from kb.importer import import_lines
    from search import indexes
    from tests.helpers import guide_line

    assert import_lines([guide_line("rice-blast", "Preventing rice blast", locale="en")], publish=True).ok
    indexes.rebuild()
    english = page(client, "/en/search/", q="rice blast")
    assert result_links(english) == ["/en/crops/rice-blast/"] and '<html lang="en"' in english
    # The Vietnamese page lists Vietnamese guides (the đạo ôn guide: "rice blast" is one of its names)
    assert "/en/crops/rice-blast/" not in result_links(page(client, q="rice blast"))
    html = page(client, status=400, q="lua", month="13")
    assert "month" in html and "<form" in html


def test_a_year_round_guides_card_says_so_in_both_languages(client, farm_guides):
    """Issue 21, item 9: "Quanh năm" / "Year-round" on the card, not the twelve months."""
    from kb.importer import import_lines
    from search import indexes
    from tests.helpers import guide_line

    year = list(range(1, 13))
    assert import_lines([guide_line("ga-tha", "Nuôi gà thả vườn", sector="livestock", commodities=["Gà"],
                                    months=year),
                         guide_line("free-range-chicken", "Free-range chickens", sector="livestock",
                                    commodities=["Gà"], months=year, locale="en")], publish=True).ok
    indexes.rebuild()
    html = page(client, q="ga tha vuon")
    assert result_links(html)[0] == "/chan-nuoi/ga-tha/"
    assert re.search(r"<p class=\"meta\">Chăn nuôi · Gà · Quanh năm</p>", html) and "Tháng 12" not in html
    english = page(client, "/en/search/", q="free-range chickens")
    assert result_links(english)[0] == "/en/livestock/free-range-chicken/"
    assert re.search(r"<p class=\"meta\">Livestock · [^<]+ · Year-round</p>", english) and "Dec" not in english


def test_the_page_is_compressed(client, farm_guides):
    response = client.get("/tim-kiem/", {"q": "lua"}, HTTP_ACCEPT_ENCODING="gzip, br")
    assert response["Content-Encoding"] == "gzip"


def test_engine_down_page_and_api_answer_from_the_database(client, farm_guides, settings):
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{closed_port()}"
    html = page(client, q="LÚA")
    assert "Máy tìm kiếm đang bảo trì" in html
    assert result_links(html)[0] in {"/trong-trot/dao-on/", "/trong-trot/lua-sach/"} and len(result_links(html)) == 2
    data = client.get("/api/search", {"q": "lon nai"}).json()
    assert data["degraded"] is True and [r["slug"] for r in data["results"]] == ["heo-nai"]
    assert client.get("/api/search", {"sector": "aquaculture"}).json()["total"] == 1
    suggestions = client.get("/api/suggest", {"q": "tom"}).json()
    assert suggestions["degraded"] is True and suggestions["suggestions"][0]["slug"] == "tom-the"


def test_server_timing_says_where_a_search_spent_its_time(client, farm_guides, settings):
    timing = re.compile(r"^engine;dur=(\d+), engine-calls;dur=(\d+), search;dur=(\d+)$")
    for response in (client.get("/tim-kiem/", {"q": "lua"}), client.get("/api/search", {"q": "lua"})):
        engine, calls, whole = map(int, timing.match(response["Server-Timing"]).groups())
        assert engine <= calls + 1 and calls <= whole  # the engine's took is whole milliseconds
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{closed_port()}"
    assert re.match(r"^search;dur=\d+$", client.get("/api/search", {"q": "lua"})["Server-Timing"])


def test_engine_down_the_database_fallback_finds_words_of_the_body_and_follows_edits(client, farm_guides, settings):
    from kb.models import GuidePage

    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{closed_port()}"
    guide = GuidePage.objects.get(slug="tom-the")
    guide.body = [{"type": "step", "value": {"title": "Quạt nước", "text": "<p>Chạy quạt nước ban đêm.</p>"}}]
    guide.title = "Nuôi tôm thẻ trong ao lót bạt"
    guide.save_revision().publish()
    data = client.get("/api/search", {"q": "quat nuoc ban dem"}).json()
    assert data["degraded"] is True and [r["slug"] for r in data["results"]] == ["tom-the"]
    assert client.get("/api/search", {"q": "lot bat"}).json()["total"] == 1
    GuidePage.objects.get(slug="heo-nai").unpublish()
    assert client.get("/api/search", {"q": "lợn nái"}).json()["total"] == 0


def test_engine_down_the_database_fallback_knows_the_same_regional_names(client, farm_guides, settings):
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{closed_port()}"
    data = client.get("/api/search", {"q": "heo nái"}).json()  # "Nuôi lợn nái sinh sản": heo is lợn in the South
    assert data["degraded"] is True and [r["slug"] for r in data["results"]] == ["heo-nai"]
    assert result_links(page(client, q="cach nuoi heo"))[0] == "/chan-nuoi/heo-nai/"


class SilentHost:
    """A listener that accepts connections and never answers, like a host that drops packets; it counts
    the connections made to it."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.connections = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                self.connections.append(self.sock.accept()[0])
            except OSError:
                return

    def close(self):
        for connection in self.connections:
            connection.close()
        self.sock.close()


@pytest.fixture
def silent_host():
    host = SilentHost()
    yield host
    host.close()


def test_a_silent_engine_is_asked_once_then_searches_skip_it_for_a_while(client, farm_guides, settings, silent_host):
    settings.ELASTICSEARCH_URL = silent_host.url
    settings.SEARCH_ENGINE_TIMEOUT_SECONDS = 1
    assert "Máy tìm kiếm đang bảo trì" in page(client, q="lúa")
    asked = len(silent_host.connections)
    assert asked >= 1
    assert "Máy tìm kiếm đang bảo trì" in page(client, q="lợn")  # within SEARCH_ENGINE_RETRY_SECONDS
    assert client.get("/api/search", {"q": "tôm"}).json()["degraded"] is True
    assert client.get("/api/suggest", {"q": "tôm"}).json()["degraded"] is True
    assert len(silent_host.connections) == asked  # not contacted again
    settings.SEARCH_ENGINE_RETRY_SECONDS = 0  # the window over: the engine is asked again
    assert "Máy tìm kiếm đang bảo trì" in page(client, q="lúa")
    assert len(silent_host.connections) > asked


def test_snippets_show_typed_markup_as_text_escaped_once(client, search_index):
    from kb.importer import import_lines
    from search import indexes
    from tests.helpers import guide_line

    line = guide_line("bon-voi", "Bón vôi cải tạo đất", summary="Cải tạo đất chua.",
                      body="Rắc <b>vôi bột</b> & tro bếp trước khi cày, 10 kg/sào.")
    assert import_lines([line], publish=True).ok
    indexes.rebuild()
    highlight = client.get("/api/search", {"q": "tro bep"}).json()["results"][0]["highlight"]
    assert "&lt;b&gt;" in highlight and "&amp;" in highlight  # the farmer sees <b> and &, as the officer typed
    assert "&amp;lt;" not in highlight and "&amp;amp;" not in highlight  # never "&lt;b&gt;" on the screen
    html = page(client, q="tro bep")
    assert "<b>vôi" not in html and "&lt;b&gt;" in html
