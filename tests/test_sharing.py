"""Sharing a guide: short addresses, the SMS text, link previews and the share links on the page."""
import re
from datetime import timedelta
from html import unescape
from urllib.parse import quote, unquote

import pytest
from django.utils import timezone
from PIL import Image

from kb.importer import import_guide
from kb.models import GuidePage, SectorIndexPage
from tests.helpers import typical_guide

pytestmark = pytest.mark.django_db


@pytest.fixture
def guide(db):
    return typical_guide()


def meta(html, prop):
    match = re.search(rf'<meta (?:property|name)="{prop}" content="([^"]*)"', html)
    return unescape(match.group(1)) if match else None


def test_the_short_address_leads_to_the_guide_after_a_slug_change_and_a_move(client, guide):
    short = f"/g/{guide.pk}"
    assert client.get(short)["Location"] == "/trong-trot/lua-he-thu/"

    guide.slug = "lua-he-thu-phu-vang"
    guide.save_revision().publish()
    assert client.get(short)["Location"] == "/trong-trot/lua-he-thu-phu-vang/"

    aquaculture = SectorIndexPage.objects.get(sector="aquaculture", locale__language_code="vi")
    guide.move(aquaculture, pos="last-child")
    response = client.get(short, follow=True)
    assert response.redirect_chain == [(aquaculture.url + "lua-he-thu-phu-vang/", 302)]
    assert "Kỹ thuật thâm canh lúa vụ Hè Thu ở Phú Vang" in response.content.decode()


def test_a_draft_an_expired_guide_or_a_page_that_is_not_a_guide_has_no_short_address(client, guide):
    draft = typical_guide(slug="nhap", title="Bản nháp", publish=False)
    home = guide.get_parent().get_parent()
    for pk in (draft.pk, home.pk, 999_999):
        assert client.get(f"/g/{pk}").status_code == 404
        assert client.get(f"/g/{pk}.txt").status_code == 404
    guide.expire_at = timezone.now() - timedelta(minutes=1)  # expired, before publish_scheduled notices
    guide.save(update_fields=["expire_at"])
    assert client.get(f"/g/{guide.pk}").status_code == 404


def test_the_sms_text_is_plain_ascii_within_160_characters_with_doses_interval_and_link(client, guide, settings):
    text = client.get(f"/g/{guide.pk}.txt").content.decode()
    assert len(text) <= 160 and text.isascii()
    assert text.startswith("Ky thuat tham canh lua vu he thu o phu vang")
    assert "Phan chuong hoai 500 kg moi sao" in text
    assert "Cach ly 14 ngay truoc thu hoach" in text
    assert text.endswith(f"{settings.SITE_URL}/g/{guide.pk}")


def test_a_long_guide_still_fits_an_sms_with_its_link(client, db, settings):
    settings.SITE_URL = "https://khuyennong.thuathienhue.gov.vn"
    guide = typical_guide(slug="dai", title=("Quy trình kỹ thuật " * 13).strip(), rows=[
        {"name": f"Thuốc bảo vệ thực vật số {n} loại đặc trị", "quantity": "1.25", "unit": "lít", "per": "ha"}
        for n in range(6)])
    text = client.get(f"/g/{guide.pk}.txt").content.decode()
    assert len(text) <= 160 and text.isascii()
    assert text.endswith(f"https://khuyennong.thuathienhue.gov.vn/g/{guide.pk}")


def test_an_english_guide_gets_an_english_sms(client, db):
    guide = typical_guide(slug="summer-rice", title="Summer rice in Phú Vang", locale="en")
    text = client.get(f"/g/{guide.pk}.txt").content.decode()
    assert text.startswith("Summer rice in phu vang") and "14 days before harvest" in text


def test_link_previews_show_title_summary_and_an_absolute_cover_image(client, db, settings, tmp_path):
    Image.new("RGB", (1600, 900), (40, 120, 60)).save(tmp_path / "cover.jpg")
    import_guide({"slug": "ca-phe", "title": "Cà phê chè trên đất dốc", "summary": "Trồng xen, che bóng & giữ ẩm.",
                  "sector": "crop", "commodities": ["Cà phê"], "image": "cover.jpg",
                  "body": [{"type": "step", "title": "Làm đất", "text": "Đào hố."}]}, publish=True, base_dir=tmp_path)
    html = client.get("/trong-trot/ca-phe/").content.decode()
    assert meta(html, "og:title") == "Cà phê chè trên đất dốc"
    assert meta(html, "og:description") == "Trồng xen, che bóng & giữ ẩm."
    assert meta(html, "og:url") == settings.SITE_URL + "/trong-trot/ca-phe/"
    assert meta(html, "twitter:card") == "summary_large_image"
    image = meta(html, "og:image")
    assert image.startswith(settings.SITE_URL + "/media/") and image.endswith(".jpg")
    assert client.get(image.removeprefix(settings.SITE_URL))["Content-Type"] == "image/jpeg"


def test_every_guide_offers_messenger_zalo_and_sms_without_any_third_party_script(client, guide, settings):
    html = client.get("/trong-trot/lua-he-thu/").content.decode()
    short = f"{settings.SITE_URL}/g/{guide.pk}"
    assert f'href="fb-messenger://share?link={quote(short, safe="")}"' in html
    assert re.search(rf'<a class="btn copy"[^>]*\shref="{short}"', html)
    body = unquote(re.search(r'href="sms:\?&amp;body=([^"]+)"', html).group(1))
    assert body == client.get(f"/g/{guide.pk}.txt").content.decode()
    scripts = re.findall(r'<script[^>]*src="([^"]+)"', html)
    assert scripts and all(src.startswith("/static/") for src in scripts)
    assert GuidePage.objects.get(pk=guide.pk).title in html
