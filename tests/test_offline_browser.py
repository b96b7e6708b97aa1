"""Offline reading on a phone (chromium at 360 px, a live server, the real service worker): what a farmer
opened stays readable without signal, searching still answers, and the signal coming back needs no reload."""
import re
from concurrent.futures import ThreadPoolExecutor

import pytest
from playwright.sync_api import expect

from tests.helpers import wait_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DAO_ON, LUA_SACH, HEO_NAI, TOM_THE = "/trong-trot/dao-on/", "/trong-trot/lua-sach/", "/chan-nuoi/heo-nai/", \
    "/thuy-san/tom-the/"


def kept(phone):
    """The addresses of the guide pages this phone keeps (the service worker's "guides" cache)."""
    return phone.evaluate("""caches.open("guides").then(c => c.keys()).then(keys => keys
        .map(k => new URL(k.url).pathname).filter(p => /^\\/[a-z-]+\\/[a-z-]+\\/$/.test(p)).sort())""")


def until(phone, script, arg=None):
    """Wait until `script` (a function returning a promise) resolves to something true in the page."""
    return wait_for(lambda: phone.evaluate(script, arg), timeout=30)


def read(phone, base, path):
    """Open a guide with signal and wait until the phone has kept it."""
    phone.goto(base + path)
    until(phone, "p => caches.match(p).then(Boolean)", path)


def test_opened_guides_open_without_signal_and_search_finds_them_until_the_signal_returns(
        phone, live_server, settings):
    base = live_server.url
    read(phone, base, DAO_ON)  # the page that installs the service worker
    share = phone.locator(".share-links")  # chromium on Linux has no Web Share: the links stay
    assert share.locator("a").all_inner_texts() == ["Messenger", "Zalo: chép đường dẫn", "Tin nhắn SMS"]
    phone.context.grant_permissions(["clipboard-read", "clipboard-write"])
    share.locator("a.copy").click()
    # The toast is written once the clipboard has the address: wait for it rather than read it at once.
    expect(phone.locator(".share .toast")).to_have_text("Đã chép đường dẫn. Mở Zalo và dán vào tin nhắn.")
    assert re.fullmatch(rf"{re.escape(settings.SITE_URL)}/g/\d+", phone.evaluate("navigator.clipboard.readText()"))
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


def test_the_phone_keeps_pinned_and_recent_guides_within_its_bound_and_refreshes_a_revised_one(
        phone, live_server, settings):
    from django.db import connection

    from kb.models import GuidePage

    settings.OFFLINE_MAX_GUIDES = 2
    settings.OFFLINE_CHECK_MINUTES = 0  # ask for new revisions on every page opened with signal
    base = live_server.url
    read(phone, base, DAO_ON)
    pin = phone.locator("button.pin")
    assert pin.inner_text() == "Lưu để đọc khi mất sóng"
    pin.click()
    phone.wait_for_selector('button.pin[aria-pressed="true"]')
    until(phone, "p => caches.match(p).then(Boolean)", DAO_ON + "phieu-ky-thuat.pdf")
    for path in (LUA_SACH, HEO_NAI, TOM_THE):
        read(phone, base, path)
    until(phone, "p => caches.match(p).then(hit => !hit)", HEO_NAI)
    assert kept(phone) == [TOM_THE, DAO_ON]  # the last read and the pinned one; the others made room

    def revise():  # in a thread of its own: Playwright keeps an event loop running in this one
        guide = GuidePage.objects.get(slug="tom-the")
        guide.summary = "Bản sửa mới: thả giống khi độ mặn ổn định."
        guide.save_revision().publish()
        connection.close()

    with ThreadPoolExecutor(1) as pool:
        pool.submit(revise).result()
    phone.goto(base + "/")  # any page opened with signal
    until(phone, "p => caches.match(p).then(r => r.text()).then(t => t.includes('Bản sửa mới'))", TOM_THE)
    phone.context.set_offline(True)
    phone.goto(base + TOM_THE)
    assert phone.locator(".lead").inner_text() == "Bản sửa mới: thả giống khi độ mặn ổn định."
    assert phone.locator("button.pin").get_attribute("aria-pressed") == "false"


def test_saving_says_saved_in_words_and_a_guide_can_be_removed_from_the_saved_list(phone, live_server):
    base = live_server.url
    read(phone, base, DAO_ON)
    read(phone, base, LUA_SACH)
    pin = phone.locator("button.pin")
    assert pin.inner_text() == "Lưu để đọc khi mất sóng" and pin.get_attribute("aria-pressed") == "false"
    pin.click()
    phone.wait_for_selector('button.pin[aria-pressed="true"]')
    assert pin.inner_text() == "Đã lưu để đọc khi mất sóng"
    pin.click()  # a tap again unsaves
    phone.wait_for_selector('button.pin[aria-pressed="false"]')
    assert pin.inner_text() == "Lưu để đọc khi mất sóng"

    phone.locator(".saved-link").click()
    phone.wait_for_url(re.compile("/da-luu/$"))
    cards = phone.locator("#saved .card")
    cards.nth(1).wait_for()
    titles = phone.locator("#saved .card-title")
    assert titles.all_inner_texts() == ["Trồng lúa sạch theo VietGAP", "Phòng bệnh đạo ôn cho lúa"]
    remove = phone.get_by_role("button", name="Bỏ lưu: Phòng bệnh đạo ôn cho lúa")
    assert remove.bounding_box()["height"] >= 44
    remove.click()
    expect(cards).to_have_count(1)
    until(phone, "p => caches.match(p).then(hit => !hit)", DAO_ON)
    assert kept(phone) == [LUA_SACH]
    phone.reload()
    cards.first.wait_for()
    assert titles.all_inner_texts() == ["Trồng lúa sạch theo VietGAP"]
    phone.get_by_role("button", name="Bỏ lưu: Trồng lúa sạch theo VietGAP").click()
    expect(phone.locator("#saved .empty")).to_be_visible()
