"""The pages Django would render bare (400, 403, 404, 500, a refused form token, a page's password, 429) in
the site's layout and the visitor's language (by the address), each with a way home and to search; the
500 page without the database."""
import re

import pytest
from django.test import Client
from wagtail.models import PageViewRestriction

from tests.helpers import typical_guide

BROKEN = "tests.error_urls"
LAYOUT = ['<header class="top">', 'class="searchbox"']


def looks_like_the_site(html, language):
    assert f'<html lang="{language}"' in html
    for piece in LAYOUT:
        assert piece in html
    assert re.search(r"<style>[^<]*\.searchbox", html) or "css/site.css" in html  # the stylesheet, inline or linked
    home, search = ("/", "/tim-kiem/") if language == "vi" else ("/en/", "/en/search/")
    way_back = re.search(r'<p class="way-back">(.*?)</p>', html, re.S).group(1)
    assert re.findall(r'href="([^"]+)"', way_back) == [home, search]


@pytest.mark.parametrize("url, language, heading", [
    ("/khong-co-trang-nay/", "vi", "Không tìm thấy trang"),
    ("/en/no-such-page/", "en", "Page not found"),
])
@pytest.mark.django_db
def test_a_missing_page_is_a_404_in_the_sites_layout_and_language(client, url, language, heading):
    response = client.get(url)
    assert response.status_code == 404
    html = response.content.decode()
    looks_like_the_site(html, language)
    assert f"<h1>{heading}</h1>" in html


@pytest.mark.parametrize("url, status, language, heading", [
    ("/loi/500/", 500, "vi", "Trang đang gặp lỗi"),
    ("/en/loi/500/", 500, "en", "Something went wrong"),
    ("/loi/403/", 403, "vi", "Không được xem trang này"),
    ("/en/loi/403/", 403, "en", "You may not see this page"),
    ("/loi/400/", 400, "vi", "Yêu cầu không hợp lệ"),
])
def test_errors_render_in_the_sites_layout_and_language_without_the_database(settings, url, status, language,
                                                                               heading):
    """No database access is allowed in this test: the handlers render from a static context."""
    settings.ROOT_URLCONF = BROKEN
    client = Client(raise_request_exception=False)
    response = client.get(url)
    assert response.status_code == status
    html = response.content.decode()
    looks_like_the_site(html, language)
    assert f"<h1>{heading}</h1>" in html


@pytest.mark.django_db
def test_a_refused_form_token_says_the_form_expired_in_the_sites_layout():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/hoi-dap/gui/", {"text": "Lúa bị vàng lá phải làm sao?"})
    assert response.status_code == 403
    html = response.content.decode()
    looks_like_the_site(html, "vi")
    assert "<h1>Biểu mẫu đã quá hạn</h1>" in html
    english = client.post("/en/hoi-dap/gui/", {"text": "Yellow rice leaves?"}).content.decode()
    looks_like_the_site(english, "en")
    assert "<h1>The form has expired</h1>" in english


@pytest.mark.django_db
def test_a_page_password_form_uses_the_sites_layout_and_keeps_the_pages_title_to_itself(client):
    guide = typical_guide(slug="noi-bo", title="Kỹ thuật nội bộ của hợp tác xã")
    PageViewRestriction.objects.create(page=guide, restriction_type=PageViewRestriction.PASSWORD, password="hoptacxa")
    html = client.get("/trong-trot/noi-bo/").content.decode()
    looks_like_the_site(html, "vi")
    assert "<h1>Trang cần mật khẩu</h1>" in html and "Kỹ thuật nội bộ" not in html
    action = re.search(r'<form class="ask-form" action="([^"]+)"', html).group(1)
    wrong = client.post(action, {"password": "sai", "return_url": "/trong-trot/noi-bo/"}).content.decode()
    assert "Mật khẩu chưa đúng" in wrong and "Kỹ thuật nội bộ" not in wrong
    right = client.post(action, {"password": "hoptacxa", "return_url": "/trong-trot/noi-bo/"})
    assert right.status_code == 302 and client.get(right["Location"]).status_code == 200


@pytest.mark.django_db
def test_an_english_guides_password_form_is_in_english(client):
    """Issue 21, item 16: the page-password page in the language of the page it guards."""
    guide = typical_guide(slug="coop-internal", title="The cooperative's internal method", locale="en")
    PageViewRestriction.objects.create(page=guide, restriction_type=PageViewRestriction.PASSWORD, password="hoptacxa")
    html = client.get(guide.url).content.decode()
    looks_like_the_site(html, "en")
    assert "<h1>Password required</h1>" in html and "internal method" not in html
    assert re.search(r"<title>\s*Password required · ", html) and "Mật khẩu" not in html
    assert re.search(r'<label for="[^"]+">Password</label>', html) and ">Continue</button>" in html
    action = re.search(r'<form class="ask-form" action="([^"]+)"', html).group(1)
    wrong = client.post(action, {"password": "sai", "return_url": guide.url}).content.decode()
    looks_like_the_site(wrong, "en")
    assert "Wrong password. Please type it again." in wrong and "internal method" not in wrong
    right = client.post(action, {"password": "hoptacxa", "return_url": guide.url})
    assert right.status_code == 302 and "internal method" in client.get(right["Location"]).content.decode()
