"""Smaller faults found in review: each one's fixed behaviour."""
import pytest
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.utils.http import content_disposition_header

from kb.importer import import_guide
from kb.models import GuidePage, HomePage, SectorIndexPage, Technology
from kb.tree import sector_index

pytestmark = pytest.mark.django_db


def guide(slug, technology=None, publish=True):
    import_guide({"slug": slug, "title": f"Hướng dẫn {slug}", "summary": "Tóm tắt.", "sector": "crop",
                  "commodities": ["Lúa"], "technology": technology,
                  "body": [{"type": "step", "title": "Bước 1", "text": "Làm theo."}]}, publish=publish)
    return GuidePage.objects.get(slug=slug)


@pytest.fixture
def technology():
    return Technology.objects.create(slug="sri", name="Canh tác lúa cải tiến SRI", provider="Đại học Nông Lâm Huế",
                                     terms="Chuyển giao miễn phí cho hợp tác xã.")


def test_a_technology_page_is_public_only_while_a_visible_guide_applies_it(client, technology):
    url = "/cong-nghe/sri/"
    assert client.get(url).status_code == 404
    guide("nhap-sri", technology="sri", publish=False)
    assert client.get(url).status_code == 404  # a draft does not publish the transfer terms

    live = guide("lua-sri", technology="sri")
    response = client.get(url)
    assert response.status_code == 200 and "Chuyển giao miễn phí" in response.content.decode()
    live.unpublish()
    assert client.get(url).status_code == 404


def test_a_sheet_of_a_vietnamese_slug_is_named_for_browsers_in_utf8(client):
    page = guide("lua-he-thu")
    page.slug = "lúa-hè-thu"
    page.save_revision().publish()

    response = client.get("/trong-trot/lúa-hè-thu/phieu-ky-thuat.pdf")
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition == content_disposition_header(False, "lúa-hè-thu-phieu-ky-thuat.pdf")
    assert disposition == "inline; filename*=utf-8''l%C3%BAa-h%C3%A8-thu-phieu-ky-thuat.pdf"


def test_a_second_index_for_a_sector_cannot_be_added(home):
    with pytest.raises(ValidationError) as error:
        home.add_child(instance=SectorIndexPage(title="Trồng trọt 2", slug="trong-trot-2", sector="crop"))
    assert "sector" in error.value.message_dict
    assert SectorIndexPage.objects.child_of(home).filter(sector="crop").count() == 1
    assert sector_index("crop").slug == "trong-trot"


def test_the_admin_refuses_a_second_index_for_a_sector_with_a_message(admin_client, home):
    from wagtail.test.utils.form_data import nested_form_data

    url = f"/admin/pages/add/kb/sectorindexpage/{home.pk}/"
    response = admin_client.post(url, nested_form_data({"title": "Chăn nuôi mới", "slug": "chan-nuoi-moi",
                                                        "sector": "livestock", "intro": ""}))
    assert response.status_code == 200
    assert "Trang chủ này đã có một trang cho lĩnh vực này." in response.content.decode()
    assert SectorIndexPage.objects.filter(sector="livestock").count() == 1


def test_the_english_tree_gets_one_index_per_sector_however_often_it_is_asked_for():
    first, again = sector_index("crop", "en"), sector_index("crop", "en")
    assert first.pk == again.pk
    english_home = HomePage.objects.get(locale__language_code="en")
    assert SectorIndexPage.objects.child_of(english_home).filter(sector="crop").count() == 1


def test_the_sheet_cache_keeps_far_more_sheets_than_a_default_cache():
    store = caches["fieldsheets"]
    store.clear()
    for number in range(1000):
        store.set(f"sheet-{number}", b"%PDF")
    assert all(store.get(f"sheet-{number}") for number in range(1000))
