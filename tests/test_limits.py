"""Limits: a script gets 429s where a person never would, admin sign-in locks out after repeated failures."""
import pytest
from django.contrib.auth.models import User
from django.core.cache import cache

from config.ratelimit import RATES

pytestmark = pytest.mark.django_db


@pytest.fixture
def limits_on(settings):
    settings.RATELIMIT_ENABLE = True
    cache.clear()
    yield
    cache.clear()


def allowed(scope):
    return int(RATES[scope].split("/")[0])


def statuses(client, url, count, **headers):
    return [client.get(url, **headers).status_code for _ in range(count)]


# Bad parameters are refused cheaply but still count: the limit is on requests, not on good ones.
def test_a_script_searching_the_page_gets_a_429_with_a_vietnamese_message(client, limits_on):
    codes = statuses(client, "/tim-kiem/?page=x", allowed("search"))
    assert 429 not in codes
    response = client.get("/tim-kiem/?q=lua")
    assert response.status_code == 429 and response["Retry-After"] == "60"
    assert "Bạn gửi quá nhiều yêu cầu" in response.content.decode()


def test_the_english_site_says_so_in_english(client, limits_on):
    statuses(client, "/en/search/?page=x", allowed("search"))
    response = client.get("/en/search/?q=rice")
    assert response.status_code == 429 and "Too many requests" in response.content.decode()


def test_the_search_api_answers_429_in_json(client, limits_on):
    assert 429 not in statuses(client, "/api/search?q=&page_size=1", allowed("api"))
    response = client.get("/api/search?q=lua")
    assert response.status_code == 429
    assert "Bạn gửi quá nhiều yêu cầu" in response.json()["error"]


def test_suggestions_allow_a_fast_typist_and_stop_a_script(client, limits_on):
    assert 429 not in statuses(client, "/api/suggest?q=", allowed("suggest"))
    assert client.get("/api/suggest?q=lu").status_code == 429


def test_field_sheets_are_limited(client, limits_on):
    assert 429 not in statuses(client, "/trong-trot/lua/phieu-ky-thuat.pdf?paper=x", allowed("sheet"))
    assert client.get("/trong-trot/lua/phieu-ky-thuat.pdf").status_code == 429


def test_clients_are_counted_apart(client, limits_on):
    statuses(client, "/tim-kiem/?page=x", allowed("search") + 1, REMOTE_ADDR="10.0.0.1")
    assert client.get("/tim-kiem/?page=x", REMOTE_ADDR="10.0.0.2").status_code == 400


def test_a_forwarded_address_counts_only_behind_a_trusted_proxy(client, limits_on, settings):
    # Not behind a proxy: a script cannot escape its limit by making up X-Forwarded-For.
    codes = [client.get("/tim-kiem/?page=x", REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}").status_code
             for n in range(allowed("search") + 1)]
    assert codes[-1] == 429

    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    cache.clear()
    codes = [client.get("/tim-kiem/?page=x", REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 10.0.0.8")
             .status_code for n in range(allowed("search") + 1)]
    assert 429 not in codes  # every farmer behind the front server is counted on their own
    statuses(client, "/tim-kiem/?page=x", allowed("search"), REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR="192.0.2.1")
    assert client.get("/tim-kiem/?page=x", REMOTE_ADDR="10.0.0.9",
                      HTTP_X_FORWARDED_FOR="192.0.2.1").status_code == 429


def test_rate_limits_off_turns_every_limit_off(client, settings):
    settings.RATELIMIT_ENABLE = False
    assert 429 not in statuses(client, "/tim-kiem/?page=x", allowed("search") + 5)


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
