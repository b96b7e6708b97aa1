"""Offline reading on a phone (chromium at 360 px, a live server, the real service worker): what a farmer
opened stays readable without signal, searching still answers, and the signal coming back needs no reload."""
import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DAO_ON, LUA_SACH, HEO_NAI, TOM_THE = "/trong-trot/dao-on/", "/trong-trot/lua-sach/", "/chan-nuoi/heo-nai/", \
    "/thuy-san/tom-the/"


def kept(phone):
    """The addresses of the guide pages this phone keeps (the service worker's "guides" cache)."""
    return phone.evaluate("""caches.open("guides").then(c => c.keys()).then(keys => keys
        .map(k => new URL(k.url).pathname).filter(p => /^\\/[a-z-]+\\/[a-z-]+\\/$/.test(p)).sort())""")


def read(phone, base, path):
    """Open a guide with signal and wait until the phone has kept it."""
    phone.goto(base + path)
    phone.wait_for_function("p => caches.match(p).then(Boolean)", arg=path)


def test_opened_guides_open_without_signal_and_search_finds_them_until_the_signal_returns(phone, live_server):
    base = live_server.url
    read(phone, base, DAO_ON)  # the page that installs the service worker
    read(phone, base, HEO_NAI)
    phone.context.set_offline(True)

    phone.reload()
    assert phone.locator("h1").inner_text() == "Nuôi lợn nái sinh sản"
    phone.goto(base + DAO_ON)
    assert phone.locator("h1").inner_text() == "Phòng bệnh đạo ôn cho lúa"

    phone.locator(".saved-link").click()
    phone.wait_for_url(re.compile("/da-luu/$"))
    phone.locator("#saved .card-title").nth(1).wait_for()
    assert phone.locator("#saved .card-title").all_inner_texts() == ["Phòng bệnh đạo ôn cho lúa",
                                                                      "Nuôi lợn nái sinh sản"]

    phone.fill("#q", "lon nai")
    phone.press("#q", "Enter")
    phone.wait_for_url(re.compile(r"/tim-kiem/\?q=lon\+nai"))
    assert "mất sóng" in phone.locator("#offline-notice").inner_text()
    phone.locator("#saved .card-title").first.wait_for()
    assert phone.locator("#saved .card-title").all_inner_texts() == ["Nuôi lợn nái sinh sản"]

    phone.context.set_offline(False)
    phone.fill("#q", "dao on lua")
    phone.press("#q", "Enter")
    phone.wait_for_url(re.compile(r"/tim-kiem/\?q=dao"))
    assert phone.locator("ol.results .card-title").first.inner_text() == "Phòng bệnh đạo ôn cho lúa"
