"""Officers in the admin: the inbox, answering, publishing an anonymised Q&A, a guide draft from an answer;
the notifications and beat tasks around them."""
import logging
import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.core import mail
from django.utils import timezone
from wagtail.test.utils.form_data import rich_text

from kb.models import Commodity, Commune, GuidePage, Officer, QuestionAnswerPage, Region
from questions.models import FarmerQuestion
from questions.publishing import publish_answer
from tests.helpers import ask_form, guide_line, photo_bytes, wait_for

EDIT = "/admin/snippets/questions/farmerquestion/edit/{}/"
INBOX = "/admin/snippets/questions/farmerquestion/"


def officer_account(username, district_slug, email=""):
    user = User.objects.create_user(username, password="pw")
    user.groups.add(Group.objects.get(name="Cán bộ khuyến nông"))
    officer = Officer.objects.create(name=username.title(), slug=username, user=user, email=email,
                                     district=Region.objects.get(slug=district_slug))
    return user, officer


def question(text, district_slug=None, **fields):
    district = Region.objects.get(slug=district_slug) if district_slug else None
    return FarmerQuestion.objects.create(text=text, district=district, **fields)


def answer_form(q, answer_html, **extra):
    return {"status": extra.pop("status", q.status), "assigned_to": extra.pop("assigned_to", ""),
            "answer": rich_text(answer_html), "sector": q.sector, "commodity": q.commodity_id or "",
            "district": q.district_id or "", **extra}


@pytest.mark.django_db
def test_the_inbox_shows_the_officers_district_first_and_filters(client):
    user, officer = officer_account("lan", "phu-vang")
    other = question("Heo con bị tiêu chảy phân trắng, cách chữa?", "a-luoi")
    mine = question("Lúa bị rầy nâu ở Phú Vang, phun thuốc gì?", "phu-vang", assigned_to=officer)
    old = question("Tôm chết rải rác sau mưa lớn, xử lý ao thế nào?", "a-luoi",
                   created_at=timezone.now() - timedelta(hours=60))
    client.force_login(user)

    html = client.get(INBOX).content.decode()
    assert html.index("rầy nâu") < html.index("Heo con") and html.index("rầy nâu") < html.index("Tôm chết")
    filtered = {
        "?mine=on": {mine}, "?age=late": {old}, "?status=assigned": {mine}, "?age=day": {other, mine},
        f"?district={other.district_id}": {other, old},
    }
    for query, expected in filtered.items():
        html = client.get(INBOX + query).content.decode()
        shown = {q for q in (other, mine, old) if q.short_text[:20] in html}
        assert shown == expected, query

    rows = {row.split("</td>")[0]: row for row in client.get(INBOX).content.decode().split("<tr")[2:]}
    late = [row for row in rows.values() if "chờ quá 48 giờ" in row]
    assert len(late) == 1 and "Tôm chết" in late[0]  # the one waiting 60 hours is marked, the others not
    dashboard = " ".join(client.get("/admin/").content.decode().split())
    assert "3 câu hỏi chờ trả lời" in dashboard and f'<a href="{INBOX}?age=late">1 câu chờ quá 48 giờ</a>' in dashboard


@pytest.mark.django_db
def test_an_officer_sees_the_photo_calls_and_answers(client):
    user, officer = officer_account("lan", "phu-vang")
    client.post("/hoi-dap/gui/", ask_form(phone="0905123456", photo=_upload()))
    q = FarmerQuestion.objects.get()
    client.force_login(user)
    html = client.get(EDIT.format(q.pk)).content.decode()
    assert 'href="tel:0905123456"' in html
    assert client.get(f"/admin/snippets/questions/farmerquestion/{q.pk}/photo/").status_code == 200

    response = client.post(EDIT.format(q.pk), answer_form(q, "<p>Bón thêm kali, rút nước phơi ruộng 3 ngày.</p>",
                                                          assigned_to=officer.pk))
    assert response.status_code == 302
    q.refresh_from_db()
    assert q.status == "answered" and q.answered_at and q.assigned_to == officer
    client.logout()
    farmer_page = client.get(f"/hoi-dap/{q.token}/").content.decode()
    assert "Bón thêm kali" in farmer_page and "Đã trả lời" in farmer_page


@pytest.mark.django_db
def test_the_photo_and_the_inbox_are_for_officers_only(client):
    q = question("Cây bưởi bị chảy nhựa ở gốc thân.", photo="")
    assert client.get(INBOX).status_code == 302  # to the login page
    assert client.get(f"/admin/snippets/questions/farmerquestion/{q.pk}/photo/").status_code == 302


def _upload():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("la.jpg", photo_bytes(size=(900, 700)), content_type="image/jpeg")


def publish_url(q, action="publish"):
    return f"/admin/snippets/questions/farmerquestion/{q.pk}/{action}/"


def confirmed(client, q, action="publish", **changes):
    """Post the confirm screen as the officer leaves it, with `changes` to its fields."""
    form = client.get(publish_url(q, action)).context["form"]
    return client.post(publish_url(q, action), {**form.initial, **changes})


@pytest.mark.django_db
def test_publishing_an_answer_makes_an_anonymous_qa_linked_from_the_cited_guide(client, admin_client):
    from kb.importer import import_lines
    assert import_lines([guide_line("ray-nau", "Phòng trừ rầy nâu hại lúa")], publish=True).ok
    guide = GuidePage.objects.get(slug="ray-nau")
    client.post("/hoi-dap/gui/", ask_form(text="Ruộng lúa nhà tôi ở Phú Vang bị rầy nâu, gọi 0912 345 678 nhé",
                                          phone="0912345678", consent="on", photo=_upload()))
    q = FarmerQuestion.objects.get()
    answer = f'<p>Xem <a id="{guide.pk}" linktype="page">hướng dẫn rầy nâu</a>; thăm đồng 3 ngày một lần.</p>'
    admin_client.post(EDIT.format(q.pk), answer_form(q, answer))

    confirm = admin_client.get(publish_url(q))
    shown = re.search(r'<blockquote class="farmer-words">(.*?)</blockquote>', confirm.content.decode(), re.S)[1]
    assert "bị rầy nâu" in shown and "<del>0912 345 678</del> […]" in shown, "the removal is marked"
    assert confirm.context["form"].initial["text"] == "Ruộng lúa nhà tôi ở Phú Vang bị rầy nâu, gọi […] nhé"
    confirmed(admin_client, q)
    q.refresh_from_db()
    page = QuestionAnswerPage.objects.get()
    assert q.status == "published" and q.published_page == page and page.live and page.image
    assert list(page.guides.all()) == [guide] and not page.asked_by_officer

    public = client.get(page.url).content.decode()
    assert "bị rầy nâu" in public and "thăm đồng 3 ngày" in public
    assert "0912" not in public and "345 678" not in public and "cán bộ khuyến nông viết lại" not in public
    assert page.url in client.get(guide.url).content.decode()
    assert "thăm đồng 3 ngày" in client.get(f"/hoi-dap/{q.token}/").content.decode()


@pytest.mark.django_db
def test_a_question_without_consent_is_published_only_in_the_officers_words(admin_client, client):
    farmer = "Vườn bưởi nhà tôi ở Hương Trà bị vàng lá, rụng quả non hàng loạt sau mưa. Phải làm sao?"
    client.post("/hoi-dap/gui/", ask_form(text=farmer, photo=_upload()))
    q = FarmerQuestion.objects.get()
    admin_client.post(EDIT.format(q.pk), answer_form(q, "<p>Tỉa bớt lá già, bón kali.</p>"))
    confirm = admin_client.get(publish_url(q))
    assert "Nông dân chưa đồng ý đăng lời của mình" in confirm.content.decode()
    assert confirm.context["form"].initial == {}, "nothing of the farmer's is offered for publishing"

    refused = confirmed(admin_client, q, title="Bưởi vàng lá", text=farmer)
    assert refused.status_code == 200 and "không chép lại câu của nông dân" in refused.content.decode()
    refused = confirmed(admin_client, q, title="Bưởi vàng lá", text="Bưởi " + farmer[19:].lower())
    assert "không chép lại" in refused.content.decode(), "a copy with a few words changed is still theirs"
    assert not QuestionAnswerPage.objects.exists()

    confirmed(admin_client, q, title="Bưởi vàng lá, rụng quả non sau mưa",
              text="Cây bưởi vàng lá và rụng nhiều quả non sau những ngày mưa dài: nguyên nhân và cách xử lý?")
    page = QuestionAnswerPage.objects.get()
    assert page.live and page.asked_by_officer and page.image is None
    public = client.get(page.url).content.decode()
    assert "Câu hỏi do cán bộ khuyến nông viết lại" in public and "Hương Trà bị vàng lá" not in public


@pytest.mark.django_db
def test_the_officer_edits_the_title_and_text_which_are_cut_at_a_word(admin_client, client):
    text = ("Ruộng lúa Đông Xuân nhà tôi ở thôn Phú Lương bị vàng lá từ gốc lên sau đợt rét đậm kéo dài "
            "mười ngày, tôi là Trần Văn Bình. Phải làm sao?")
    client.post("/hoi-dap/gui/", ask_form(text=text, consent="on"))
    q = FarmerQuestion.objects.get()
    admin_client.post(EDIT.format(q.pk), answer_form(q, "<p>Bón bổ sung lân, giữ nước.</p>"))
    initial = admin_client.get(publish_url(q)).context["form"].initial
    title = initial["title"]
    assert len(title) <= 90 and title.endswith("…") and text.startswith(title[:-1] + " "), "cut after a whole word"
    assert "tôi là […]. Phải" in initial["text"] and "thôn Phú Lương" in initial["text"]

    left = confirmed(admin_client, q, text=initial["text"] + " Gọi (0905) 123 456.")
    assert "Câu hỏi còn số điện thoại" in left.content.decode() and not QuestionAnswerPage.objects.exists()
    confirmed(admin_client, q, title="Lúa vàng lá sau rét đậm", text="Lúa vàng lá từ gốc sau rét đậm?")
    page = QuestionAnswerPage.objects.get()
    assert (page.title, page.question, page.slug) == ("Lúa vàng lá sau rét đậm", "Lúa vàng lá từ gốc sau rét đậm?",
                                                       "lua-vang-la-sau-ret-dam")


@pytest.mark.django_db
@pytest.mark.parametrize("title, found", [("Lúa vàng lá, gọi (0905)123456", "(0905)123456"),
                                          ("Hỏi về lúa: lan.nguyen@gmail.com", "lan.nguyen@gmail.com"),
                                          ("Lúa vàng lá zalo.me/0905123456", "zalo.me/0905123456")])
def test_the_title_is_refused_with_a_phone_an_email_or_a_link(admin_client, client, title, found):
    client.post("/hoi-dap/gui/", ask_form(text="Lúa vàng lá từ gốc sau rét đậm, phải làm sao?", consent="on"))
    q = FarmerQuestion.objects.get()
    admin_client.post(EDIT.format(q.pk), answer_form(q, "<p>Bón bổ sung lân, giữ nước.</p>"))
    for action in ("publish", "guide-draft"):
        refused = confirmed(admin_client, q, action, title=title)
        assert refused.status_code == 200 and refused.context["form"].errors["title"] == [
            f"Tiêu đề còn số điện thoại, e-mail hoặc đường dẫn: “{found}”. Xóa đi rồi đăng."]
    assert not QuestionAnswerPage.objects.exists() and not GuidePage.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("title, text", [("Gọi 0905 123 456 về lúa", "Lúa vàng lá, làm sao?"),
                                         ("Lúa vàng lá", "Lúa vàng lá, gọi 0905/123/456 nhé"),
                                         ("Lúa vàng lá", "Lúa vàng lá, mail lan@gmail.com"),
                                         ("Lúa vàng lá", "Xem www.facebook.com/lan giúp")])
def test_the_publishing_path_itself_refuses_contact_details_whoever_calls_it(title, text):
    from questions.publishing import ContactLeft, guide_draft

    q = question("Lúa vàng lá, làm sao?", consent=True, status="answered", answer="<p>Bón lân.</p>")
    with pytest.raises(ContactLeft) as refused:
        publish_answer(q, title, text)
    assert "0905" not in str(refused.value) and "lan" not in str(refused.value), "the kind, not the contact"
    with pytest.raises(ContactLeft):
        guide_draft(q, title, text)
    assert not QuestionAnswerPage.objects.exists() and not GuidePage.objects.exists()
    q.refresh_from_db()
    assert q.status == "answered" and q.published_page is None
    assert publish_answer(q, "Lúa vàng lá", "Lúa vàng lá, làm sao?").live, "without them it is published"


@pytest.mark.django_db
@pytest.mark.parametrize("field, value", [("question", "Lúa vàng lá, gọi (0905)123456 nhé"),
                                          ("title", "Lúa vàng lá lan@gmail.com")])
def test_the_page_editor_refuses_a_contact_in_a_published_answers_title_or_question(admin_client, field, value):
    q = question("Lúa vàng lá, làm sao?", consent=True, status="answered", answer="<p>Bón lân.</p>")
    page = publish_answer(q, "Lúa vàng lá", "Lúa vàng lá, làm sao?")
    form = {"title": page.title, "slug": page.slug, "question": page.question, "answer": rich_text(page.answer),
            "sector": "", "commodity": "", "region": "", "image": "", "action-publish": "1", field: value}
    refused = admin_client.post(f"/admin/pages/{page.pk}/edit/", form)
    assert refused.status_code == 200
    assert "Còn số điện thoại, e-mail hoặc đường dẫn" in refused.content.decode()
    page.refresh_from_db()
    assert (page.title, page.question) == ("Lúa vàng lá", "Lúa vàng lá, làm sao?")
    saved = admin_client.post(f"/admin/pages/{page.pk}/edit/", {**form, field: "Lúa vàng lá sau rét"})
    assert saved.status_code == 302, "without it the edit is published"


@pytest.mark.django_db
def test_an_unanswered_question_cannot_be_published(admin_client):
    q = question("Gà bị khò khè, chảy nước mũi, làm sao?", consent=True)
    admin_client.post(publish_url(q), {"title": "Gà khò khè", "text": "Gà bị khò khè, chảy nước mũi, làm sao?"})
    assert not QuestionAnswerPage.objects.exists()


@pytest.mark.django_db
def test_an_answer_becomes_a_guide_draft(admin_client):
    lua = Commodity.objects.create(name="Lúa", slug="lua", sector="crop")
    q = question("Lúa trổ không đều, hạt lép nhiều, nguyên nhân?", commodity=lua)
    admin_client.post(EDIT.format(q.pk), answer_form(q, "<p>Do rét lúc trổ; gieo muộn hơn 5 ngày.</p>"))
    response = confirmed(admin_client, q, "guide-draft", title="Lúa trổ không đều",
                         text="Vì sao lúa trổ không đều và nhiều hạt lép?")
    guide = GuidePage.objects.get(slug="hoi-dap-lua-tro-khong-deu")
    assert response.status_code == 302 and response["Location"] == f"/admin/pages/{guide.pk}/edit/"
    assert not guide.live and guide.sector == "crop" and list(guide.commodities.all()) == [lua]
    assert guide.body[0].block_type == "qa" and "gieo muộn hơn" in guide.body[0].value["answer"].source
    assert guide.body[0].value["question"] == "Vì sao lúa trổ không đều và nhiều hạt lép?"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_district_officers_are_emailed_and_the_farmer_texted_by_the_worker(client, celery_worker, caplog,
                                                                               settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    officer_account("lan", "phu-vang", email="lan@khuyennong.vn")
    officer_account("minh", "a-luoi", email="minh@khuyennong.vn")
    caplog.set_level(logging.INFO, logger="questions.sms")
    # Asked from a commune no officer answers for: its former district's officer is told.
    client.post("/hoi-dap/gui/", ask_form(commune=Commune.objects.get(name="Phường Mỹ Thượng").pk, phone="0905123456"))
    wait_for(lambda: mail.outbox)
    assert mail.outbox[0].to == ["lan@khuyennong.vn"] and "Câu hỏi mới" in mail.outbox[0].subject
    wait_for(lambda: "da nhan cau hoi" in caplog.text)

    q = FarmerQuestion.objects.get()
    q.answer = "<p>Phun thuốc theo hướng dẫn.</p>"
    q.save()
    wait_for(lambda: FarmerQuestion.objects.get().answer_sent_at)
    assert "can bo da tra loi" in caplog.text


@pytest.mark.django_db
def test_sms_texts_fit_one_message_without_diacritics(settings):
    from questions.notify import answered_sms, received_sms
    from questions.sms import fit

    settings.SITE_URL = "https://khuyennong.thuathienhue.gov.vn"
    q = question("Cây sầu riêng bị thối rễ sau mưa, cứu thế nào?")
    for text in (received_sms(q), answered_sms(q)):
        sent = fit(text)
        assert len(sent) < 160 and sent.isascii() and q.token in sent
    assert fit("Đã trả lời câu hỏi") == "Da tra loi cau hoi"


@pytest.mark.django_db
def test_late_questions_are_reminded_once(settings):
    from tasks.questions import remind_late_questions

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    officer_account("lan", "phu-vang", email="lan@khuyennong.vn")
    late = question("Bò bị chướng hơi, bụng to, phải làm gì?", "phu-vang",
                    created_at=timezone.now() - timedelta(hours=49))
    question("Cá lồng nổi đầu buổi sáng, nguyên nhân?", "phu-vang")
    assert remind_late_questions() == 1 and remind_late_questions() == 0
    subject = mail.outbox[0].subject
    assert len(mail.outbox) == 1 and "49 giờ" in subject and late.short_text[:20] in subject


@pytest.mark.django_db
def test_phones_are_erased_90_days_after_closing_and_the_question_kept():
    from tasks.questions import purge_phones

    now = timezone.now()
    old = question("Câu hỏi đã đóng từ lâu về lúa.", phone="0905123456", status="spam")
    recent = question("Câu hỏi mới đóng gần đây về lúa.", phone="0905999888", status="answered",
                      answer="<p>Đã trả lời.</p>")
    waiting = question("Câu hỏi chưa trả lời từ lâu về lúa.", phone="0905777666",
                       created_at=now - timedelta(days=200))
    FarmerQuestion.objects.filter(pk=old.pk).update(closed_at=now - timedelta(days=91))
    FarmerQuestion.objects.filter(pk=recent.pk).update(closed_at=now - timedelta(days=89))
    assert purge_phones() == 1
    phones = dict(FarmerQuestion.objects.values_list("pk", "phone"))
    assert phones == {old.pk: "", recent.pk: "0905999888", waiting.pk: "0905777666"}


@pytest.mark.django_db
def test_demo_content_has_a_dozen_published_answers_citing_guides(client):
    from django.core.management import call_command

    call_command("load_demo")
    call_command("load_demo")
    answers = QuestionAnswerPage.objects.live()
    assert answers.count() == 12 and all(page.guides.exists() for page in answers)
    cited = answers.get(slug="ray-nau-mat-do-bao-nhieu-thi-phun").guides.get()
    assert "Thấy rầy nâu ở gốc lúa" in client.get(cited.url).content.decode()


@pytest.mark.django_db
def test_the_migration_takes_down_answers_published_without_consent():
    import importlib

    from django.apps import apps

    pages = {}
    for consent in (True, False):  # as the code before the consent check published them
        q = question("Heo con bị tiêu chảy phân trắng, cách chữa?", consent=True, answer="<p>Bù nước.</p>")
        pages[consent] = publish_answer(q, f"Heo con tiêu chảy {consent}", q.text)
        FarmerQuestion.objects.filter(pk=q.pk).update(consent=consent)
    importlib.import_module("questions.migrations.0003_unpublish_without_consent").unpublish(apps, None)
    pages[True].refresh_from_db()
    pages[False].refresh_from_db()
    assert pages[True].live and not pages[False].live
    assert FarmerQuestion.objects.get(consent=False).status == "answered"


@pytest.mark.django_db
def test_the_migration_takes_down_pages_the_current_anonymiser_would_change(admin_client, client):
    """Pages published before the anonymiser caught "(0905)123456" and the like: taken down, nothing of them
    lost, the question back in the inbox; the confirm screen then refuses the number and republishes."""
    import importlib

    from django.apps import apps

    from search.models import HiddenPage

    older = {"phone": ("Tôm chết rải rác", "Tôm chết rải rác, gọi (0905)123456 giúp em"),
             "email": ("Hỏi lan.nguyen@gmail.com", "Tôm chết rải rác sau mưa lớn?"),
             "name": ("Tôm chết rải rác sau mưa", "Tôi là Nguyễn Văn An, tôm chết rải rác sau mưa."),
             "clean": ("Tôm chết rải rác sau mưa lớn", "Tôm chết rải rác sau mưa lớn, xử lý ao thế nào?")}
    pages = {}
    for kind, (title, text) in older.items():
        q = question("Tôm chết rải rác sau mưa lớn, xử lý ao thế nào?", consent=True, status="answered",
                     answer="<p>Bón vôi, thay nước.</p>")
        pages[kind] = publish_answer(q, f"Tôm chết {kind}", "Tôm chết rải rác sau mưa lớn?")
        # as the code of the time published them
        QuestionAnswerPage.objects.filter(pk=pages[kind].pk).update(title=title, question=text)
    importlib.import_module("questions.migrations.0007_unpublish_pages_with_contacts").unpublish(apps, None)

    for kind, page in pages.items():
        page.refresh_from_db()
        assert page.live == (kind == "clean"), kind
        assert (page.title, page.question) == older[kind], "nothing of the page is lost"
    taken_down = {pages[kind].pk for kind in ("phone", "email", "name")}
    assert set(HiddenPage.objects.values_list("page_id", flat=True)) == taken_down, "left out of searches at once"
    assert client.get(pages["phone"].url).status_code == 404
    assert {q.published_page_id for q in FarmerQuestion.objects.filter(status="answered")} == taken_down

    q = FarmerQuestion.objects.get(published_page=pages["phone"])
    refused = confirmed(admin_client, q)
    assert "Câu hỏi còn số điện thoại, e-mail hoặc đường dẫn: “(0905)123456”" in refused.content.decode()
    confirmed(admin_client, q, text="Tôm chết rải rác, nhờ cán bộ giúp em")
    page = QuestionAnswerPage.objects.get(pk=pages["phone"].pk)
    assert page.live and page.question == "Tôm chết rải rác, nhờ cán bộ giúp em"
    assert FarmerQuestion.objects.get(pk=q.pk).status == "published"
