"""A farmer asks an officer: the form, its limits and refusals, the photo made safe, the private link."""
import re
import struct
import zlib
from io import BytesIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from kb.importer import import_lines
from kb.models import Commodity, Commune, GuidePage
from questions.models import FarmerQuestion
from tests.helpers import ask_form, guide_line, photo_bytes

pytestmark = pytest.mark.django_db
ASK = "/hoi-dap/gui/"


def upload(content, name="anh.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def refused_with(response, message, status=400):
    assert response.status_code == status
    assert message in response.content.decode()
    assert not FarmerQuestion.objects.exists()


def test_a_farmer_asks_with_a_photo_and_keeps_a_private_link(client, settings):
    assert import_lines([guide_line("lua-he-thu", "Lúa Hè Thu")], publish=True).ok
    lua = Commodity.objects.get(name="Lúa")
    phu_vang = Commune.objects.get(name="Xã Phú Vang")
    response = client.post(ASK, ask_form(commodity=lua.pk, commune=phu_vang.pk, phone="0905 123 456",
                                         consent="on", photo=upload(photo_bytes())))
    question = FarmerQuestion.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/hoi-dap/{question.token}/?moi=1"
    assert len(question.token) >= 24 and question.status == "new" and question.sector == "crop"
    assert question.phone == "0905123456" and question.consent and question.channel == "web"
    assert question.commune == phu_vang and question.district.name == "Phú Vang"  # the former district, for reports

    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200 and "no-store" in page["Cache-Control"] and page["Referrer-Policy"] == "no-referrer"
    assert "Đã gửi câu hỏi" in html and "Lúa nhà tôi bị vàng lá" in html and "Mới" in html
    assert f"{settings.SITE_URL}/hoi-dap/{question.token}/" in html
    assert re.search(r'href="sms:\?body=[^"]*hoi-dap/' + question.token, html)
    assert "0905123456" not in html and "0905 123 456" not in html

    qr = client.get(f"/hoi-dap/{question.token}/qr.svg")
    assert qr.status_code == 200 and qr["Content-Type"] == "image/svg+xml" and b"<svg" in qr.content

    photo = Image.open(BytesIO(b"".join(client.get(f"/hoi-dap/{question.token}/anh.jpg").streaming_content)))
    assert photo.format == "JPEG" and max(photo.size) == 1600
    assert not photo.getexif() and "exif" not in photo.info  # no camera model, no GPS position


def test_an_unknown_link_is_not_found(client):
    assert client.get("/hoi-dap/khong-co-cau-hoi-nay-000000/").status_code == 404


@pytest.mark.parametrize("typed", ["0905 123 456", "0905.123.456", "+84 905123456", "84905123456",
                                   "(+84) 905-123-456"])
def test_phone_numbers_are_kept_in_one_national_form(client, typed):
    client.post(ASK, ask_form(phone=typed))
    assert FarmerQuestion.objects.get().phone == "0905123456"


def test_a_landline_is_accepted_and_a_wrong_number_refused(client):
    client.post(ASK, ask_form(phone="0234 3822 111"))
    assert FarmerQuestion.objects.get().phone == "02343822111"
    FarmerQuestion.objects.all().delete()
    refused_with(client.post(ASK, ask_form(phone="12345")), "Số điện thoại chưa đúng")


def test_a_question_must_be_10_to_2000_characters(client):
    refused_with(client.post(ASK, ask_form(text="Lúa vàng")), "Câu hỏi quá ngắn")
    refused_with(client.post(ASK, ask_form(text="a" * 2001)), "Câu hỏi quá dài")
    refused_with(client.post(ASK, ask_form(text="   ")), "Bạn chưa viết câu hỏi")


def test_a_bot_filling_the_hidden_field_is_refused(client):
    refused_with(client.post(ASK, ask_form(website="http://spam.example")), "phải để trống")


def test_a_pdf_renamed_jpg_is_refused(client):
    pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    refused_with(client.post(ASK, ask_form(photo=upload(pdf))), "không phải ảnh JPEG, PNG hoặc HEIC")


def png_header_only(width, height):
    """A tiny PNG file declaring width × height pixels: what a decompression bomb looks like to a decoder."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


def test_a_20000_by_20000_image_is_refused_with_a_message(client):
    response = client.post(ASK, ask_form(photo=upload(png_header_only(20_000, 20_000), "bom.png", "image/png")))
    refused_with(response, "quá nhiều điểm ảnh")


def test_a_photo_over_8_mb_is_refused(client):
    refused_with(client.post(ASK, ask_form(photo=upload(b"\xff\xd8" + b"0" * (8 * 1024 * 1024 + 10)))),
                 "tối đa 8 MB")


def test_a_50_mb_upload_is_refused_cleanly(client):
    response = client.post(ASK, ask_form(photo=upload(b"0" * (50 * 1024 * 1024))))
    refused_with(response, "Tệp gửi lên quá lớn", status=413)


def test_a_png_and_a_heic_photo_are_accepted_as_jpeg(client):
    from pillow_heif import register_heif_opener

    register_heif_opener()
    heic = BytesIO()
    Image.new("RGB", (800, 600), (200, 30, 30)).save(heic, "HEIF")
    for content, name in ((photo_bytes(fmt="PNG", size=(500, 400)), "la.png"), (heic.getvalue(), "IMG_0001.HEIC")):
        assert client.post(ASK, ask_form(photo=upload(content, name, "image/heic"))).status_code == 302
    for question in FarmerQuestion.objects.all():
        assert Image.open(question.photo.open("rb")).format == "JPEG"


def test_what_the_farmer_wrote_is_never_rendered_as_html(client, admin_client):
    client.post(ASK, ask_form(text='<script>alert("x")</script> lúa bị <b>cháy</b> lá'))
    question = FarmerQuestion.objects.get()
    for response in (client.get(f"/hoi-dap/{question.token}/"),
                     admin_client.get(f"/admin/snippets/questions/farmerquestion/edit/{question.pk}/"),
                     admin_client.get("/admin/snippets/questions/farmerquestion/")):
        html = response.content.decode()
        assert response.status_code == 200
        assert '<script>alert("x")</script>' not in html and "<b>cháy</b>" not in html
        assert "&lt;script&gt;" in html


def test_the_form_works_in_english(client):
    response = client.get("/en" + ASK)
    assert response.status_code == 200 and "Ask an extension officer" in response.content.decode()


def test_a_sixth_question_within_an_hour_is_refused_and_kept_in_the_form(client, settings):
    from django.core.cache import cache

    settings.RATELIMIT_ENABLE = True
    cache.clear()
    for n in range(5):
        assert client.post(ASK, ask_form(text=f"Câu hỏi số {n} về cây lúa nhà tôi.")).status_code == 302
    response = client.post(ASK, ask_form(text="Câu hỏi thứ sáu về cây lúa nhà tôi."))
    assert response.status_code == 429 and "5 câu hỏi trong một giờ" in response.content.decode()
    assert response["Retry-After"] == "3600", "an hour's limit says when to try again"
    assert "Câu hỏi thứ sáu" in response.content.decode()  # what was typed is not lost
    assert FarmerQuestion.objects.count() == 5


def test_a_question_keeps_the_page_it_was_asked_from_only_while_a_farmer_may_see_that_page(client):
    """The source page passes the one visibility rule (kb.models.visibility): an expired guide is not kept."""
    from datetime import timedelta

    from django.utils import timezone

    from kb.importer import import_lines
    from kb.models import GuidePage
    from tests.helpers import guide_line

    assert import_lines([guide_line("dao-on", "Phòng bệnh đạo ôn"), guide_line("rom-ra", "Ủ rơm rạ")],
                        publish=True).ok
    shown, expired = GuidePage.objects.get(slug="dao-on"), GuidePage.objects.get(slug="rom-ra")
    GuidePage.objects.filter(pk=expired.pk).update(expire_at=timezone.now() - timedelta(minutes=1))
    for page in (shown, expired):
        assert client.post(ASK, ask_form(source_page=page.pk)).status_code == 302
    assert [q.source_page_id for q in FarmerQuestion.objects.order_by("pk")] == [shown.pk, None]


def test_the_form_offers_only_commodities_of_guides_a_farmer_may_see(client):
    from datetime import timedelta

    from django.utils import timezone

    lines = [guide_line("lua", "Lúa Hè Thu"), guide_line("heo", "Nuôi heo", commodities=["Heo"], sector="livestock"),
             guide_line("ca", "Nuôi cá", commodities=["Cá lóc"], sector="aquaculture")]
    assert import_lines(lines, publish=True).ok
    assert import_lines([guide_line("tom", "Nuôi tôm", commodities=["Tôm"], sector="aquaculture")]).ok  # a draft
    GuidePage.objects.filter(slug="ca").update(expire_at=timezone.now() - timedelta(minutes=1))
    Commodity.objects.create(name="Dê", slug="de", sector="livestock")  # no guide at all

    offered = {label for _value, label in client.get(ASK).context["form"].fields["commodity"].choices}
    assert offered == {"— Không rõ —", "Lúa", "Heo"}
    refused_with(client.post(ASK, ask_form(commodity=Commodity.objects.get(name="Tôm").pk)), "Lựa chọn")


def test_a_png_within_the_pixel_cap_but_over_its_decoding_memory_is_refused_before_decoding(client):
    """36 MP of RGB would decode to 144 MB: refused from its header (a decoded header-only file would fail
    as "not a photo" instead)."""
    response = client.post(ASK, ask_form(photo=upload(png_header_only(6000, 6000), "anh.png", "image/png")))
    refused_with(response, "quá nhiều điểm ảnh")


def test_a_jpeg_keeps_no_comment_xmp_or_orientation_tag_and_is_turned_upright(client):
    exif = Image.Exif()
    exif[0x0112] = 6  # taken with the phone turned: shown rotated 90° clockwise
    out = BytesIO()
    Image.new("RGB", (900, 600), (90, 140, 60)).save(
        out, "JPEG", exif=exif, comment=b"<script>alert(1)</script>",
        xmp=b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:Description GPSLatitude="16.45"/></x:xmpmeta>')
    assert b"<script>" in out.getvalue()
    client.post(ASK, ask_form(photo=upload(out.getvalue())))
    stored = FarmerQuestion.objects.get().photo.open("rb").read()
    assert b"<script" not in stored and b"xmpmeta" not in stored and b"GPSLatitude" not in stored
    assert b"\xff\xfe" not in stored[:stored.index(b"\xff\xda")], "no comment segment before the image data"
    assert Image.open(BytesIO(stored)).size == (600, 900)


def test_photos_wait_for_a_decoding_slot_and_are_refused_kindly_when_none_frees(client, settings):
    from questions.photos import _decode_slot

    settings.PHOTO_DECODES_AT_ONCE, settings.PHOTO_DECODE_WAIT_SECONDS = 1, 0.05
    slot = _decode_slot()
    assert slot.acquire(timeout=1)  # another upload is being decoded
    try:
        response = client.post(ASK, ask_form(text="Lá lúa có vết cháy, xem ảnh giúp em", photo=upload(photo_bytes())))
        refused_with(response, "Máy chủ đang bận xử lý ảnh khác")
        assert "Lá lúa có vết cháy" in response.content.decode(), "what the farmer typed is kept"
    finally:
        slot.release()
    assert client.post(ASK, ask_form(photo=upload(photo_bytes()))).status_code == 302


def test_photos_are_stored_readable_by_the_site_alone(client, settings):
    import stat

    client.post(ASK, ask_form(photo=upload(photo_bytes())))
    path = Path(FarmerQuestion.objects.get().photo.path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    for folder in (path.parent, path.parent.parent):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_photos_stored_before_are_made_private_by_the_migration(settings, tmp_path):
    import importlib
    import stat

    settings.QUESTION_PHOTO_ROOT = tmp_path / "questions"
    old = settings.QUESTION_PHOTO_ROOT / "2025" / "11" / "anh.jpg"
    old.parent.mkdir(parents=True, mode=0o755)
    old.write_bytes(b"jpeg")
    old.chmod(0o644)
    importlib.import_module("questions.migrations.0004_private_photo_modes").tighten(None, None)
    assert stat.S_IMODE(old.stat().st_mode) == 0o600
    assert {stat.S_IMODE(p.stat().st_mode) for p in (old.parent, old.parent.parent, settings.QUESTION_PHOTO_ROOT)} \
        == {0o700}
