"""Browser path of a question, on a 360 px phone with and without JavaScript: ask from a guide with a
photo, land on the private page; an officer answers and publishes in the admin; the farmer's page and
the cited guide show the answer."""
import re

import pytest

from questions.models import FarmerQuestion
from tests.conftest import CHROMIUM_ARGS, PHONE
from tests.helpers import photo_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {**PHONE, "locale": "vi-VN"}


@pytest.fixture
def browser(live_server, farm_guides, monkeypatch):
    """Chromium, started once the database is ready. The test reads the database between browser steps,
    from the thread where Playwright's sync API keeps its event loop: Django allows that explicitly."""
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def ask_from_the_guide(phone, base_url, tmp_path):
    photo = tmp_path / "la-lua.jpg"
    photo.write_bytes(photo_bytes(size=(2000, 1500)))
    phone.goto(base_url + "/trong-trot/dao-on/")
    phone.get_by_role("link", name="Hỏi cán bộ khuyến nông").click()
    phone.wait_for_url(re.compile(r"/hoi-dap/gui/\?trang=\d+$"))
    phone.fill("#id_text", "Lúa nhà tôi có đốm hình thoi màu nâu trên lá, lan nhanh. Phun gì?")
    phone.set_input_files("#id_photo", str(photo))
    phone.fill("#id_phone", "0905 123 456")
    phone.check("#id_consent")
    phone.get_by_role("button", name="Gửi câu hỏi").click()
    phone.wait_for_url(re.compile(r"/hoi-dap/[\w-]{24}/\?moi=1$"))
    assert "Đã gửi câu hỏi" in phone.content()
    assert phone.locator("img.qr").evaluate("img => img.naturalWidth") > 0
    assert phone.locator('a[href^="sms:"]').count() == 1
    return FarmerQuestion.objects.get()


@pytest.mark.parametrize("javascript", [True, False])
def test_a_farmer_asks_from_a_guide_with_a_photo(browser, live_server, tmp_path, javascript):
    phone = browser.new_context(java_script_enabled=javascript, **PHONE).new_page()
    question = ask_from_the_guide(phone, live_server.url, tmp_path)
    assert question.photo and question.source_page.slug == "dao-on" and question.phone == "0905123456"
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 360  # nothing wider than the phone


def test_an_officer_answers_and_publishes_and_the_farmer_sees_it(browser, live_server, tmp_path,
                                                                 django_user_model):
    phone = browser.new_context(**PHONE).new_page()
    question = ask_from_the_guide(phone, live_server.url, tmp_path)
    django_user_model.objects.create_superuser("chief", password="pw-chief-123")

    admin = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN").new_page()
    admin.set_default_timeout(20_000)
    admin.goto(live_server.url + "/admin/login/")
    admin.fill("#id_username", "chief")
    admin.fill("#id_password", "pw-chief-123")
    admin.locator("button[type=submit]").click()
    admin.goto(f"{live_server.url}/admin/snippets/questions/farmerquestion/edit/{question.pk}/")
    assert admin.locator('a[href="tel:0905123456"]').count() == 1
    editor = admin.locator('[data-contentpath="answer"] [contenteditable="true"]')
    editor.click()
    editor.type("Phun thuốc trị đạo ôn khi bệnh chớm xuất hiện, ngưng bón đạm.")
    admin.wait_for_function("document.querySelector('[name=answer]').value.includes('ngưng bón đạm')")
    admin.locator("button.action-save").first.click()
    admin.wait_for_url(re.compile(r"/admin/snippets/questions/farmerquestion/(\?.*)?$"))
    question.refresh_from_db()
    assert question.status == "answered"
    admin.goto(f"{live_server.url}/admin/snippets/questions/farmerquestion/{question.pk}/publish/")
    admin.get_by_role("button", name="Đăng").click()
    admin.wait_for_url(re.compile(r"/edit/\d+/$"))

    phone.goto(f"{live_server.url}/hoi-dap/{question.token}/")
    assert "ngưng bón đạm" in phone.content() and "Đã đăng hỏi đáp" in phone.content()
    phone.get_by_role("link", name="Xem trang hỏi đáp công khai").click()
    phone.wait_for_url(re.compile(r"/giai-dap/"))
    assert "ngưng bón đạm" in phone.content() and "0905" not in phone.content()


def test_the_ask_form_says_which_guide_and_is_sized_for_a_thumb(browser, live_server):
    phone = browser.new_context(**PHONE).new_page()
    phone.goto(live_server.url + "/trong-trot/dao-on/")
    phone.get_by_role("link", name="Hỏi cán bộ khuyến nông").click()
    phone.wait_for_url(re.compile(r"/hoi-dap/gui/\?trang=\d+$"))
    assert phone.locator(".asked-from").inner_text() == "Câu hỏi về hướng dẫn: Phòng bệnh đạo ôn cho lúa"
    assert phone.locator(".asked-from a").get_attribute("href") == "/trong-trot/dao-on/"
    font = phone.evaluate("""() => [document.body, document.querySelector('#id_text')]
        .map(e => getComputedStyle(e).fontFamily)""")
    assert font[0] == font[1] and "monospace" not in font[1]
    photo, box, label = (phone.locator(s).bounding_box() for s in ("#id_photo", "#id_consent",
                                                                   'label[for="id_consent"]'))
    assert photo["height"] >= 44 and photo["width"] <= 360
    button_height = phone.evaluate("""() => { const input = document.querySelector('#id_photo');
        return parseFloat(getComputedStyle(input, '::file-selector-button').minHeight); }""")
    assert button_height >= 44
    assert box["width"] >= 24 and box["height"] >= 24
    assert label["height"] >= 44
    # a guide the farmer may not see, or no guide: nothing is named
    phone.goto(live_server.url + "/hoi-dap/gui/?trang=999999")
    assert phone.locator(".asked-from").count() == 0
