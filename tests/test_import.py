"""`manage.py import_guides`: valid files, bad lines, re-runs."""
import json

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Revision

from kb.models import Commodity, GuidePage

GOOD = {
    "slug": "nuoi-heo-thit", "title": "Nuôi lợn thịt an toàn sinh học", "sector": "livestock",
    "summary": "Chuồng trại, thức ăn và tiêm phòng cho lợn thịt.", "commodities": ["Lợn"],
    "topics": ["Chuồng trại"], "regions": ["Phú Vang", "Vùng mới"], "months": [1, 2, 12], "publish": True,
    "body": [
        {"type": "paragraph", "text": "Lợn thịt cần chuồng khô ráo."},
        {"type": "step", "title": "Làm chuồng", "text": "Nền chuồng cao, dốc 3 %."},
        {"type": "materials", "rows": [{"name": "Cám hỗn hợp", "quantity": 2.5, "unit": "kg", "per": "head"}]},
        {"type": "warning", "text": "Ngừng thuốc kháng sinh 14 ngày trước khi xuất chuồng.", "kind": "phi",
         "days": 14},
    ],
}


def write(tmp_path, rows):
    path = tmp_path / "guides.jsonl"
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows),
                    encoding="utf-8")
    return path


def variant(**changes):
    data = json.loads(json.dumps(GOOD))
    data.update(changes)
    return data


@pytest.mark.django_db
def test_valid_file_creates_live_guides_with_everything(tmp_path, client, capsys):
    call_command("import_guides", str(write(tmp_path, [GOOD, variant(slug="ga-de", publish=False,
                                                                      title="Nuôi gà đẻ", commodities=["Gà"])])))
    guide = GuidePage.objects.get(slug="nuoi-heo-thit")
    assert guide.live and guide.title == "Nuôi lợn thịt an toàn sinh học"
    assert [c.name for c in guide.commodities.all()] == ["Lợn"]
    assert sorted(r.name for r in guide.regions.all()) == ["Phú Vang", "Vùng mới"]
    assert guide.months == [1, 2, 12]
    assert [b.block_type for b in guide.body] == ["paragraph", "step", "materials", "warning"]
    assert not GuidePage.objects.get(slug="ga-de").live, "publish: false keeps a draft"
    assert Commodity.objects.filter(name="Gà").exists(), "unknown commodities are created"
    page = client.get(guide.url).content.decode()
    assert "Làm chuồng" in page and "Cám hỗn hợp" in page and "14 ngày" in page
    assert "2 created" in capsys.readouterr().out


@pytest.mark.django_db
def test_bad_lines_are_reported_with_numbers_and_the_rest_imported(tmp_path, capsys):
    path = write(tmp_path, [
        GOOD,
        "{not json",
        variant(slug="qua-dai", summary="x" * 301),
        variant(slug="thang-13", months=[0, 13]),
        variant(slug="nganh-la", sector="forestry"),
        variant(slug="khong-buoc", body=[{"type": "carousel"}]),
        variant(slug="ga-tha-vuon", title="Nuôi gà thả vườn", commodities=["Gà"]),
    ])
    with pytest.raises(CommandError):
        call_command("import_guides", str(path), "--publish")
    err = capsys.readouterr().err
    for number in (2, 3, 4, 5, 6):
        assert f"guides.jsonl:{number}:" in err
    assert "1 to 12" in err and "sector" in err and "carousel" in err and "300" in err
    assert set(GuidePage.objects.values_list("slug", flat=True)) == {"nuoi-heo-thit", "ga-tha-vuon"}


@pytest.mark.django_db
def test_running_the_same_file_again_changes_nothing(tmp_path, capsys):
    path = write(tmp_path, [GOOD, variant(slug="ga-de", title="Nuôi gà đẻ", commodities=["Gà"])])
    call_command("import_guides", str(path))
    revisions = Revision.objects.count()
    commodities = Commodity.objects.count()
    capsys.readouterr()
    call_command("import_guides", str(path))
    assert "0 created, 0 updated, 2 unchanged" in capsys.readouterr().out
    assert Revision.objects.count() == revisions and Commodity.objects.count() == commodities


@pytest.mark.django_db
def test_a_changed_line_updates_the_guide_in_place(tmp_path):
    call_command("import_guides", str(write(tmp_path, [GOOD])))
    call_command("import_guides", str(write(tmp_path, [variant(title="Nuôi heo thịt an toàn")])))
    guide = GuidePage.objects.get(slug="nuoi-heo-thit")
    assert guide.title == "Nuôi heo thịt an toàn" and GuidePage.objects.count() == 1


@pytest.mark.django_db
def test_english_guides_go_under_the_english_tree(tmp_path, client):
    call_command("import_guides", str(write(tmp_path, [variant(slug="pigs-en", locale="en", title="Raising pigs")])))
    guide = GuidePage.objects.get(slug="pigs-en")
    assert guide.locale.language_code == "en"
    assert guide.url.startswith("/en/")
    assert "Raising pigs" in client.get(guide.url).content.decode()


def test_a_missing_file_is_a_clear_error():
    with pytest.raises(CommandError, match="cannot read"):
        call_command("import_guides", "/nonexistent/guides.jsonl")


@pytest.mark.django_db
def test_a_guide_whose_sector_changes_moves_to_that_sector(tmp_path, client):
    call_command("import_guides", str(write(tmp_path, [GOOD])))
    call_command("import_guides", str(write(tmp_path, [variant(sector="aquaculture", title="Nuôi lợn ven phá")])))
    guide = GuidePage.objects.get(slug="nuoi-heo-thit")
    assert guide.get_parent().specific.sector == "aquaculture" and guide.sector == "aquaculture"
    assert guide.url == "/thuy-san/nuoi-heo-thit/" and client.get(guide.url).status_code == 200


@pytest.mark.django_db
def test_every_body_block_type_can_be_imported_with_its_files_beside_the_import_file(tmp_path, client, capsys):
    from PIL import Image

    from kb.blocks import GuideBodyBlock
    from kb.importer import BLOCKS

    assert set(BLOCKS) == set(GuideBodyBlock().child_blocks), "the import format covers every body block type"
    (tmp_path / "anh").mkdir()
    Image.new("RGB", (64, 48), "green").save(tmp_path / "anh" / "ruong.jpg")
    (tmp_path / "so-tay.pdf").write_bytes(b"%PDF-1.4\n% a leaflet\n")
    line = variant(body=[
        {"type": "step", "title": "Cấy mạ", "text": "Cấy 1–2 dảnh.", "image": "anh/ruong.jpg"},
        {"type": "image", "image": "anh/ruong.jpg", "caption": "Ruộng sau 20 ngày"},
        {"type": "document", "document": "so-tay.pdf", "title": "Sổ tay kỹ thuật"},
        {"type": "video", "url": "https://example.org/v", "title": "Video cấy lúa"},
        {"type": "qa", "question": "Cấy mấy dảnh?", "answer": "Một đến hai dảnh."},
    ])
    call_command("import_guides", str(write(tmp_path, [line])))
    guide = GuidePage.objects.get(slug="nuoi-heo-thit")
    body = {block.block_type: block.value for block in guide.body}
    assert body["step"]["image"].pk == body["image"]["image"].pk, "one file is stored once"
    assert body["document"]["document"].title == "Sổ tay kỹ thuật"
    page = client.get(guide.url).content.decode()
    assert "Ruộng sau 20 ngày" in page and "Sổ tay kỹ thuật" in page

    missing = write(tmp_path, [variant(slug="thieu-anh", body=[{"type": "image", "image": "anh/khong-co.jpg"}])])
    with pytest.raises(CommandError):
        call_command("import_guides", str(missing))
    assert "guides.jsonl:1: image file “anh/khong-co.jpg” not found" in capsys.readouterr().err
    assert not GuidePage.objects.filter(slug="thieu-anh").exists()
