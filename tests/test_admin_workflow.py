"""Officers write and submit; only an editor's approval puts a guide live (through the Wagtail admin)."""
import pytest
from wagtail.models import Page, WorkflowState

from kb.models import Commodity, GuidePage
from kb.tree import sector_index
from tests.helpers import add_url, guide_form, member


@pytest.fixture
def lua(db):
    return Commodity.objects.create(name="Lúa", slug="lua", sector="crop", alt_names="Lúa gạo")


@pytest.mark.django_db
def test_officer_cannot_publish_but_editor_approves(client, lua):
    officer = member("officer", "Cán bộ khuyến nông")
    client.force_login(officer)

    response = client.post(add_url(), guide_form(lua, **{"action-publish": "1"}))
    page = GuidePage.objects.get(slug="trong-lua-dong-xuan")
    assert not page.live, "an officer's publish request must not put the guide live"
    assert response.status_code == 302, "saved as a draft, back to the editor"

    response = client.post(f"/admin/pages/{page.pk}/edit/", guide_form(lua, **{"action-submit": "1"}))
    assert response.status_code == 302
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    page.refresh_from_db()
    assert not page.live

    client.force_login(member("editor", "Biên tập viên"))
    task_state = state.current_task_state
    response = client.post(f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/", {"comment": ""})
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live
    assert client.get(page.url).status_code == 200


@pytest.mark.django_db
def test_summary_over_300_characters_is_refused_by_the_admin(client, lua):
    client.force_login(member("editor", "Biên tập viên"))
    response = client.post(add_url(), guide_form(lua, summary="x" * 301, **{"action-publish": "1"}))
    assert response.status_code == 200
    assert not GuidePage.objects.filter(slug="trong-lua-dong-xuan").exists()
    assert "301" in response.content.decode(), "the error names the length the officer typed"


@pytest.mark.django_db
def test_months_outside_1_to_12_are_refused_by_the_admin(client, lua):
    client.force_login(member("editor", "Biên tập viên"))
    response = client.post(add_url(), guide_form(lua, months=["13"], **{"action-publish": "1"}))
    assert response.status_code == 200
    assert not GuidePage.objects.filter(slug="trong-lua-dong-xuan").exists()


@pytest.mark.django_db
def test_editor_publishes_directly(client, lua):
    client.force_login(member("editor", "Biên tập viên"))
    client.post(add_url(), guide_form(lua, **{"action-publish": "1"}))
    page = GuidePage.objects.get(slug="trong-lua-dong-xuan")
    assert page.live and page.months == [1, 2] and page.sector == "crop"
    assert Page.objects.get(pk=page.pk).get_parent().pk == sector_index("crop").pk


@pytest.mark.django_db
def test_admin_screens_officers_use_render(client, lua):
    client.force_login(member("officer", "Cán bộ khuyến nông"))
    for url in ["/admin/", add_url(), "/admin/snippets/kb/commodity/", "/admin/snippets/kb/officer/",
                "/admin/snippets/kb/technology/", "/admin/images/"]:
        assert client.get(url).status_code == 200, url
    assert client.get("/admin/snippets/kb/commodity/add/").status_code == 302, "officers only view catalogues"


@pytest.mark.django_db
def test_the_help_menu_leaves_out_wagtails_release_notes_and_sign_in_speaks_vietnamese(client):
    client.force_login(member("officer", "Cán bộ khuyến nông"))
    dashboard = client.get("/admin/").content.decode()
    assert "Hướng dẫn soạn thảo" in dashboard and "Điểm mới của Wagtail" not in dashboard
    client.logout()
    sign_in = client.get("/admin/login/").content.decode()
    assert '<label class="w-field__label" for="id_password" id="id_password-label">' in sign_in
    assert "Mật khẩu" in sign_in.split('for="id_password"')[1].split("</label>")[0]
