"""The banned-substance list: each ban has a scope and cites its own decision or circular, a guide is refused
only when a substance is banned in its sector, everywhere a guide can go live (import, submit, publish, the
workflow modal's approval, the listing's bulk publish), and the report never calls an older guide lawful
unless the first ban's date was checked."""
import datetime
import importlib
import json

import pytest
from django.utils import timezone, translation
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from kb.importer import import_lines
from kb.models import Commodity, GuidePage, Listing, Sector, Substance
from kb.substances import NOT_CHECKED, SECTORS, Scope, load_csv
from kb.tree import sector_index
from tests.helpers import member

PHI = {"type": "warning", "kind": "phi", "days": 7, "text": "Ngừng phun trước thu hoạch 7 ngày."}


def import_line(text, sector, slug="thu", extra=()):
    body = [{"type": "step", "title": "Xử lý", "text": text}, *extra]
    line = json.dumps({"slug": slug, "title": f"Thử {slug}", "summary": "Thử.", "sector": sector,
                       "commodities": ["Cá rô phi"], "body": body}, ensure_ascii=False)
    with translation.override("vi"):
        return import_lines([line], publish=True)


@pytest.mark.django_db
@pytest.mark.parametrize("text, written", [("Tắm cá bằng cypermethrin 1 ml/m³ nước.", "Cypermethrin"),
                                           ("Trộn Enrofloxacin vào thức ăn 5 ngày.", "Enrofloxacin"),
                                           ("Dùng Baytril trộn thức ăn.", "Enrofloxacin")])
def test_an_aquaculture_guide_naming_a_substance_banned_in_aquaculture_is_refused_on_import(text, written):
    report = import_line(text, "aquaculture")
    errors = " ".join(reason for _line, reason in report.errors)
    assert f"{written} bị cấm trong thủy sản theo Phụ lục 2, Thông tư 10/2016/TT-BNNPTNT, áp dụng từ 16/07/2016" \
        in errors
    assert not GuidePage.objects.filter(slug="thu").exists()


@pytest.mark.django_db
def test_the_same_substances_are_accepted_where_they_are_not_banned():
    assert import_line("Phun cypermethrin trừ sâu cuốn lá.", "crop", "lua", [PHI]).ok, "a permitted crop pesticide"
    assert import_line("Tiêm enrofloxacin 5 ngày khi heo bị viêm phổi.", "livestock", "heo").ok
    assert GuidePage.objects.get(slug="lua").live and GuidePage.objects.get(slug="heo").live
    errors = import_line("Tiêm ciprofloxacin cho heo.", "livestock", "cipro").errors
    assert "Ciprofloxacin bị cấm trong chăn nuôi (động vật trên cạn)" in errors[0][1]
    errors = import_line("Trộn ractopamine vào cám.", "livestock", "tao-nac").errors[0][1]
    assert "Ractopamine bị cấm trong chăn nuôi (động vật trên cạn)" in errors and "thức ăn chăn nuôi" in errors
    assert import_line("Không dùng ractopamine, chỉ dùng cám sạch.", "aquaculture", "ca").ok, \
        "feed bans apply to livestock guides"


@pytest.mark.django_db
def test_chlorpyrifos_ethyl_is_banned_from_13_february_2021_citing_its_decision():
    listing = Listing.objects.get(substance__name="Chlorpyrifos ethyl", scope=Scope.CROP)
    assert listing.in_force_from == listing.first_banned == datetime.date(2021, 2, 13)
    errors = import_line("Phun Lorsban trừ rệp.", "crop").errors[0][1]
    assert errors.endswith("Chlorpyrifos ethyl bị cấm trong trồng trọt theo Quyết định 501/QĐ-BNN-BVTV, "
                           "áp dụng từ 13/02/2021.")
    glyphosate = Listing.objects.get(substance__name="Glyphosate")
    assert glyphosate.in_force_from == datetime.date(2021, 7, 1) and "06/2020/TT-BNNPTNT" in glyphosate.legal_source


@pytest.mark.django_db
def test_the_aquaculture_bans_of_2012_cite_their_first_circular_and_the_current_one():
    for name in ("Cypermethrin", "Deltamethrin", "Enrofloxacin"):
        listing = Listing.objects.get(substance__name=name, scope=Scope.AQUACULTURE)
        assert (listing.legal_source, listing.in_force_from) == ("Phụ lục 2, Thông tư 10/2016/TT-BNNPTNT",
                                                                 datetime.date(2016, 7, 16))
        assert (listing.first_banned, listing.first_banned_source) == (datetime.date(2012, 3, 1),
                                                                       "Thông tư 03/2012/TT-BNNPTNT")
        assert "ThienNhien.Net 08/02/2012" in listing.checked, "the date's source is named"
        assert "điều về hiệu lực trong toàn văn: chưa đối chiếu văn bản" in listing.checked, "and what was not read"


@pytest.mark.django_db
def test_a_database_loaded_before_the_dates_were_corrected_gets_them_from_its_migration():
    from django.apps import apps

    listing = Listing.objects.get(substance__name="Cypermethrin", scope=Scope.AQUACULTURE)
    Listing.objects.filter(pk=listing.pk).update(first_banned=datetime.date(2012, 3, 4))
    ddt = Listing.objects.filter(substance__name="DDT")
    ddt.update(in_force_from=None)
    own = Listing.objects.create(substance=Substance.objects.create(name="Chất của cán bộ"), scope=Scope.CROP)
    importlib.import_module("kb.migrations.0020_substance_dates_as_cited").reload_list(apps, None)
    listing.refresh_from_db()
    assert listing.first_banned == datetime.date(2012, 3, 1)
    assert ddt.get().in_force_from == datetime.date(2026, 2, 10)
    assert Listing.objects.filter(pk=own.pk).exists(), "an officer's own entry stays"


@pytest.mark.django_db
def test_the_appendix_ii_bans_apply_from_the_circulars_day_without_claiming_a_first_ban():
    appendix = Listing.objects.filter(legal_source="Phụ lục II, Thông tư 75/2025/TT-BNNMT", status="banned")
    assert appendix.count() == 29
    assert set(appendix.values_list("in_force_from", "first_banned")) == {(datetime.date(2026, 2, 10), None)}
    assert all("Ngày cấm lần đầu: chưa đối chiếu văn bản" in listing.checked for listing in appendix)
    assert not Listing.objects.filter(status="banned", in_force_from__isnull=True).exists(), "every ban has a date"
    errors = import_line("Rắc DDT quanh gốc.", "crop").errors[0][1]
    assert errors.endswith("DDT bị cấm trong trồng trọt theo Phụ lục II, Thông tư 75/2025/TT-BNNMT, "
                           "áp dụng từ 10/02/2026.")


@pytest.mark.django_db
def test_a_date_taken_from_a_summary_is_said_to_be_unchecked(admin_client):
    for name in ("Trichlorfon", "Carbofuran"):
        listing = Listing.objects.get(substance__name=name, scope=Scope.CROP)
        assert listing.in_force_from == datetime.date(2017, 10, 16) and not listing.in_force_checked
    assert Listing.objects.get(substance__name="Chlorpyrifos ethyl").in_force_checked
    errors = import_line("Rải Furadan khi gieo.", "crop").errors[0][1]
    assert errors.endswith("Carbofuran bị cấm trong trồng trọt theo Quyết định 4154/QĐ-BNN-BVTV; Phụ lục II, "
                           "Thông tư 75/2025/TT-BNNMT, áp dụng từ 16/10/2017 (ngày chưa đối chiếu văn bản).")
    html = admin_client.get("/admin/snippets/kb/substance/?q=Carbofuran").content.decode()
    assert "Ngày áp dụng: chưa đối chiếu văn bản" in html

    carbofuran = Listing.objects.filter(substance__name="Carbofuran", scope=Scope.CROP)
    for status in ("permitted", "banned"):  # published while nothing refused it, then the list as shipped
        carbofuran.update(status=status)
        Substance.objects.filter(name="Carbofuran").update(updated_at=timezone.now())  # a new list state
        if status == "permitted":
            assert import_line("Rải Furadan khi gieo.", "crop", "furadan", [PHI]).ok
    GuidePage.objects.filter(slug="furadan").update(first_published_at=datetime.datetime(2018, 6, 1,
                                                                                          tzinfo=datetime.UTC))
    rows = {row[0].slug: " ".join(row[2]) for row in admin_client.get("/admin/banned-substances/").context["rows"]}
    assert "Carbofuran: đã bị cấm khi hướng dẫn được đăng (cấm từ 16/10/2017; ngày chưa đối chiếu văn bản)" \
        in rows["furadan"]


@pytest.mark.django_db
def test_the_shipped_list_cites_decisions_not_the_appendix_and_says_what_was_not_checked(admin_client):
    decided = {"Carbendazim": "03/QĐ", "Benomyl": "03/QĐ", "Thiophanate-methyl": "03/QĐ", "2,4-D": "278/QĐ",
               "Paraquat": "278/QĐ", "Acephate": "3435/QĐ", "Diazinon": "3435/QĐ", "Malathion": "3435/QĐ",
               "Kẽm phosphua": "3435/QĐ", "Fipronil": "501/QĐ", "Trichlorfon": "4154/QĐ", "Carbofuran": "4154/QĐ"}
    for name, decision in decided.items():
        assert f"Quyết định {decision}" in Listing.objects.get(substance__name=name, scope=Scope.CROP).legal_source
    assert not Listing.objects.filter(legal_source__icontains="cấm từ").exists(), "dates live in their own field"
    assert set(Listing.objects.values_list("status", flat=True)) == {"banned", "permitted"}, "no 'restricted' list"
    fumigant = Listing.objects.get(substance__name="Nhôm phosphua")
    assert fumigant.status == "permitted" and "khử trùng kho" in fumigant.conditions
    html = admin_client.get("/admin/snippets/kb/substance/?q=Pymetrozine").content.decode()
    assert str(NOT_CHECKED) in html, "an entry nobody checked says so in the admin"
    html = admin_client.get("/admin/snippets/kb/substance/?q=Paraquat").content.decode()
    assert "Đối chiếu: thông báo của Chi cục" in html
    assert load_csv() == (0, 0), "the migration loaded exactly the CSV"


def test_the_first_three_scopes_are_the_guide_sectors():
    assert {code for sectors in SECTORS.values() for code in sectors} == set(Sector.values)
    assert set(SECTORS) == set(Scope.values)


# --- the admin: the workflow modal and the bulk publish run the same checks -------------------------------

@pytest.fixture
def submitted(client, db):
    """An aquaculture guide naming "Xanh lá mới", submitted for review while nothing banned it; then the
    list bans it in aquaculture. Returns (page, task state)."""
    commodity = Commodity.objects.create(name="Cá rô phi", slug="ca-ro-phi", sector="aquaculture")
    client.force_login(member("officer", "Cán bộ khuyến nông"))
    form = nested_form_data({
        "title": "Nuôi cá rô phi", "slug": "nuoi-ca-ro-phi", "summary": "Nuôi cá rô phi trong ao.",
        "sector": "aquaculture", "difficulty": "easy", "economics_basis": "sao", "action-submit": "1",
        "body": streamfield([("step", {"title": "Tắm cá", "text": rich_text("<p>Tắm bằng Xanh lá mới.</p>"),
                                       "image": "", "duration": ""})])})
    form.update(commodities=[commodity.pk], months=["3"])
    response = client.post(f"/admin/pages/add/kb/guidepage/{sector_index('aquaculture').pk}/", form)
    assert response.status_code == 302
    page = GuidePage.objects.get(slug="nuoi-ca-ro-phi")
    state = WorkflowState.objects.get(object_id=str(page.pk), status="in_progress")
    Listing.objects.create(substance=Substance.objects.create(name="Xanh lá mới"), scope=Scope.AQUACULTURE,
                           legal_source="Quyết định thử 9/2026", in_force_from=datetime.date(2026, 1, 1))
    client.force_login(member("editor", "Biên tập viên"))
    return page, state.current_task_state


def test_approving_from_the_workflow_modal_runs_the_checks(client, submitted):
    page, task_state = submitted
    url = f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/"
    modal = client.post(url, {"comment": ""}, headers={"x-requested-with": "XMLHttpRequest"})
    assert modal.status_code == 200 and modal.json()["step"] == "action", "the modal stays open"
    assert "Xanh lá mới bị cấm trong thủy sản theo Quyết định thử 9/2026" in modal.json()["html"]
    without_javascript = client.post(url, {"comment": ""}, follow=True)
    assert "Chưa duyệt được" in without_javascript.content.decode()
    page.refresh_from_db()
    assert not page.live and WorkflowState.objects.get(object_id=str(page.pk)).status == "in_progress"

    Listing.objects.filter(substance__name="Xanh lá mới").delete()
    approved = client.post(url, {"comment": ""}, headers={"x-requested-with": "XMLHttpRequest"})
    assert approved.json()["step"] == "success"
    page.refresh_from_db()
    assert page.live


def test_the_listing_bulk_publish_runs_the_checks(client, submitted):
    page, _task_state = submitted
    url = (f"/admin/bulk/wagtailcore/page/publish/?id={page.pk}"
           f"&next=/admin/pages/{sector_index('aquaculture').pk}/")
    response = client.post(url, {"include_descendants": ""}, follow=True)
    assert "Chưa đăng trang nào" in response.content.decode() and "Quyết định thử 9/2026" in response.content.decode()
    page.refresh_from_db()
    assert not page.live


# --- the report does not call an older guide lawful ------------------------------------------------------

@pytest.mark.django_db
def test_the_report_says_banned_after_publication_only_when_the_first_ban_is_known(admin_client):
    for slug, text, year in [("enro-2010", "Trộn enrofloxacin vào thức ăn.", 2010),
                             ("chlor-2012", "Tắm cá bằng chloramphenicol.", 2012),
                             ("chlor-2018", "Tắm cá bằng chloramphenicol.", 2018)]:
        Substance.objects.filter(name__in=["Enrofloxacin", "Chloramphenicol"]).update(updated_at=timezone.now())
        listings = Listing.objects.filter(substance__name__in=["Enrofloxacin", "Chloramphenicol"],
                                          scope=Scope.AQUACULTURE)
        saved = list(listings.values("pk", "status"))
        listings.update(status="permitted")  # as when the guide was published: nothing refused it
        assert import_line(text, "aquaculture", slug).ok
        for row in saved:
            Listing.objects.filter(pk=row["pk"]).update(status=row["status"])
        GuidePage.objects.filter(slug=slug).update(
            first_published_at=datetime.datetime(year, 6, 1, tzinfo=datetime.UTC))
    Substance.objects.filter(name="Enrofloxacin").update(updated_at=timezone.now())  # a new list state
    rows = {}
    for row in admin_client.get("/admin/banned-substances/").context["rows"]:
        rows[row[0].slug] = " ".join(row[2])
    assert "bị cấm sau khi hướng dẫn được đăng (cấm lần đầu từ 01/03/2012, Thông tư 03/2012/TT-BNNPTNT)" \
        in rows["enro-2010"]
    assert "chưa rõ đã bị cấm khi hướng dẫn được đăng hay chưa" in rows["chlor-2012"], \
        "banned before 2016 by an older circular: never called lawful"
    assert "đã bị cấm khi hướng dẫn được đăng (cấm từ 16/07/2016)" in rows["chlor-2018"]
