"""The admin speaks Vietnamese on every screen an officer uses: Wagtail's and Django's strings are translated by
the project's catalog (locale_wagtail/), and the project's own strings into English. Checked the way
`manage.py admin_translations` checks it, by the strings each screen looks up."""
import pytest
from django.core.management import call_command
from django.template import Context, Template
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import rich_text

from core.admin_translations import recording, screen, untranslated, untranslated_scripts
from tests.helpers import add_url, guide_form, officer_desk

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(db):
    return officer_desk()


def officers_day(client, desk, seen):
    """What an officer and an editor do in a day, each step a screen of its own: a guide refused for a missing
    title, saved as a draft, submitted; an editor asks for changes on one and approves another, unpublishes; the
    officer locks a page, answers a question, retitles an image and a document, changes their account."""
    rice = desk.guide.commodities.first()
    steps = [
        ("officer", "refused", add_url(), guide_form(rice, title="", slug="lua-moi")),
        ("officer", "draft", add_url(), guide_form(rice, slug="lua-moi")),
        ("officer", "refused again", "/admin/pages/{new}/edit/", guide_form(rice, title="", slug="lua-moi")),
        ("officer", "submitted", "/admin/pages/{new}/edit/",
         guide_form(rice, slug="lua-moi", **{"action-submit": "1"})),
        ("officer", "dashboard", "/admin/", None),
        ("editor", "dashboard", "/admin/", None),
        ("editor", "changes requested", "/admin/pages/workflow/action/{new}/reject/{new_task}/",
         {"comment": "Thêm liều lượng cho vụ Hè Thu."}),
        ("editor", "approved", "/admin/pages/workflow/action/{draft}/approve/{draft_task}/", {"comment": ""}),
        ("editor", "unpublished", "/admin/pages/{guide}/unpublish/", {}),
        ("officer", "locked", "/admin/pages/{new}/lock/", {}),
        ("officer", "unlocked", "/admin/pages/{new}/unlock/", {}),
        ("officer", "answered", "/admin/snippets/questions/farmerquestion/edit/{question}/",
         {"status": "answered", "assigned_to": "", "answer": rich_text("<p>Phun thuốc khi bệnh chớm.</p>"),
          "sector": "crop", "commodity": rice.pk, "district": ""}),
        ("officer", "image", "/admin/images/{image}/", {"title": "Ruộng lúa 25 ngày", "collection": 1, "tags": ""}),
        ("officer", "document", "/admin/documents/edit/{document}/",
         {"title": "Liều lượng phân bón", "collection": 1, "tags": ""}),
        ("officer", "account", "/admin/account/",
         {"name_email-first_name": "Chi Lan", "name_email-last_name": "Nguyễn Thị",
          "name_email-email": "chilan@example.org", "locale-preferred_language": "vi",
          "locale-current_time_zone": "Asia/Ho_Chi_Minh", "theme-theme": "system", "theme-density": "default",
          "theme-contrast": "system", "theme-keyboard_shortcuts": "on"}),
    ]
    users = {"officer": desk.officer, "editor": desk.editor}
    ids = {"guide": desk.guide.pk, "draft": desk.draft.pk, "question": desk.waiting.pk, "image": desk.image.pk,
           "document": desk.document.pk}
    statuses = []
    for who, step, url, data in steps:
        client.force_login(users[who])
        if step == "refused again":
            ids["new"] = desk.guide.__class__.objects.get(slug="lua-moi").pk
        if step == "changes requested":
            for name, page in (("new", ids["new"]), ("draft", desk.draft.pk)):
                state = WorkflowState.objects.get(object_id=str(page), status="in_progress")
                ids[f"{name}_task"] = state.current_task_state.pk
        with screen(seen, f"{who}: {step}"):
            response = client.get(url.format(**ids)) if data is None else client.post(url.format(**ids), data)
            statuses.append((step, response.status_code))
            if response.status_code == 302:  # the next screen shows the step's message
                client.get(response["Location"])
    return statuses


def test_every_string_an_officer_meets_is_translated_and_the_check_sees_a_new_one(client, desk, capsys):
    with recording() as seen:
        statuses = officers_day(client, desk, seen)
        with screen(seen, "a new screen"):
            Template('{% load i18n %}{% translate "Untranslated words" %}{% translate "Lưu bản nháp mới" %}').render(
                Context())
    assert statuses == [(step, 200 if step.startswith(("refused", "dashboard")) else 302) for step, _ in statuses]
    assert untranslated(seen) == {"vi": [("Untranslated words", ["a new screen"])],
                                  "en": [("Lưu bản nháp mới", ["a new screen"])]}
    assert untranslated_scripts() == []

    call_command("admin_translations")  # every screen reachable from the dashboard, as officers and as editors
    report = capsys.readouterr().out
    assert "No untranslated string" in report
    assert int(report.split(" admin screens opened")[0]) > 150  # listings, editors, choosers, reports, account
