"""The field sheet of one guide, read back from the PDF as a person would read (and scan) it."""
import logging
import re
import unicodedata

import pytest

from tests.helpers import STEP_TITLES, member, pdf_pages, pdf_text, qr_codes, typical_guide

SHEET = "/trong-trot/lua-he-thu/phieu-ky-thuat.pdf"


@pytest.fixture(autouse=True)
def empty_cache():
    """Ids restart with every test database: a sheet cached by an earlier test must not answer this one."""
    from django.core.cache import caches

    caches["fieldsheets"].clear()


@pytest.fixture
def guide(db):
    return typical_guide()


def test_the_sheet_holds_the_vietnamese_title_and_every_step_title_exactly(client, guide):
    response = client.get(SHEET)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert unicodedata.normalize("NFC", text) == text
    lines = text.splitlines()
    assert guide.title in lines
    for number, title in enumerate(STEP_TITLES, 1):
        assert f"Bước {number}. {title}" in lines
    for expected in ["Nguyễn Thị Chi Lan", "0900 000 123", "Zalo 0900000123", "Đại học Nông Lâm Huế",
                     "THỜI GIAN CÁCH LY: 14 NGÀY", "Trang 1/"]:
        assert expected in text


def test_a_typical_guide_fits_two_a4_pages_and_a5_takes_more(client, guide):
    a4 = pdf_pages(client.get(SHEET).content)
    a5 = pdf_pages(client.get(SHEET + "?paper=a5").content)
    assert a4 <= 2
    assert a5 > a4


def test_the_qr_code_holds_the_short_address_that_opens_the_online_guide(client, guide, settings):
    codes = qr_codes(client.get(SHEET).content)
    assert codes == [f"{settings.SITE_URL}/g/{guide.pk}"]
    assert client.get(codes[0].removeprefix(settings.SITE_URL))["Location"] == "/trong-trot/lua-he-thu/"


def test_an_english_guide_prints_in_english_with_its_own_address(client, db, settings):
    guide = typical_guide(slug="summer-rice", title="Summer rice in Phú Vang", steps=["Prepare the field"],
                          locale="en")
    pdf = client.get("/en/crops/summer-rice/phieu-ky-thuat.pdf").content
    lines = pdf_text(pdf).splitlines()
    assert "Summer rice in Phú Vang" in lines and "Step 1. Prepare the field" in lines
    assert any(line.startswith("Page 1/") for line in lines)
    assert qr_codes(pdf) == [f"{settings.SITE_URL}/g/{guide.pk}"]
    assert client.get(f"/g/{guide.pk}")["Location"] == "/en/crops/summer-rice/"


@pytest.mark.parametrize("unit, sao_m2, expected", [
    ("sao", 500, ["Phân chuồng hoai 500 kg mỗi sào", "Đạm urê 7,5 kg mỗi sào", "Chế phẩm vi sinh 1 lít mỗi sào"]),
    ("sao", 360, ["Phân chuồng hoai 500 kg mỗi sào", "Đạm urê 5,4 kg mỗi sào", "Chế phẩm vi sinh 0,72 lít mỗi sào"]),
    ("m2_1000", 500, ["Phân chuồng hoai 1.000 kg mỗi 1.000 m²", "Đạm urê 15 kg mỗi 1.000 m²"]),
    ("ha", 500, ["Phân chuồng hoai 10.000 kg mỗi ha", "Vôi bột 300 kg mỗi ha", "Chế phẩm vi sinh 20 lít mỗi ha"]),
])
def test_doses_are_converted_to_the_unit_asked_for(client, guide, settings, unit, sao_m2, expected):
    settings.SAO_M2 = sao_m2
    text = pdf_text(client.get(SHEET + f"?unit={unit}").content, layout=True)
    rows = {re.sub(r"\s{2,}", " ", line.strip()) for line in text.splitlines()}
    for row in expected:
        assert row in rows, row
    size_note = f"1 sào = {sao_m2} m²"
    assert (size_note in text) == (unit == "sao"), "the sào's size is printed with doses per sào, and only then"


def test_an_unchanged_sheet_is_served_from_the_cache_and_a_new_revision_is_rendered(client, guide, caplog):
    caplog.set_level(logging.INFO, logger="fieldsheets")

    def renders():
        return len([r for r in caplog.records if r.getMessage().startswith("rendered field sheet")])

    first = client.get(SHEET).content
    assert renders() == 1
    assert client.get(SHEET).content == first
    assert renders() == 1, "the same revision and options must not be rendered again"
    client.get(SHEET + "?paper=a5")
    assert renders() == 2, "other options are another sheet"

    guide.title = "Kỹ thuật thâm canh lúa vụ Hè Thu (bản sửa)"
    guide.save_revision().publish()
    text = pdf_text(client.get(SHEET).content)
    assert renders() == 3
    assert "Kỹ thuật thâm canh lúa vụ Hè Thu (bản sửa)" in text


def test_a_newer_draft_does_not_leak_into_the_public_sheet(client, guide):
    guide.title = "Bản nháp chưa duyệt"
    guide.save_revision()
    assert "Bản nháp chưa duyệt" not in pdf_text(client.get(SHEET).content)


def test_draft_unpublished_private_and_expired_guides_have_no_public_sheet(client, db):
    from django.utils import timezone
    from wagtail.models import PageViewRestriction

    draft = typical_guide(slug="nhap", title="Bản nháp", publish=False)
    assert client.get("/trong-trot/nhap/phieu-ky-thuat.pdf").status_code == 404

    unpublished = typical_guide(slug="go-xuong", title="Đã gỡ")
    unpublished.unpublish()
    assert client.get("/trong-trot/go-xuong/phieu-ky-thuat.pdf").status_code == 404

    private = typical_guide(slug="noi-bo", title="Nội bộ")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    assert client.get("/trong-trot/noi-bo/").status_code == 302, "the page itself asks to log in"
    assert client.get("/trong-trot/noi-bo/phieu-ky-thuat.pdf").status_code == 404

    expired = typical_guide(slug="het-han", title="Hết hạn")
    type(expired).objects.filter(pk=expired.pk).update(expired=True, expire_at=timezone.now())
    assert client.get("/trong-trot/het-han/phieu-ky-thuat.pdf").status_code == 404
    assert draft.pk and client.get("/trong-trot/khong-co/phieu-ky-thuat.pdf").status_code == 404


@pytest.mark.parametrize("query, message", [
    ("paper=a3", "Khổ giấy “a3” không hợp lệ"),
    ("unit=mau", "Đơn vị “mau” không hợp lệ"),
])
def test_an_unknown_paper_or_unit_is_a_400_with_a_message(client, guide, query, message):
    response = client.get(f"{SHEET}?{query}")
    assert response.status_code == 400
    assert message in response.content.decode()


def test_the_400_message_is_english_on_the_english_site(client, db):
    response = client.get("/en/crops/any-guide/phieu-ky-thuat.pdf?paper=letter")
    assert response.status_code == 400
    assert "Paper size “letter” is not valid" in response.content.decode()


def test_an_editor_previews_a_drafts_sheet_from_the_admin_and_others_cannot(client, db):
    draft = typical_guide(slug="nhap", title="Bản nháp của cán bộ", publish=False)
    url = f"/admin/fieldsheets/preview/{draft.pk}/"
    assert client.get(url).status_code == 302, "anonymous users are sent to the login page"

    client.force_login(member("editor", "Biên tập viên"))
    response = client.get(url + "?paper=a5")
    assert response.status_code == 200
    assert "Bản nháp của cán bộ" in pdf_text(response.content).splitlines()
    assert "Bản xem trước, chưa xuất bản: đừng in" in " ".join(pdf_text(response.content).split())
    assert f'href="{url}"' in client.get(f"/admin/pages/{draft.pk}/edit/").content.decode()

    draft.get_latest_revision().publish()  # the revision just previewed: its sheet is cached as a preview
    assert "Bản xem trước" not in pdf_text(client.get(url + "?paper=a5").content)
    assert "Bản xem trước" not in pdf_text(client.get("/trong-trot/nhap/phieu-ky-thuat.pdf?paper=a5").content)


def test_the_guide_page_links_its_sheet(client, guide):
    html = client.get("/trong-trot/lua-he-thu/").content.decode()
    assert 'href="/trong-trot/lua-he-thu/phieu-ky-thuat.pdf"' in html
    assert "In phiếu kỹ thuật" in html
    assert 'media="print"' in html


def test_a_very_long_guide_still_renders_with_its_table_header_on_every_page(client, db):
    rows = [{"name": f"Vật tư số {n}", "quantity": str(n), "unit": "kg", "per": "sao"} for n in range(1, 41)]
    steps = [f"Bước việc số {n}" for n in range(1, 41)]
    typical_guide(slug="rat-dai", title="Hướng dẫn rất dài", steps=steps, rows=rows)
    pdf = client.get("/trong-trot/rat-dai/phieu-ky-thuat.pdf?paper=a5").content
    pages = pdf_pages(pdf)
    assert pages > 5
    text = pdf_text(pdf)
    for number, title in enumerate(steps, 1):
        assert f"Bước {number}. {title}" in text
    table_pages = [page for page in range(1, pages + 1) if "Vật tư số" in pdf_text(pdf, page)]
    assert len(table_pages) > 1, "the dose table should span pages at A5"
    for page in table_pages:
        assert "Số lượng" in pdf_text(pdf, page), f"table header missing on page {page}"


def test_photos_are_printed_from_small_jpeg_renditions(client, guide):
    import io
    import subprocess

    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from wagtail.images.models import Image

    buffer = io.BytesIO()
    PILImage.new("RGB", (2400, 1800), (90, 140, 60)).save(buffer, "PNG")
    photo = Image.objects.create(title="Ruộng lúa", file=ImageFile(buffer, name="ruong.png"))
    guide.body.append(("image", {"image": photo, "caption": "Ruộng lúa sau sạ 20 ngày"}))
    guide.save_revision().publish()

    pdf = client.get(SHEET).content
    listing = subprocess.run(["pdfimages", "-list", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    images = [line.split() for line in listing.splitlines()[2:]]
    assert len(images) == 1
    width, height, encoding = int(images[0][3]), int(images[0][4]), images[0][8]
    assert (width, height, encoding) == (800, 600, "jpeg")
    assert "Ruộng lúa sau sạ 20 ngày" in pdf_text(pdf)
