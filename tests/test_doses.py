"""Safe doses: quantities as officers write them, conversions that cannot mislead, banned substances and
pesticides without a pre-harvest interval stopped in the importer and the admin, and the report of live
guides that a newer ban made wrong."""
import datetime
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from kb.importer import import_guide, import_lines
from kb.models import Commodity, GuidePage, Listing, Substance
from kb.stored_doses import update_stored_guides
from kb.tree import sector_index
from tests.helpers import member, pdf_text

# ../shared/relevance beside the checkout (or beside the worktree folder holding it).
SHARED_GUIDES = next((folder / "shared" / "relevance" / "guides.jsonl" for folder in Path(__file__).resolve().parents
                      if (folder / "shared" / "relevance" / "guides.jsonl").is_file()), None)
PHI = {"type": "warning", "kind": "phi", "days": 7, "text": "Ngừng phun trước thu hoạch 7 ngày."}


def guide(slug, rows=(), body=(), locale="vi", publish=True, sector="crop"):
    """Import one guide with a dose table of `rows` (import format) and any other blocks; returns the page."""
    blocks = [{"type": "step", "title": "Chuẩn bị", "text": "Chuẩn bị vật tư."}, *body]
    if rows:
        blocks.append({"type": "materials", "rows": list(rows)})
    import_guide({"slug": slug, "title": f"Hướng dẫn {slug}", "summary": "Tóm tắt.", "sector": sector,
                  "commodities": ["Dứa"], "locale": locale, "body": blocks}, publish=publish)
    return GuidePage.objects.get(slug=slug, locale__language_code=locale)


def import_errors(*blocks, rows=None):
    body = [{"type": "step", "title": "Chuẩn bị", "text": "Chuẩn bị."}, *blocks]
    if rows:
        body.append({"type": "materials", "rows": rows})
    line = json.dumps({"slug": "thu", "title": "Thử", "summary": "Thử.", "sector": "crop", "body": body},
                      ensure_ascii=False)
    with translation.override("vi"):  # what `manage.py import_guides` prints: the site's language
        report = import_lines([line], publish=True)
    assert not GuidePage.objects.filter(slug="thu").exists()
    return " ".join(reason for _, reason in report.errors)


def stored_rows(page):
    return [dict(row) for block in page.body if block.block_type == "materials" for row in block.value["rows"]]


def sheet_rows(client, page, unit):
    text = pdf_text(client.get(f"{page.url}phieu-ky-thuat.pdf?unit={unit}").content, layout=True)
    return {re.sub(r"\s{2,}", " ", line.strip()) for line in text.splitlines()}


# --- quantities and units in the importer -------------------------------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize("written, low, high", [
    ("3", "3", "3"), ("2,5", "2.5", "2.5"), ("2.5", "2.5", "2.5"), ("2.000", "2000", "2000"),
    ("12.500", "12500", "12500"), ("3–4", "3", "4"), ("3-4", "3", "4"), ("3 – 4", "3", "4"), ("0,5–1", "0.5", "1"),
])
def test_the_importer_reads_each_quantity_form_and_stores_ranges_as_two_numbers(written, low, high):
    page = guide("dua", rows=[{"name": "Chồi dứa", "quantity": written, "unit": "chồi"}])
    (row,) = stored_rows(page)
    assert (row["quantity"].low, row["quantity"].high) == (Decimal(low), Decimal(high))
    assert page.body.raw_data[-1]["value"]["rows"][0]["quantity"] == {"min": str(Decimal(low)),
                                                                     "max": str(Decimal(high))}


@pytest.mark.django_db
@pytest.mark.parametrize("written", ["2,500", "0.500", "ba", "4–3"])
def test_the_importer_rejects_an_ambiguous_quantity_saying_how_to_write_it(written):
    errors = import_errors(rows=[{"name": "Vôi", "quantity": written, "unit": "kg"}])
    assert f"“{written}”" in errors and "3–4" in errors


@pytest.mark.django_db
def test_a_unit_with_its_own_basis_is_split_on_import_and_an_unconvertible_one_kept_as_written():
    page = guide("dua", rows=[
        {"name": "Chồi dứa", "quantity": "2.000", "unit": "chồi/sào"},
        {"name": "Phân NPK", "quantity": "3–4", "unit": "kg/sào/lần"},
        {"name": "Vôi", "quantity": "1", "unit": "kg/20 m²"},
        {"name": "Cám", "quantity": "0,2", "unit": "kg/con"},
    ])
    assert [(r["unit"], r["per"]) for r in stored_rows(page)] == [
        ("chồi", "sao"), ("kg/lần", "sao"), ("kg/20 m²", "unit"), ("kg", "head")]


@pytest.mark.django_db
def test_a_unit_contradicting_the_row_basis_is_refused_on_import():
    errors = import_errors(rows=[{"name": "Vôi", "quantity": "10", "unit": "kg/sào", "per": "ha"}])
    assert "kg/sào" in errors


# --- what a farmer reads: sheets and pages -------------------------------------------------------------

@pytest.mark.django_db
def test_a_sheet_per_ha_converts_area_rows_keeps_others_and_marks_the_unconverted(client):
    page = guide("dua", rows=[
        {"name": "Chồi dứa", "quantity": "2.000", "unit": "chồi/sào"},
        {"name": "Phân NPK", "quantity": "3–4", "unit": "kg/sào"},
        {"name": "Phân chuồng", "quantity": "5", "unit": "kg/20 m²"},
        {"name": "Cám", "quantity": "0,2", "unit": "kg/con"},
        {"name": "Men vi sinh", "quantity": "1", "unit": "gói", "per": ""},
    ])
    rows = sheet_rows(client, page, "ha")
    assert "Chồi dứa 40.000 chồi mỗi ha" in rows
    assert "Phân NPK 60–80 kg mỗi ha" in rows
    assert "Phân chuồng 5 kg/20 m² theo đơn vị ghi (không quy đổi)" in rows
    assert "Cám 0,2 kg mỗi con" in rows
    assert "Men vi sinh 1 gói tổng cộng" in rows
    assert not any("/sào" in row for row in rows)


@pytest.mark.django_db
def test_the_guide_page_shows_doses_in_vietnamese_and_names_the_substance_list(client):
    page = guide("dua", rows=[{"name": "Chồi dứa", "quantity": "2.000–2.500", "unit": "chồi/sào"},
                              {"name": "Vôi", "quantity": "1,5", "unit": "kg/sào"}])
    html = client.get(page.url).content.decode()
    assert "2.000–2.500 chồi" in html and "1,5 kg" in html and "mỗi sào" in html
    assert "Danh mục theo Thông tư 75/2025/TT-BNNMT" in html
    assert "Danh mục theo Thông tư 75/2025/TT-BNNMT" in pdf_text(client.get(f"{page.url}phieu-ky-thuat.pdf").content)


@pytest.mark.django_db
def test_ranges_are_in_english_format_on_english_pages_and_sheets(client):
    page = guide("pineapple", locale="en", rows=[{"name": "Suckers", "quantity": "2.000–2.500", "unit": "chồi/sào"},
                                                 {"name": "Lime", "quantity": "0,5–1", "unit": "kg/sào"}])
    html = client.get(page.url).content.decode()
    assert "2,000–2,500" in html and "0.5–1 kg" in html
    assert "Suckers 40,000–50,000 chồi per ha" in sheet_rows(client, page, "ha")


# --- banned substances and pesticides --------------------------------------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize("block", [
    {"type": "step", "title": "Diệt cỏ", "text": "Phun paraquat trước khi làm đất."},
    {"type": "paragraph", "text": "Có thể dùng Gramoxone để dọn cỏ."},
    {"type": "warning", "text": "Khi phun PARAQUAT phải đeo khẩu trang."},
    {"type": "qa", "question": "Thối nõn chữa sao?", "answer": "Phun cárbendazim theo liều khuyến cáo."},
])
def test_the_importer_refuses_a_guide_naming_a_banned_substance_with_the_legal_source(block):
    errors = import_errors(block)
    assert ("Paraquat bị cấm trong trồng trọt theo Quyết định 278/QĐ-BNN-BVTV, áp dụng từ 08/02/2019" in errors
            or "Carbendazim bị cấm trong trồng trọt theo Quyết định 03/QĐ-BNN-BVTV, áp dụng từ 03/01/2019" in errors)
    assert len(re.findall(r"\d\d/\d\d/\d{4}", errors)) == 1, "the date is said once"


@pytest.mark.django_db
def test_a_pesticide_without_a_pre_harvest_interval_is_refused_and_with_one_accepted():
    row = {"name": "Tricyclazole 75WP", "quantity": "25", "unit": "g/bình 16 lít", "per": ""}
    assert "Thời gian cách ly" in import_errors(rows=[row])
    ticked = {"name": "Thuốc trừ bệnh X", "quantity": "1", "unit": "gói", "per": "", "pesticide": True}
    assert "Thuốc trừ bệnh X" in import_errors(rows=[ticked])
    page = guide("lua", rows=[row], body=[PHI])
    assert page.live


@pytest.mark.django_db
def test_the_sheet_prints_the_interval_beside_a_pesticide_dose_and_the_protective_equipment(client):
    page = guide("lua", rows=[{"name": "Tricyclazole 75WP", "quantity": "25", "unit": "g", "per": "sao"}],
                 body=[PHI, {"type": "warning", "kind": "ppe", "text": "Đeo khẩu trang, găng tay."}])
    rows = sheet_rows(client, page, "sao")
    assert "Tricyclazole 75WP 25 g Cách ly 7 ngày mỗi sào" in rows
    assert "Bảo hộ: Đeo khẩu trang, găng tay." in rows


def admin_form(commodity, blocks, action, sector="crop", title="Trồng dứa", slug="trong-dua"):
    form = nested_form_data({
        "title": title, "slug": slug, "summary": f"{title} theo hướng dẫn.", "sector": sector,
        "difficulty": "easy", "economics_basis": "sao", "body": streamfield(blocks), action: "1"})
    form.update(commodities=[commodity.pk], months=["1"])
    return form


STEP = ("step", {"title": "Làm đất", "text": rich_text("<p>Cày bừa kỹ.</p>"), "image": "", "duration": ""})
PARAQUAT_STEP = ("step", {"title": "Diệt cỏ", "text": rich_text("<p>Phun Gramoxone trước khi trồng.</p>"),
                          "image": "", "duration": ""})
CARBENDAZIM_QA = ("qa", {"question": "Thối nõn?", "answer": rich_text("<p>Phun CARBENDAZIM.</p>")})


def body_errors(response):
    """The body field's errors as the admin's block editor receives them (JSON), block errors included."""
    return " ".join(json.dumps(error.as_json_data(), ensure_ascii=False)
                    for error in response.context["form"].errors["body"].as_data())


@pytest.fixture
def dua(db):
    return Commodity.objects.create(name="Dứa", slug="dua", sector="crop")


@pytest.mark.django_db
@pytest.mark.parametrize("group, action", [("Cán bộ khuyến nông", "action-submit"),
                                           ("Biên tập viên", "action-publish")])
@pytest.mark.parametrize("blocks, words", [([STEP, PARAQUAT_STEP], "Gramoxone"),
                                           ([STEP, CARBENDAZIM_QA], "CARBENDAZIM")])
def test_the_admin_refuses_to_submit_or_publish_a_guide_naming_a_banned_substance(client, dua, group, action,
                                                                                   blocks, words):
    client.force_login(member("u", group))
    url = f"/admin/pages/add/kb/guidepage/{sector_index('crop').pk}/"
    response = client.post(url, admin_form(dua, blocks, action))
    assert response.status_code == 200
    errors = body_errors(response)
    assert words.lower() in errors.lower() and "Quyết định" in errors and "QĐ-BNN-BVTV" in errors and "thứ 2" in errors
    assert not GuidePage.objects.filter(slug="trong-dua").exists()
    # A draft may still be saved, then neither submitted nor published.
    response = client.post(url, admin_form(dua, blocks, "action-save"))
    page = GuidePage.objects.get(slug="trong-dua")
    response = client.post(f"/admin/pages/{page.pk}/edit/", admin_form(dua, blocks, action))
    assert response.status_code == 200 and "QĐ-BNN-BVTV" in body_errors(response)
    page.refresh_from_db()
    assert not page.live
    assert not WorkflowState.objects.filter(object_id=str(page.pk), status="in_progress").exists()


BATH_STEP = ("step", {"title": "Tắm cá", "text": rich_text("<p>Tắm cá bằng Cypermethrin 1 ml/m³ nước.</p>"),
                      "image": "", "duration": ""})
ENROFLOXACIN_QA = ("qa", {"question": "Cá xuất huyết?", "answer": rich_text("<p>Trộn ENROFLOXACIN vào thức ăn.</p>")})
CYPERMETHRIN_STEP = ("step", {"title": "Trừ sâu", "text": rich_text("<p>Phun cypermethrin khi sâu tuổi nhỏ.</p>"),
                              "image": "", "duration": ""})
PHI_WARNING = ("warning", {"kind": "phi", "text": "Cách ly 7 ngày.", "days": "7"})


@pytest.mark.django_db
@pytest.mark.parametrize("group, action", [("Cán bộ khuyến nông", "action-submit"),
                                           ("Biên tập viên", "action-publish")])
@pytest.mark.parametrize("blocks, name", [([STEP, BATH_STEP], "Cypermethrin"),
                                          ([STEP, ENROFLOXACIN_QA], "Enrofloxacin")])
def test_the_admin_refuses_an_aquaculture_guide_naming_a_substance_banned_in_aquaculture(client, group, action,
                                                                                        blocks, name):
    ca = Commodity.objects.create(name="Cá rô phi", slug="ca-ro-phi", sector="aquaculture")
    client.force_login(member("u", group))
    response = client.post(f"/admin/pages/add/kb/guidepage/{sector_index('aquaculture').pk}/",
                           admin_form(ca, blocks, action, "aquaculture", "Nuôi cá rô phi", "nuoi-ca-ro-phi"))
    assert response.status_code == 200
    errors = body_errors(response)
    assert (f"{name} bị cấm trong thủy sản theo Phụ lục 2, Thông tư 10/2016/TT-BNNPTNT, áp dụng từ 16/07/2016"
            in errors and "thứ 2" in errors)
    assert not GuidePage.objects.filter(slug="nuoi-ca-ro-phi").exists()


@pytest.mark.django_db
def test_the_admin_publishes_a_crop_guide_naming_cypermethrin_a_permitted_crop_pesticide(client, dua):
    client.force_login(member("editor", "Biên tập viên"))
    response = client.post(f"/admin/pages/add/kb/guidepage/{sector_index('crop').pk}/",
                           admin_form(dua, [STEP, CYPERMETHRIN_STEP, PHI_WARNING], "action-publish"))
    assert response.status_code == 302
    assert GuidePage.objects.get(slug="trong-dua").live


@pytest.mark.django_db
def test_the_admin_refuses_a_pesticide_without_interval_and_reads_farmer_quantities_and_units(client, dua):
    client.force_login(member("editor", "Biên tập viên"))
    url = f"/admin/pages/add/kb/guidepage/{sector_index('crop').pk}/"
    row = {"item": "Pymetrozine 50WG", "quantity": "3–4", "unit": "g/sào", "per": "sao", "pesticide": ""}
    materials = ("materials", {"rows": streamfield([("item", row)])})
    response = client.post(url, admin_form(dua, [STEP, materials], "action-publish"))
    assert response.status_code == 200 and "Pymetrozine" in body_errors(response)

    phi = ("warning", {"kind": "phi", "text": "Cách ly 7 ngày.", "days": "7"})
    response = client.post(url, admin_form(dua, [STEP, materials, phi], "action-publish"))
    assert response.status_code == 302
    page = GuidePage.objects.get(slug="trong-dua")
    assert page.live and stored_rows(page)[0]["unit"] == "g"
    assert str(stored_rows(page)[0]["quantity"]) == "3–4"


@pytest.mark.django_db
def test_the_admin_shows_an_unreadable_quantity_on_its_field(client, dua):
    client.force_login(member("editor", "Biên tập viên"))
    row = {"item": "Vôi", "quantity": "2,500", "unit": "kg", "per": "sao", "pesticide": ""}
    form = admin_form(dua, [STEP, ("materials", {"rows": streamfield([("item", row)])})], "action-publish")
    response = client.post(f"/admin/pages/add/kb/guidepage/{sector_index('crop').pk}/", form)
    assert response.status_code == 200
    row = json.loads(body_errors(response))["blockErrors"]["1"]["blockErrors"]["rows"]["blockErrors"]["0"]
    assert "“2,500” có thể hiểu hai cách" in row["blockErrors"]["quantity"]["messages"][0]


# --- the report of live guides made wrong by a newer ban ------------------------------------------------

@pytest.mark.django_db
def test_a_newly_banned_entry_puts_an_already_live_guide_in_the_report_and_the_dashboard(client):
    page = guide("ca", body=[{"type": "paragraph", "text": "Tắm cho cá bằng thuốc Xanh-Lá-Mới."}])
    client.force_login(member("editor", "Biên tập viên"))
    assert page.title not in client.get("/admin/banned-substances/").content.decode()

    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    Listing.objects.create(substance=Substance.objects.create(name="Xanh lá mới", other_names="Xanh-Lá-Mới"),
                           scope="crop", legal_source="Quyết định thử 1/2026", in_force_from=tomorrow,
                           first_banned=tomorrow)
    report = client.get("/admin/banned-substances/").content.decode()
    assert page.title in report and "Quyết định thử 1/2026" in report
    assert "bị cấm sau khi hướng dẫn được đăng" in report
    assert "1 hướng dẫn đang đăng nêu hoạt chất cấm" in client.get("/admin/").content.decode()
    client.force_login(member("officer", "Cán bộ khuyến nông"))
    refused = client.get("/admin/banned-substances/")  # Wagtail turns a refusal into a redirect with a message
    assert (refused.status_code, refused.url) == (302, "/admin/")


def test_the_report_cache_key_is_the_same_in_every_process(tmp_path):
    """Web servers and workers share the cache: the key must not depend on a per-process hash seed."""
    import os
    import subprocess
    import sys

    from kb.admin_views import cache_key

    state = ({"n": 3, "last": datetime.datetime(2026, 5, 1, 8, 30)}, {"n": 90, "last": None})
    code = ("import datetime, django; django.setup(); from kb.admin_views import cache_key; "
            f"print(cache_key({state!r}))")
    keys = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           cwd=Path(__file__).resolve().parent.parent,
                           env={**os.environ, "PYTHONHASHSEED": seed, "VAR_DIR": str(tmp_path),
                                "DJANGO_SETTINGS_MODULE": "config.settings"}).stdout.strip()
            for seed in ("1", "2")}
    assert keys == {cache_key(state)}


@pytest.mark.django_db
def test_load_substances_updates_the_list_from_a_csv(tmp_path):
    csv = tmp_path / "list.csv"
    csv.write_text("name,name_en,other_names,scope,status,legal_source,in_force_from,first_banned,"
                   "first_banned_source,conditions,checked\n"
                   "Paraquat,paraquat,Gramoxone|Paraquat mới,crop,banned,Thông tư mới 1/2027,2019-02-08,,,,\n"
                   "Hoạt chất mới,new ingredient,,crop,banned,Thông tư mới 1/2027,2027-01-01,,,,\n", encoding="utf-8")
    call_command("load_substances", str(csv))
    assert Substance.objects.get(name="Paraquat").listings.get(scope="crop").legal_source == "Thông tư mới 1/2027"
    assert Substance.objects.get(name="Hoạt chất mới").bans_in("crop")
    assert "Thông tư mới 1/2027" in import_errors({"type": "paragraph", "text": "Dùng hoạt chất mới."})
    assert "Thông tư mới 1/2027" in import_errors({"type": "paragraph", "text": "Dùng Paraquat mới."})


# --- stored content and the shipped examples ---------------------------------------------------------------

@pytest.mark.django_db
def test_the_data_migration_splits_stored_units_and_reports_what_it_could_not():
    page = guide("cu", rows=[{"name": "Vôi", "quantity": "1", "unit": "kg"}], publish=True)
    old = [{"type": "materials", "id": "m", "value": {"rows": [
        {"type": "item", "id": "a",
         "value": {"item": "Phân chuồng", "quantity": "500", "unit": "kg/sào", "per": "sao"}},
        {"type": "item", "id": "b", "value": {"item": "Đạm", "quantity": "2.5", "unit": "kg/sào", "per": "ha"}},
        {"type": "item", "id": "c", "value": {"item": "Vôi", "quantity": "3", "unit": "kg/20 m²", "per": "sao"}},
    ]}}]
    GuidePage.objects.filter(pk=page.pk).update(body=old)
    revision = page.latest_revision
    revision.content["body"] = json.dumps(old)
    revision.save()
    lines = []
    update_stored_guides(GuidePage, type(revision), report=lines.append)
    page.refresh_from_db()
    revision.refresh_from_db()
    for rows in ([r["value"] for r in page.body.raw_data[0]["value"]["rows"]],
                 [r["value"] for r in json.loads(revision.content["body"])[0]["value"]["rows"]]):
        assert [(r["quantity"], r["unit"], r["per"]) for r in rows] == [
            ({"min": "500", "max": "500"}, "kg", "sao"), ({"min": "2.5", "max": "2.5"}, "kg/sào", "ha"),
            ({"min": "3", "max": "3"}, "kg/20 m²", "unit")]
    assert sum("“Phân chuồng” unit “kg/sào”" in line for line in lines) == 2
    assert sum("NOT changed, “Đạm”" in line for line in lines) == 2


@pytest.mark.django_db
@pytest.mark.skipif(SHARED_GUIDES is None, reason="../shared/relevance is not beside this checkout")
def test_the_shared_relevance_guides_and_the_demo_still_import_and_render(client):
    report = import_lines(SHARED_GUIDES.read_text(encoding="utf-8").splitlines(), publish=True)
    assert report.ok, report.errors
    call_command("load_demo")
    for page in GuidePage.objects.live().order_by("pk")[:20]:
        assert client.get(page.url).status_code == 200
