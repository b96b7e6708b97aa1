"""Browser tests: Debian's chromium through Playwright on a phone viewport, against a live server with a
real engine and real indexing. Few tests, each a whole farmer's path."""
import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def search_and_follow(phone, base_url):
    """Type a query without diacritics, check the right guides come, open the filters and narrow by a
    place, open the guide, and return its tap-to-call link."""
    phone.goto(base_url + "/")
    phone.fill("#q", "lua")
    phone.press("#q", "Enter")
    phone.wait_for_url(re.compile(r"/tim-kiem/\?q=lua"))
    assert sorted(phone.locator("ol.results .card-title").all_inner_texts()) == [
        "Phòng bệnh đạo ôn cho lúa", "Trồng lúa sạch theo VietGAP"]
    phone.locator("div.filters > a").click()
    phone.wait_for_url(re.compile(r"facets=1"))
    phone.locator('a.chip[data-facet="region"]', has_text="Phú Vang").click()
    phone.wait_for_url(re.compile(r"region=phu-vang"))
    assert phone.locator("ol.results .card-title").all_inner_texts() == ["Phòng bệnh đạo ôn cho lúa"]
    phone.locator("ol.results .card-title").first.click()
    phone.wait_for_url(re.compile(r"/trong-trot/dao-on/$"))
    call = phone.locator('a[href^="tel:"]').first
    box = call.bounding_box()
    assert box["height"] >= 48 and box["width"] >= 48  # a thumb can hit it
    return call.get_attribute("href")


def test_farmer_finds_a_guide_and_calls_the_officer(phone, live_server):
    assert search_and_follow(phone, live_server.url) == "tel:02343822111"


@pytest.mark.parametrize("phone", [False], indirect=True)
def test_the_same_without_javascript(phone, live_server):
    assert search_and_follow(phone, live_server.url) == "tel:02343822111"
    assert phone.locator("ul.suggest").count() == 0  # the type-ahead script did not run


def test_type_ahead_suggests_as_you_type_without_diacritics(phone, live_server):
    phone.goto(live_server.url + "/")
    phone.locator("#q").press_sequentially("nuoi lo", delay=30)
    suggestion = phone.locator("ul.suggest a").first
    suggestion.wait_for()
    assert suggestion.inner_text() == "Nuôi lợn nái sinh sản"
    suggestion.click()
    phone.wait_for_url(re.compile(r"/heo-nai/$"))


def test_no_serious_accessibility_violation(phone, live_server):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    for path in ("/", "/tim-kiem/?q=lua", "/tim-kiem/?q=zzzqqq", "/trong-trot/dao-on/"):
        phone.goto(live_server.url + path)
        violations = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
                      for v in axe.run(phone).response["violations"] if v["impact"] in ("serious", "critical")]
        assert violations == [], path
