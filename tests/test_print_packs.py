"""Print packs: chosen in the admin, built by a real Celery worker, read back page by page, then expired."""
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.cache import cache
from django.utils import timezone

from fieldsheets.models import PrintPack
from kb.models import Region
from tasks.printing import remove_expired_packs
from tests.helpers import member, pdf_pages, pdf_text, typical_guide, wait_for

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def finished(pack_id):
    pack = PrintPack.objects.get(pk=pack_id)
    return pack if pack.status in {PrintPack.Status.DONE, PrintPack.Status.FAILED} else None


def test_a_pack_has_a_cover_and_contents_pointing_at_each_sheet_in_the_chosen_order(client, celery_worker):
    cache.clear()
    short = typical_guide(slug="ngan", title="Nuôi gà thả vườn đồi cát", steps=["Chuồng trại", "Úm gà con"])
    long = typical_guide(slug="dai", title="Nuôi tôm thẻ chân trắng ở phá Tam Giang",
                         steps=[f"Công việc thứ {n}" for n in range(1, 15)])
    middle = typical_guide(slug="vua", title="Trồng sen trên ruộng trũng Quảng Điền")
    draft = typical_guide(slug="nhap", title="Bản nháp không được in", publish=False)
    chosen = [long, short, draft, middle]
    client.force_login(member("editor", "Biên tập viên"))

    query = "&".join(f"id={guide.pk}" for guide in chosen)
    url = f"/admin/bulk/wagtailcore/page/print_pack/?{query}"
    assert "Tạo gói in" in client.get(url).content.decode()
    response = client.post(url, {"pack-title": "Tài liệu tập huấn tháng 5", "pack-district": Region.objects.get(
        name="Quảng Điền").pk, "pack-paper": "a4", "pack-unit": "ha"})
    assert response.status_code == 302

    pack = PrintPack.objects.get()
    assert pack.guide_ids == [long.pk, short.pk, middle.pk] and pack.created_by.username == "editor"
    assert wait_for(lambda: finished(pack.pk), timeout=90).status == PrintPack.Status.DONE
    listing = client.get("/admin/print_packs/").content.decode()
    assert f"/admin/fieldsheets/packs/{pack.pk}/download/" in listing
    pdf = b"".join(client.get(f"/admin/fieldsheets/packs/{pack.pk}/download/").streaming_content)

    cover = pdf_text(pdf, 1)
    assert "Tài liệu tập huấn tháng 5" in cover and "Quảng Điền" in cover
    assert timezone.localdate().strftime("%d/%m/%Y") in cover
    contents = pdf_text(pdf, 2, layout=True)
    expected = [long, short, middle]
    assert "Bản nháp không được in" not in pdf_text(pdf)
    positions = [contents.index(guide.title) for guide in expected]
    assert positions == sorted(positions), "contents follow the chosen order"
    starts = []
    for guide in expected:
        line = next(line for line in contents.splitlines() if guide.title in line)
        starts.append(int(line.split()[-1]))
    assert starts[0] == 3 and starts[1] > starts[0] + 1, "the long sheet takes two pages"
    for guide, start in zip(expected, starts):
        assert guide.title in pdf_text(pdf, start).splitlines()[:4], (guide.title, start)
        if start > 3:
            assert guide.title not in pdf_text(pdf, start - 1).splitlines()[:4]
    assert pdf_pages(pdf) == PrintPack.objects.get().page_count


def test_expired_packs_and_their_files_are_removed(client, celery_worker):
    guide = typical_guide(slug="ngan", title="Nuôi gà thả vườn", steps=["Chuồng trại"])
    client.force_login(member("editor", "Biên tập viên"))
    assert "Nuôi gà thả vườn" in client.get("/admin/print_packs/new/").content.decode()
    response = client.post("/admin/print_packs/new/", {"title": "Gói cũ", "paper": "a5", "unit": "sao",
                                                       "guides": [guide.pk]})
    assert response.status_code == 302
    old = PrintPack.objects.get()
    old = wait_for(lambda: finished(old.pk), timeout=60)
    assert old.status == PrintPack.Status.DONE and old.created_by.username == "editor"
    path = Path(old.file.path)
    assert path.exists()
    kept = PrintPack.objects.create(title="Gói mới", guide_ids=[guide.pk])
    wait_for(lambda: finished(kept.pk), timeout=60)
    PrintPack.objects.filter(pk=old.pk).update(expires=timezone.now() - timedelta(minutes=1))

    remove_expired_packs.delay()

    wait_for(lambda: not PrintPack.objects.filter(pk=old.pk).exists())
    assert not path.exists()
    assert PrintPack.objects.filter(pk=kept.pk).exists()


@pytest.mark.django_db
def test_the_listing_shows_progress_and_reloads_itself_until_packs_are_built(client):
    client.force_login(member("officer", "Cán bộ khuyến nông"))
    PrintPack.objects.create(title="Gói đang chờ", guide_ids=[], progress=40, status=PrintPack.Status.RUNNING)
    html = client.get("/admin/print_packs/").content.decode()
    assert "Gói đang chờ" in html and "Đang tạo 40%" in html
    assert "window.location.reload()" in html
    PrintPack.objects.update(status=PrintPack.Status.FAILED, error="hỏng")
    assert "window.location.reload()" not in client.get("/admin/print_packs/").content.decode()
