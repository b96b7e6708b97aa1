"""Every screen an officer uses, at 1280 × 900 in Debian's chromium, in Vietnamese and (for the screens the
project adds) in English, with a working day's content (tests.helpers.officer_desk): no horizontal overflow
and no text cut at the screen's edge, no request to another host, no console error, no Wagtail or Django
string shown in English where the language has its translation, no serious or critical axe-core violation on
the project's own views (Wagtail's page editor has two it cannot fix here: Draftail text boxes inside
StreamField blocks and the tag field's autocomplete input have no accessible name); a screenshot of each in
var/screens/ as desk-<language>-<screen>.png, beside the farmer screens', for a reviewer. The field sheet
preview is a PDF: its first page is drawn there too.

The table SCREENS is the officer's half of the browser suite: one row a screen, the user who opens it and
whether the view is the project's own. The machinery here is minimal and self-contained; on the shared one
(a table of screens checked per language), each row is a screen with paths for "vi" (and "en" when `own`),
CHECKS and the cut-text and English-text checks are its `expect`, and the officer's and the editor's rows are
two calls, each signed in as its user."""
import subprocess
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.admin_translations import shown_in_english
from tests.conftest import CHROMIUM_ARGS
from tests.helpers import officer_desk, publish_alert
from tests.screens import LOCALES, SCREENSHOTS, Watch, overflow, serious

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DESKTOP = {"viewport": {"width": 1280, "height": 900}}


@dataclass(frozen=True)
class Screen:
    name: str
    path: str  # formatted with the desk's ids
    user: str | None  # "officer", "editor", or None for a visitor
    own: bool = False  # a view the project adds: checked with axe-core, and in English too


SCREENS = [
    Screen("dang-nhap", "/admin/login/", None),
    Screen("trang-tong-quan", "/admin/", "officer"),
    Screen("hop-thu-cau-hoi", "/admin/snippets/questions/farmerquestion/", "officer", own=True),
    Screen("cau-hoi", "/admin/snippets/questions/farmerquestion/edit/{waiting}/", "officer", own=True),
    Screen("cau-hoi-da-tra-loi", "/admin/snippets/questions/farmerquestion/edit/{answered}/", "officer", own=True),
    Screen("xac-nhan-dang-hoi-dap", "{publish}", "officer", own=True),
    Screen("xac-nhan-ban-nhap", "{guide_draft}", "officer", own=True),
    Screen("ket-qua-gui-canh-bao", "{delivery}", "editor", own=True),
    Screen("soan-canh-bao", "/admin/pages/{alert}/edit/", "editor"),
    Screen("bao-cao-tim-kiem", "/admin/search-report/", "officer", own=True),
    Screen("bao-cao-hoi-can-bo", "/admin/questions-report/", "officer", own=True),
    Screen("bao-cao-hoat-chat-cam", "/admin/banned-substances/", "editor", own=True),
    Screen("bao-cao-chuong-trinh", "/admin/programme-report/", "officer", own=True),
    Screen("viet-gi-tiep", "/admin/write-next/", "officer", own=True),
    Screen("viet-gi-tiep-chi-tiet", "{behind}", "officer", own=True),
    Screen("gop-y-huong-dan", "/admin/feedback/{guide}/", "officer", own=True),
    Screen("goi-in", "{packs}", "officer", own=True),
    Screen("goi-in-moi", "{new_pack}", "officer", own=True),
    Screen("soan-huong-dan", "/admin/pages/{guide}/edit/", "officer"),
    Screen("duyet-huong-dan", "/admin/pages/{draft}/edit/", "editor"),
    Screen("cay-trang", "/admin/pages/{sector}/", "officer"),
    Screen("hinh-anh", "/admin/images/", "officer"),
    Screen("tai-lieu", "/admin/documents/", "officer"),
    Screen("tai-khoan", "/admin/account/", "officer"),
    # The catalogues: Wagtail's snippet views; an officer reads them, an editor changes them (an officer the
    # problems too).
    Screen("nong-san", "/admin/snippets/kb/commodity/", "officer"),
    Screen("sua-nong-san", "/admin/snippets/kb/commodity/edit/{commodity}/", "editor"),
    Screen("can-bo", "/admin/snippets/kb/officer/", "officer"),
    Screen("sua-can-bo", "/admin/snippets/kb/officer/edit/{officer}/", "editor"),
    Screen("sau-benh", "/admin/snippets/kb/problem/", "officer"),
    Screen("sua-sau-benh", "/admin/snippets/kb/problem/edit/{problem}/", "officer"),
    Screen("hoat-chat", "/admin/snippets/kb/substance/", "officer"),
    Screen("sua-hoat-chat", "/admin/snippets/kb/substance/edit/{substance}/", "editor"),
    Screen("xa-phuong", "/admin/snippets/kb/commune/", "officer"),
    Screen("sua-xa-phuong", "/admin/snippets/kb/commune/edit/{commune}/", "editor"),
]

# Text whose right edge is past the window: cut off (a table wider than the screen, a long label).
CUT_TEXT = """() => {
  const edge = document.documentElement.clientWidth, cut = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, range = document.createRange();
    // The editor's minimap keeps its labels beyond the edge until it is opened.
    if (!node.textContent.trim() || node.parentElement.closest(".w-minimap")) continue;
    range.selectNodeContents(node);
    if ([...range.getClientRects()].some(r => r.width > 1 && r.height > 1 && r.right > edge + 1)) {
      cut.push(node.textContent.trim().slice(0, 60));
    }
  }
  return cut;
}"""


# What the screen shows in words: text and the placeholders of empty fields.
SHOWN_TEXT = """() => {
  const shown = [], walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (node.textContent.trim() && node.parentElement.checkVisibility()) shown.push(node.textContent);
  }
  document.querySelectorAll("[placeholder]").forEach(field => shown.push(field.placeholder));
  return shown;
}"""


def session_cookie(user, base_url):
    client = Client()
    client.force_login(user)
    return {"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
            "url": base_url}


def call_button(page):
    """Issue 21, item 1: the farmer's number can be read on the call button, beside an icon under 32 px."""
    button = page.locator("a.call-farmer")
    box, icon = button.bounding_box(), button.locator("svg").bounding_box()
    text = button.evaluate("""a => { const r = document.createRange(); r.selectNodeContents(a.lastChild);
                                      return r.getBoundingClientRect().toJSON(); }""")
    assert "0905 123 456" in button.inner_text() and button.get_attribute("href") == "tel:0905123456"
    assert icon["width"] < 32 and icon["height"] < 32
    assert box["x"] <= text["left"] and text["right"] <= box["x"] + box["width"]  # the number is inside the button
    assert box["y"] <= text["top"] and text["bottom"] <= box["y"] + box["height"]


CHECKS = {"cau-hoi": call_button}


def visit(page, url, axe, language):
    """Open `url` in `page`; the problems found on it (with axe-core when given one)."""
    watch = Watch(page, url.split("/admin/")[0])
    response = page.goto(url)
    problems = [] if response.status == 200 else [f"status {response.status}"]
    problems += overflow(page)
    problems += [f"cut at the right edge: {text!r}" for text in page.evaluate(CUT_TEXT)]
    problems += watch.problems()
    problems += [f"in English: {text!r}" for text in shown_in_english(page.evaluate(SHOWN_TEXT), language)]
    if axe:
        problems += serious(axe, page)
    return problems


@pytest.fixture
def desk(live_server):
    return officer_desk()


def test_every_officer_screen_at_1280_px(live_server, desk, monkeypatch):
    from axe_playwright_python.sync_playwright import Axe
    from django.core.management import call_command
    from playwright.sync_api import sync_playwright
    from wagtail.users.models import UserProfile

    from feedback.models import VoteComment, VoteCount
    from kb.models import Commodity, Commune, Officer, Problem, Substance
    from kb.tree import sector_index
    from reports.gaps import SEARCH, gaps

    alert = publish_alert()
    today = timezone.localdate()
    VoteCount.objects.create(kind="guide", item_id=desk.guide.pk, day=today, yes=3, no=2)
    VoteComment.objects.create(kind="guide", item_id=desk.guide.pk, day=today, text="Thiếu liều phân cho lúa non")
    call_command("count_activity")  # the searches' daily rows: "Viết gì tiếp" lists the one that found nothing
    ids = {"waiting": desk.waiting.pk, "answered": desk.answered.pk, "guide": desk.guide.pk, "draft": desk.draft.pk,
           "alert": alert.pk, "delivery": reverse("alerts_report", args=[alert.pk]),
           "publish": reverse("wagtailsnippets_questions_farmerquestion:publish", args=[desk.answered.pk]),
           "guide_draft": reverse("wagtailsnippets_questions_farmerquestion:guide_draft", args=[desk.answered.pk]),
           "sector": sector_index("crop").pk, "packs": reverse("print_packs:index"),
           "new_pack": reverse("print_packs:add"), "behind": next(gap.behind for gap in gaps(4) if gap.kind == SEARCH),
           "commodity": Commodity.objects.get(slug="lua").pk, "officer": Officer.objects.get(slug="chi-lan").pk,
           "problem": Problem.objects.first().pk, "substance": Substance.objects.first().pk,
           "commune": Commune.objects.first().pk}
    cookies = {role: session_cookie(getattr(desk, role), live_server.url) for role in ("officer", "editor")}
    preview = f"{live_server.url}{reverse('fieldsheets_preview', args=[desk.draft.pk])}"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    problems, axe = {}, Axe()
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # the live server's database, from this thread
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for language, locale in LOCALES.items():
            # The admin speaks the language of the user's account (Tài khoản → ngôn ngữ), else Vietnamese: the
            # browser's Accept-Language does not reach an address without a language prefix.
            for role in ("officer", "editor"):
                UserProfile.objects.update_or_create(user=getattr(desk, role),
                                                     defaults={"preferred_language": language})
            contexts = {}
            for screen in SCREENS:
                if language != settings.LANGUAGE_CODE and not screen.own:
                    continue
                if screen.user not in contexts:
                    contexts[screen.user] = browser.new_context(locale=locale, **DESKTOP)
                    contexts[screen.user].set_default_timeout(20_000)
                    if screen.user:
                        contexts[screen.user].add_cookies([cookies[screen.user]])
                page = contexts[screen.user].new_page()
                # axe-core once, in Vietnamese: the markup it judges is the same in both languages
                found = visit(page, live_server.url + screen.path.format(**ids),
                              axe if screen.own and language == settings.LANGUAGE_CODE else None, language)
                page.screenshot(path=SCREENSHOTS / f"desk-{language}-{screen.name}.png", full_page=True)
                if screen.name in CHECKS:
                    CHECKS[screen.name](page)
                if found:
                    problems[f"{language} {screen.name}"] = found
                page.close()
            if language == settings.LANGUAGE_CODE:  # a sheet is in its guide's language, not the reader's
                sheet = contexts["officer"].request.get(preview)
                assert sheet.status == 200 and sheet.headers["content-type"] == "application/pdf"
                drawn = SCREENSHOTS / "desk-vi-phieu-ky-thuat-xem-truoc"
                subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", "-", str(drawn)],
                               input=sheet.body(), check=True)
        browser.close()
    assert problems == {}, "\n".join(f"{screen}: {problem}" for screen, found in problems.items() for problem in found)
    assert len(list(SCREENSHOTS.glob("desk-*.png"))) >= len(SCREENS) + 1
