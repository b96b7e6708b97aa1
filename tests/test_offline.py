"""The installable app and offline reading, server side: the service worker and manifest as served, the
budget they add, Save-Data, the revision check a phone makes, and pages that stay whole without JavaScript."""
import gzip
import json
import re
from io import BytesIO

import pytest
from django.contrib.staticfiles import finders
from PIL import Image

from kb.importer import import_guide
from tests.helpers import typical_guide

pytestmark = pytest.mark.django_db


def worker_config(response):
    return json.loads(re.match(r"var CONFIG = (\{.*?\});\n", response.content.decode()).group(1))


def test_the_service_worker_is_served_from_the_root_cached_an_hour_at_most_and_knows_each_language(client, settings):
    settings.OFFLINE_MAX_GUIDES = 12
    response = client.get("/sw.js")
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Cache-Control"] == "max-age=3600"
    config = worker_config(response)
    assert config["shells"] == [["/en/", "/en/saved/"], ["/", "/da-luu/"]]
    assert config["maxGuides"] == 12 and config["revisions"] == "/g/revisions.json"
    assert client.get("/sw.js", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    settings.OFFLINE_MAX_GUIDES = 13  # a changed bound is a new worker
    assert client.get("/sw.js", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 200


def test_the_worker_and_its_registration_weigh_at_most_6_kb_compressed(client):
    worker = client.get("/sw.js").content
    registration = open(finders.find("js/offline.js"), "rb").read()
    assert len(gzip.compress(worker)) + len(gzip.compress(registration)) <= 6 * 1024


def test_the_manifest_names_the_app_in_vietnamese_with_icons_drawn_for_it(client):
    manifest = json.loads(client.get("/manifest.webmanifest").content)
    assert manifest["name"] == "Khuyến nông Thừa Thiên Huế" and manifest["lang"] == "vi"
    assert manifest["start_url"] == "/" and manifest["display"] == "standalone"
    assert re.fullmatch(r"#[0-9a-f]{6}", manifest["theme_color"])
    for icon in manifest["icons"]:
        size = int(icon["sizes"].split("x")[0])
        image = Image.open(BytesIO(b"".join(client.get(icon["src"]).streaming_content)))
        assert image.format == "PNG" and image.size == (size, size)
    assert {icon.get("purpose") for icon in manifest["icons"]} == {None, "maskable"}


def test_pages_link_the_manifest_and_a_deferred_registration_with_nothing_inline_but_the_stylesheet(client, db):
    typical_guide()
    for path in ("/", "/tim-kiem/?q=lua", "/trong-trot/lua-he-thu/", "/da-luu/", "/en/saved/"):
        html = client.get(path).content.decode()
        assert '<link rel="manifest" href="/manifest.webmanifest">' in html, path
        assert '<script src="/static/js/offline.js" data-worker="/sw.js" defer></script>' in html, path
        assert not re.search(r"<script(?![^>]*\bsrc=)|\sstyle=", html), path
        # The one inline stylesheet, allowed by its hash (tests/test_production.py checks the hash).
        assert html.count("<style") == 1, path


def test_the_saved_page_says_what_it_needs_without_javascript_in_both_languages(client):
    assert "Cần bật JavaScript để lưu và đọc hướng dẫn khi mất sóng." in client.get("/da-luu/").content.decode()
    assert "Keeping guides to read without signal needs JavaScript." in client.get("/en/saved/").content.decode()


def test_a_guide_shows_its_revision_date_and_the_keep_button_for_the_script_to_reveal(client, db):
    guide = typical_guide()
    html = client.get("/trong-trot/lua-he-thu/").content.decode()
    assert f"Cập nhật: {guide.last_published_at.astimezone().strftime('%d/%m/%Y')}" in html
    button = re.search(r'<button type="button"\s+class="pin"\s+aria-pressed="false"([^>]*)hidden>'
                       r'Lưu để đọc khi mất sóng</button>', html)
    # the script swaps the words once the guide is saved (and back)
    assert 'data-saved="Đã lưu để đọc khi mất sóng"' in button.group(1)
    assert 'data-save="Lưu để đọc khi mất sóng"' in button.group(1)
    assert re.search(rf'data-guide="{guide.pk}"\s+data-revision="{guide.live_revision_id}"', html)


def test_with_save_data_images_wait_for_a_tap(client, db, tmp_path):
    Image.new("RGB", (900, 600), (40, 120, 60)).save(tmp_path / "cover.jpg")
    import_guide({"slug": "ca-phe", "title": "Cà phê chè", "summary": "Trồng xen.", "sector": "crop",
                  "commodities": ["Cà phê"], "image": "cover.jpg",
                  "body": [{"type": "step", "title": "Làm đất", "text": "Đào hố."}]}, publish=True, base_dir=tmp_path)
    normal = client.get("/trong-trot/ca-phe/")
    assert "Save-Data" in normal["Vary"]
    assert '<img src="/media/' in normal.content.decode()
    saving = client.get("/trong-trot/ca-phe/", HTTP_SAVE_DATA="on").content.decode()
    assert "<img" not in saving
    link = re.search(r'<a class="img-later"\s+href="([^"]+)"\s+data-alt="Cà phê chè">Xem ảnh: Cà phê chè</a>', saving)
    assert link and link.group(1).endswith(".webp")
    assert client.get(link.group(1)).status_code == 200


def test_a_phone_learns_which_saved_guides_changed_and_which_are_gone(client, db):
    guide = typical_guide()
    draft = typical_guide(slug="nhap", title="Bản nháp", publish=False)
    url = f"/g/revisions.json?id={guide.pk}&id={draft.pk}&id=abc&id=99999999999999999999&id=424242"
    assert client.get(url).json() == {str(guide.pk): str(guide.live_revision_id)}
    revision = guide.save_revision()
    revision.publish()
    assert client.get(url).json() == {str(guide.pk): str(revision.pk)}
