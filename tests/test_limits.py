"""Limits: a script gets 429s where a person never would, admin sign-in locks out after repeated failures."""
import re
import time
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client
from django_ratelimit.core import _get_window

from core.ratelimit import RATES

pytestmark = pytest.mark.django_db


def fresh_address(network="10.9.0"):
    """An address whose counting window has just begun. django-ratelimit's one-minute windows are fixed
    per address (offset by its hash): a burst from this address is then counted in a single window, on a
    slow machine too."""
    now = time.time()
    return next(address for address in (f"{network}.{n}" for n in range(1, 255))
                if _get_window(address.encode(), 60) - now >= 50)


@pytest.fixture
def limits_on(settings):
    settings.RATELIMIT_ENABLE = True
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def script(limits_on):
    """A client at an address whose window has just begun, with the limits on."""
    return Client(REMOTE_ADDR=fresh_address())


def allowed(scope):
    return RATES[scope].count


def statuses(client, url, count, **headers):
    return [client.get(url, **headers).status_code for _ in range(count)]


# Bad parameters are refused cheaply but still count: the limit is on requests, not on good ones.
def test_a_script_searching_the_page_gets_a_429_with_a_vietnamese_message(script):
    codes = statuses(script, "/tim-kiem/?page=x", allowed("search"))
    assert 429 not in codes
    response = script.get("/tim-kiem/?q=lua")
    assert response.status_code == 429 and response["Retry-After"] == "60"
    html = response.content.decode()
    assert "Bạn gửi quá nhiều yêu cầu" in html
    assert '<header class="top">' in html and '<p class="way-back">' in html and 'href="/tim-kiem/"' in html


def test_the_english_site_says_so_in_english(script):
    statuses(script, "/en/search/?page=x", allowed("search"))
    response = script.get("/en/search/?q=rice")
    html = response.content.decode()
    assert response.status_code == 429 and "Too many requests" in html
    assert '<html lang="en"' in html and 'class="btn" href="/en/search/"' in html


def test_the_search_api_answers_429_in_json(script):
    assert 429 not in statuses(script, "/api/search?q=&page_size=1", allowed("api"))
    response = script.get("/api/search?q=lua")
    assert response.status_code == 429
    assert "Bạn gửi quá nhiều yêu cầu" in response.json()["error"]


def test_suggestions_allow_a_fast_typist_and_stop_a_script(script):
    assert 429 not in statuses(script, "/api/suggest?q=", allowed("suggest"))
    assert script.get("/api/suggest?q=lu").status_code == 429


def test_field_sheets_are_limited(script):
    assert 429 not in statuses(script, "/trong-trot/lua/phieu-ky-thuat.pdf?paper=x", allowed("sheet"))
    assert script.get("/trong-trot/lua/phieu-ky-thuat.pdf").status_code == 429


def test_clients_are_counted_apart(script):
    statuses(script, "/tim-kiem/?page=x", allowed("search") + 1)
    assert script.get("/tim-kiem/?page=x", REMOTE_ADDR=fresh_address("10.8.0")).status_code == 400


def test_a_forwarded_address_counts_only_behind_a_trusted_proxy(script, settings):
    # Not behind a proxy: a script cannot escape its limit by making up X-Forwarded-For.
    codes = [script.get("/tim-kiem/?page=x", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}").status_code
             for n in range(allowed("search") + 1)]
    assert codes[-1] == 429

    settings.TRUSTED_PROXIES = ["10.9.0.0/24"]
    cache.clear()
    codes = [script.get("/tim-kiem/?page=x", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 10.9.0.250").status_code
             for n in range(allowed("search") + 1)]
    assert 429 not in codes  # every farmer behind the front server is counted on their own
    farmer = fresh_address("198.51.100")
    statuses(script, "/tim-kiem/?page=x", allowed("search"), HTTP_X_FORWARDED_FOR=farmer)
    assert script.get("/tim-kiem/?page=x", HTTP_X_FORWARDED_FOR=farmer).status_code == 429


def test_rate_limits_off_turns_every_limit_off(script, settings):
    cache.clear()
    settings.RATELIMIT_ENABLE = False
    assert 429 not in statuses(script, "/tim-kiem/?page=x", allowed("search") + 5)


def test_the_readme_states_every_rate_with_its_number():
    """README's Limits list names every scope of RATES with its count, "an hour" for an hour's rate."""
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")
    limits = " ".join(readme.split("### Limits", 1)[1].split("- **Admin sign-in**", 1)[0].split())
    for scope, rate in RATES.items():
        stated = re.search(rf"(\d+)( an hour)? \(`{scope}`", limits)
        assert stated, f"README's Limits leave out the {scope} rate"
        assert (int(stated[1]), "h" if stated[2] else "m") == (rate.count, rate.per), scope


# --- admin sign-in lockout ---------------------------------------------------------------------------

def sign_in(client, password, username="editor"):
    return client.post("/admin/login/", {"username": username, "password": password})


def test_admin_sign_in_locks_out_after_five_failures_even_with_the_right_password(client):
    User.objects.create_user("editor", password="dung-mat-khau", is_staff=True, is_superuser=True)
    for _ in range(4):
        assert sign_in(client, "sai").status_code == 200  # the form again, with its error
    fifth = sign_in(client, "sai")
    assert fifth.status_code == 429
    assert "Đăng nhập sai quá nhiều lần" in fifth.content.decode()

    sixth = sign_in(client, "dung-mat-khau")
    assert sixth.status_code == 429 and "Đăng nhập sai quá nhiều lần" in sixth.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_locked_out_account_does_not_lock_out_another(client):
    User.objects.create_user("officer", password="mat-khau-can-bo", is_staff=True, is_superuser=True)
    for _ in range(6):
        sign_in(client, "sai", username="someone")
    response = sign_in(client, "mat-khau-can-bo", username="officer")
    assert response.status_code == 302 and client.session["_auth_user_id"]


# --- query cost caps -------------------------------------------------------------------------------

def test_a_long_query_reaches_the_engine_as_its_twelve_weightiest_parts(client, farm_guides):
    from search.understanding import MAX_QUERY_WORDS

    assert MAX_QUERY_WORDS == 12  # the README documents this number
    junk = [f"qxz{chr(97 + n)}w" for n in range(12)]

    def total(words):
        return client.get("/api/search", {"q": " ".join(words)}).json()["total"]

    assert total(junk[:11] + ["sạch"]) == 1  # the twelfth word still counts (any one word may match)...
    assert total(junk + ["sạch"]) == 0  # ...a thirteenth word like the others never reaches the engine
    assert total(junk + ["lúa"]) == 2  # ...but the name of a crop (or a pest, a sign) goes before them
    # Filler words ("cách", "thế nào") are dropped before anything else is cut.
    assert total(["cách", "thế", "nào"] * 3 + junk[:11] + ["sạch"]) == 1


def test_pagination_never_links_past_the_last_page_a_search_may_ask_for(client):
    from django.core.management import call_command

    from search import indexes
    from search.params import MAX_PAGE

    call_command("load_demo")
    call_command("generate_guides", "--count", str(MAX_PAGE + 10), "--seed", "5")
    indexes.rebuild()

    html = client.get("/tim-kiem/", {"page_size": 1, "page": MAX_PAGE - 1}).content.decode()
    assert f"page={MAX_PAGE}" in html and f"Trang {MAX_PAGE - 1}/{MAX_PAGE}" in html
    last = client.get("/tim-kiem/", {"page_size": 1, "page": MAX_PAGE})
    assert last.status_code == 200 and f"Trang {MAX_PAGE}/{MAX_PAGE}" in last.content.decode()
    assert 'rel="next"' not in last.content.decode()
    assert client.get("/tim-kiem/", {"page_size": 1, "page": MAX_PAGE + 1}).status_code == 400


def test_a_page_password_cannot_be_guessed_by_trying(script):
    from wagtail.models import PageViewRestriction

    from kb.models import HomePage

    page = HomePage.objects.get(locale__language_code="vi")
    restriction = PageViewRestriction.objects.create(page=page, restriction_type="password", password="lua-sach-2026")
    url = f"/_util/authenticate_with_password/{restriction.pk}/{page.pk}/"
    tries = [script.post(url, {"password": f"doan-{n}", "return_url": "/"}).status_code
             for n in range(allowed("page_password"))]
    assert 429 not in tries
    response = script.post(url, {"password": "lua-sach-2026", "return_url": "/"})
    assert response.status_code == 429 and response["Retry-After"] == "3600"
    assert "thử mật khẩu trang này quá nhiều lần" in response.content.decode()
    assert Client(REMOTE_ADDR=fresh_address("10.7.0")).post(url, {"password": "lua-sach-2026",
                                                                  "return_url": "/"}).status_code == 302
