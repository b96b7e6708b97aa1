"""Every screen a farmer sees, on a 360 × 640 phone in Debian's chromium, in Vietnamese and (where the screen
exists in English) in English, with a day's content (a long guide with its doses and officer, an answered
question published as Q&A, a question waiting for its answer, an alert in force, a guide behind a password):
no horizontal overflow, every tap target at least 44 × 44 px (links inside a sentence exempt, WCAG 2.5.8), no
request to another host, no console error (a CSP violation is one), no serious or critical axe-core
violation; a screenshot of each in var/screens/ as farmer-<language>-<screen>.png.

Also issue 21 item 17: the page paints from its first response: its stylesheet is inline, allowed by the
CSP hash of those bytes, and nothing it requests blocks rendering."""
from dataclasses import dataclass, field

import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.models import PageViewRestriction

from kb.tree import sector_index
from questions.models import FarmerQuestion
from questions.publishing import publish_answer
from search import indexes
from tests.conftest import CHROMIUM_ARGS, PHONE
from tests.helpers import publish_alert, typical_guide
from tests.screens import LOCALES, SCREENSHOTS, SMALL_TARGETS, Watch, overflow, serious

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "lua-2026"


@dataclass(frozen=True)
class Screen:
    name: str
    paths: dict  # language → path; a screen missing in a language has no entry
    status: int = 200
    then: object = None  # what the farmer does on the page before it is judged: fn(page)
    options: dict = field(default_factory=dict)


def in_language(language, name, *args):
    with translation.override(language):
        return reverse(name, args=args)


def both(name, *args):
    return {language: in_language(language, name, *args) for language in LOCALES}


def expired_form(page):
    """The ask form sent after its cookie was lost (a phone that cleared its data): Django refuses it (403)."""
    page.context.clear_cookies()
    page.fill("textarea", "Lúa bị vàng lá, phải làm sao?")
    with page.expect_navigation():
        page.locator("form:has(textarea) [type=submit]").click()


# A form sent as a browser without script sends it (form.submit() skips static/js/vote.js, which would answer in
# place): the vote's pages a farmer without script sees. (axe-core cannot run where script is off.)
SEND_AS_WITHOUT_SCRIPT = """([selector, name, value]) => {
  const form = document.querySelector(selector);
  if (name) form.append(Object.assign(document.createElement('input'), {type: 'hidden', name, value}));
  form.submit();
}"""


def not_yet(page):
    """"Chưa" under a guide, without script: the page that asks what was missing (feedback/answer.html)."""
    with page.expect_navigation():
        page.evaluate(SEND_AS_WITHOUT_SCRIPT, ["form.vote-form", "helped", "0"])


def what_was_missing(page):
    """"Chưa" and then one line of what was missing, without script: the thank-you page."""
    not_yet(page)
    page.fill(".vote-comment input[name=text]", "Thiếu liều lượng cho lúa non")
    with page.expect_navigation():
        page.evaluate(SEND_AS_WITHOUT_SCRIPT, ["form.vote-comment", "", ""])


def refused_question(page):
    """The ask form sent with a phone number that is not one: the form again, with its error (400)."""
    page.fill("textarea", "Lúa bị vàng lá từ gốc lên, phải làm sao?")
    page.fill("input[type=tel]", "12345")
    with page.expect_navigation():
        page.locator("form:has(textarea) [type=submit]").click()


def password_tried_too_often(page):
    """Eleven wrong passwords in an hour: the rate-limited page (429)."""
    for _ in range(11):
        page.fill("input[type=password]", "sai-mat-khau")
        with page.expect_navigation():
            page.press("input[type=password]", "Enter")
        if page.locator("input[type=password]").count() == 0:
            return


@pytest.fixture
def farmer_day(farm_guides, live_server, settings):
    """The content a farmer's screens show, beside farm_guides' four short guides; rate limits on, as
    in production, so that the page password's limit can be reached."""
    settings.RATELIMIT_ENABLE = True
    guide = typical_guide()
    english = typical_guide(slug="rice-summer", title="Intensive summer–autumn rice in Phú Vang", locale="en")
    # A second English guide: a visitor votes once an item, and each language has two vote screens.
    another = typical_guide(slug="rice-spring", title="Winter–spring rice in Phú Vang", locale="en")
    locked = typical_guide(slug="lua-giong-moi", title="Giống lúa mới đang thử nghiệm")
    locked_en = typical_guide(slug="new-rice-variety", title="A new rice variety on trial", locale="en")
    for page in (locked, locked_en):
        PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.PASSWORD,
                                           password=PASSWORD)
    waiting = FarmerQuestion.objects.create(text="Lợn nái bỏ ăn hai ngày, sốt cao. Phải làm sao?", source_page=guide)
    asked = FarmerQuestion.objects.create(
        text="Bón vôi cho ruộng chua bao nhiêu kg mỗi sào?", consent=True,
        answer="<p>Bón 15–20 kg vôi bột mỗi sào, trước khi cày. Ruộng chua nặng: 25 kg.</p>",
        status=FarmerQuestion.Status.ANSWERED)
    answer = publish_answer(asked, "Bón vôi cho ruộng chua bao nhiêu mỗi sào?", asked.text)
    alert = publish_alert()
    indexes.rebuild()
    return {"guide": guide, "english": english, "another": another, "locked": locked, "locked_en": locked_en,
            "waiting": waiting, "answer": answer, "alert": alert}


def screens(day):
    guide, english, alert = day["guide"], day["english"], day["alert"]
    ask = {language: f"{path}?trang={guide.pk}" for language, path in both("ask-officer").items()}
    return [
        Screen("trang-chu", {"vi": "/", "en": "/en/"}),
        Screen("tim-kiem", {"vi": "/tim-kiem/?q=lua", "en": in_language("en", "search") + "?q=rice"}),
        Screen("loc-ket-qua", {"vi": "/tim-kiem/?q=lua&facets=1",
                               "en": in_language("en", "search") + "?q=rice&facets=1"}),
        Screen("da-loc", {"vi": "/tim-kiem/?q=lua&sector=crop",
                          "en": in_language("en", "search") + "?q=rice&sector=crop"}),
        Screen("khong-tim-thay", {"vi": "/tim-kiem/?q=zzzqqq", "en": in_language("en", "search") + "?q=zzzqqq"}),
        Screen("huong-dan", {"vi": guide.url, "en": english.url}),
        Screen("chia-se", {"vi": f"/g/{guide.pk}", "en": f"/g/{english.pk}"}),
        Screen("hoi-dap", {"vi": day["answer"].url}),
        Screen("danh-sach-hoi-dap", {"vi": day["answer"].get_parent().url}),
        Screen("hoi-can-bo", ask),
        Screen("hoi-can-bo-loi", ask, status=400, then=refused_question),
        Screen("da-gui-cau-hoi", {language: f"{path}?moi=1"
                                  for language, path in both("question-status", day["waiting"].token).items()}),
        Screen("cau-hoi-cua-toi", both("question-status", day["waiting"].token)),
        Screen("da-luu", both("saved")),
        Screen("canh-bao", {"vi": alert.get_parent().url}),
        Screen("mot-canh-bao", {"vi": alert.url}),
        Screen("nhan-canh-bao", both("alerts-subscribe")),
        Screen("trong-trot", {"vi": sector_index("crop").url, "en": english.get_parent().url}),
        Screen("chan-nuoi", {"vi": sector_index("livestock").url}),
        Screen("cong-nghe", both("technology", "sri")),
        Screen("404", {"vi": "/khong-co-trang-nay/", "en": "/en/no-such-page/"}, status=404),
        Screen("403", both("ask-officer"), status=403, then=expired_form),
        Screen("chua-giup-duoc", {"vi": guide.url, "en": english.url}, then=not_yet),
        Screen("cam-on-gop-y", {"vi": day["answer"].url, "en": day["another"].url}, then=what_was_missing),
        Screen("mat-khau", {"vi": day["locked"].url, "en": day["locked_en"].url}),
        Screen("qua-nhieu-lan", {"vi": day["locked"].url}, status=429, then=password_tried_too_often),
    ]


def judge(page, screen, origin, axe):
    """Open `screen` in the language of `page`'s context; the problems found on it."""
    watch = Watch(page, origin)
    response = page.goto(origin + screen.paths[page.language])
    last = {"response": response}
    if screen.then:
        page.on("response", lambda r: last.update(response=r) if r.request.is_navigation_request() else None)
        screen.then(page)
    status = last["response"].status
    problems = [] if status == screen.status else [f"status {status}, not {screen.status}"]
    problems += overflow(page)
    problems += [f"tap target under 44 × 44 px: {target}" for target in page.evaluate(SMALL_TARGETS)]
    problems += watch.problems(expected_status_url=page.url if screen.status != 200 else None)
    problems += serious(axe, page)
    return problems


def test_every_farmer_screen_on_a_phone(farmer_day, live_server, monkeypatch):
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    all_screens = screens(farmer_day)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    problems, axe, shot = {}, Axe(), 0
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # the live server's database, from this thread
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for language, locale in LOCALES.items():
            context = browser.new_context(locale=locale, **PHONE)
            context.set_default_timeout(20_000)
            for screen in all_screens:
                if language not in screen.paths:
                    continue
                page = context.new_page()
                page.language = language
                found = judge(page, screen, live_server.url, axe)
                page.screenshot(path=SCREENSHOTS / f"farmer-{language}-{screen.name}.png", full_page=True)
                shot += 1
                if found:
                    problems[f"{language} {screen.name}"] = found
                page.close()
            context.close()
        browser.close()
    assert problems == {}, "\n".join(f"{screen}: {problem}" for screen, found in problems.items() for problem in found)
    assert shot == sum(len(screen.paths) for screen in all_screens) >= 30


def test_a_page_paints_from_its_first_response(farm_guides, live_server, monkeypatch):
    """Item 17: the inline stylesheet applies (the CSP hash matches its bytes: no violation), the page is
    styled, and no request it makes blocks rendering (Chromium's renderBlockingStatus)."""
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        context = browser.new_context(**PHONE)
        for path in ("/", "/tim-kiem/?q=lua", "/trong-trot/dao-on/", "/en/"):
            page = context.new_page()
            watch = Watch(page, live_server.url)  # a CSP violation is a console error
            page.goto(live_server.url + path, wait_until="load")
            assert page.locator("head style").count() == 1, path
            # The stylesheet's rules are in force: the search button is the accent green, not the browser's grey.
            assert page.eval_on_selector(".searchbox button", "b => getComputedStyle(b).backgroundColor") == \
                "rgb(11, 107, 46)", path
            blocking = page.evaluate("""performance.getEntriesByType('resource')
                .filter(e => e.renderBlockingStatus === 'blocking').map(e => e.name)""")
            assert blocking == [], path
            assert page.evaluate("document.querySelectorAll('head script:not([defer]):not([async])').length") == 0
            assert watch.problems() == [], path
            page.close()
        browser.close()
