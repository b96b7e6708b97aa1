"""One-tap feedback, "Có giúp được không?" (issue 25, part A), through the pages: the form under a guide, an
answered question and an alert; a vote counted once a visitor, item and day; the rate limit; the "Chưa"
line masked and never published; invisible pages refused; and the tables holding counts, never a voter."""
import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.utils import timezone

from chat.models import Conversation
from feedback.models import DailySecret, VoteComment, VoteCount, VoteSeen
from kb.models import GuidePage
from questions.models import FarmerQuestion
from questions.publishing import publish_answer
from tests.helpers import member, typical_guide, wait_for
from tests.platforms import json_of
from tests.test_chat import CS, FARMER, platforms, texts, zalo_says  # noqa: F401 (platforms: a fixture)

pytestmark = pytest.mark.django_db
WORKER = pytest.mark.django_db(transaction=True, serialized_rollback=True)
JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def guide():
    return typical_guide()


def vote(client, page, helped, kind="guide", **headers):
    return client.post("/phieu/", {"kind": kind, "item": str(page.pk), "helped": "1" if helped else "0"}, **headers)


def counts(page, kind="guide"):
    rows = VoteCount.objects.filter(kind=kind, item_id=page.pk)
    return sum(r.yes for r in rows), sum(r.no for r in rows)


def everything_feedback_stores():
    """Every value in every table of the feedback app, as text."""
    with connection.cursor() as cursor:
        values = []
        for model in (VoteCount, VoteComment, VoteSeen, DailySecret):
            cursor.execute(f"SELECT * FROM {model._meta.db_table}")
            values += [str(value) for row in cursor.fetchall() for value in row]
    return " ".join(values)


def test_the_guide_page_offers_the_vote_as_a_form_that_works_without_script(client, guide):
    html = client.get(guide.url).content.decode()
    assert "Có giúp được không?" in html
    form = re.search(r'<form class="vote-form" method="post" action="/phieu/">(.*?)</form>', html, re.S).group(1)
    assert 'name="csrfmiddlewaretoken"' in form and f'name="item" value="{guide.pk}"' in form
    assert 'name="helped" value="1"' in form and 'name="helped" value="0"' in form


def test_a_vote_is_counted_once_a_day_and_again_the_next_day(guide, monkeypatch):
    farmer = Client(REMOTE_ADDR="10.1.0.1")
    first = vote(farmer, guide, True)
    assert first.status_code == 200 and "Cảm ơn bà con đã góp ý." in first.content.decode()
    assert counts(guide) == (1, 0)

    again = vote(farmer, guide, False)  # changing one's mind the same day is a second vote: ignored
    assert again.status_code == 200 and "Đã ghi nhận." in again.content.decode()
    assert counts(guide) == (1, 0)
    # Without the cookie, from the same address, it is still the same farmer.
    assert vote(Client(REMOTE_ADDR="10.1.0.1"), guide, True, **JSON).json()["state"] == "repeated"
    assert counts(guide) == (1, 0)
    # Another farmer at the same address (a carrier's shared one) with their own cookie counts.
    neighbour = Client(REMOTE_ADDR="10.1.0.99")
    vote(neighbour, guide, False)
    neighbour.defaults["REMOTE_ADDR"] = "10.1.0.1"
    assert counts(guide) == (1, 1)

    tomorrow = timezone.localdate() + timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: tomorrow)
    assert vote(farmer, guide, True, **JSON).json()["state"] == "counted"
    assert list(VoteCount.objects.filter(item_id=guide.pk).order_by("day").values_list("day", "yes", "no")) == [
        (tomorrow - timedelta(days=1), 1, 1), (tomorrow, 1, 0)]
    # Yesterday's digests and key are gone: no vote of that day can be linked to a visitor any more.
    assert not VoteSeen.objects.filter(day__lt=tomorrow).exists()
    assert not DailySecret.objects.filter(day__lt=tomorrow).exists()


def test_with_script_the_vote_answers_json_and_after_chua_takes_one_masked_line_never_published(client, guide):
    answer = vote(client, guide, False, **JSON).json()
    assert answer == {"state": "counted", "message": "Cảm ơn bà con đã góp ý.", "comment": True, "kind": "guide",
                      "item": guide.pk}
    line = "Thiếu liều phân cho 1 sào, gọi tôi 0905 123 456, em tên Lan, lan.nguyen@gmail.com"
    said = client.post("/phieu/y-kien/", {"kind": "guide", "item": guide.pk, "text": line}, **JSON)
    assert said.status_code == 200 and said.json()["state"] == "commented"
    kept = VoteComment.objects.get(item_id=guide.pk)
    assert kept.text.startswith("Thiếu liều phân cho 1 sào")
    for personal in ("0905", "123 456", "Lan", "gmail"):
        assert personal not in kept.text
    assert "Thiếu liều phân" not in client.get(guide.url).content.decode()
    # One line per vote.
    again = client.post("/phieu/y-kien/", {"kind": "guide", "item": guide.pk, "text": "lần nữa"}, **JSON)
    assert again.json()["state"] == "repeated" and VoteComment.objects.count() == 1


def test_a_bad_line_is_refused_clearly_and_what_was_typed_is_kept(client, guide):
    html = vote(client, guide, False).content.decode()
    assert 'name="text"' in html  # no script: the answer page offers the line
    empty = client.post("/phieu/y-kien/", {"kind": "guide", "item": guide.pk, "text": "   "})
    assert empty.status_code == 400 and "Bà con viết một dòng" in empty.content.decode()
    long_line = "Thiếu cách pha thuốc " * 20
    refused = client.post("/phieu/y-kien/", {"kind": "guide", "item": guide.pk, "text": long_line})
    assert refused.status_code == 400 and "tối đa 300 chữ cái" in refused.content.decode()
    assert long_line.strip() in refused.content.decode()  # kept in the box, to shorten
    assert not VoteComment.objects.exists()
    # The vote still waits for its line.
    ok = client.post("/phieu/y-kien/", {"kind": "guide", "item": guide.pk, "text": "Thiếu cách pha thuốc"})
    assert ok.status_code == 200 and VoteComment.objects.get().text == "Thiếu cách pha thuốc"


def test_a_line_without_a_chua_vote_is_not_kept(client, guide):
    vote(client, guide, True)
    answer = client.post("/phieu/y-kien/", {"kind": "guide", "item": guide.pk, "text": "hay lắm"}, **JSON)
    assert answer.json()["state"] == "repeated" and not VoteComment.objects.exists()


@pytest.mark.parametrize("form, status", [
    ({"kind": "guide", "item": "abc", "helped": "1"}, 400),
    ({"kind": "nothing", "item": "1", "helped": "1"}, 400),
    ({"kind": "guide", "helped": "1"}, 400),
    ({"kind": "guide", "item": "99999999", "helped": "1"}, 404),
    ({"kind": "guide", "item": "9" * 40, "helped": "1"}, 400),
])
def test_bad_input_gets_a_clear_error_never_a_500(client, guide, form, status):
    response = client.post("/phieu/", form, **JSON)
    assert response.status_code == status and response.json()["error"]
    assert client.post("/phieu/", {"kind": "guide", "item": guide.pk, "helped": "maybe"}).status_code == 400
    assert client.get("/phieu/").status_code == 405
    assert not VoteCount.objects.exists()


def test_a_draft_unpublished_or_expired_guide_takes_no_vote(client, guide):
    draft = typical_guide(slug="nhap", title="Bản nháp chưa duyệt", publish=False)
    response = vote(client, draft, True, **JSON)
    assert response.status_code == 404 and "không còn được đăng" in response.json()["error"]
    GuidePage.objects.filter(pk=guide.pk).update(expire_at=timezone.now() - timedelta(minutes=1))
    assert vote(client, guide, True).status_code == 404
    guide.refresh_from_db()
    guide.unpublish()
    assert vote(client, guide, False).status_code == 404
    assert not VoteCount.objects.exists()


def test_votes_past_the_rate_get_a_429_with_retry_after_and_a_clear_message(settings, guide):
    from tests.test_limits import fresh_address

    settings.RATELIMIT_ENABLE = True
    cache.clear()
    try:
        script = Client(REMOTE_ADDR=fresh_address("10.7.0"))
        for _ in range(30):
            assert vote(script, guide, True).status_code == 200
        refused = vote(script, guide, True)
        assert refused.status_code == 429 and refused["Retry-After"] == "60"
        assert "Bà con gửi góp ý quá nhanh" in refused.content.decode()
        assert vote(script, guide, True, **JSON).json()["error"].startswith("Bà con gửi góp ý quá nhanh")
    finally:
        cache.clear()
    assert counts(guide) == (1, 0)


def test_the_english_site_asks_in_english(client, guide):
    html = client.post("/en/phieu/", {"kind": "guide", "item": guide.pk, "helped": "1"}).content.decode()
    assert "Thank you for your feedback." in html


def test_no_table_of_the_feedback_app_holds_who_voted(guide):
    address, cookie_holder = "10.3.0.7", Client(REMOTE_ADDR="10.3.0.7")
    vote(cookie_holder, guide, False)
    cookie = cookie_holder.cookies["phieu"].value
    cookie_holder.post("/phieu/y-kien/", {"kind": "guide", "item": guide.pk, "text": "Chưa rõ liều"})
    stored = everything_feedback_stores()
    assert "Chưa rõ liều" in stored  # the tables were read
    assert address not in stored and cookie not in stored
    assert {f.name for f in VoteCount._meta.get_fields()} == {"id", "kind", "item_id", "day", "channel", "commune",
                                                              "yes", "no"}


def test_an_answered_question_page_takes_a_vote(client, home):
    question = FarmerQuestion.objects.create(text="Gà bị khò khè, chảy nước mũi thì làm sao?", consent=True,
                                             answer="<p>Cách ly gà bệnh, giữ chuồng khô.</p>")
    page = publish_answer(question, "Gà khò khè, chảy nước mũi", question.text)
    assert 'name="kind" value="answer"' in client.get(page.url).content.decode()
    assert vote(client, page, False, kind="answer", **JSON).json()["comment"] is True
    assert counts(page, "answer") == (0, 1)


def test_an_alert_page_takes_a_vote_and_an_ended_alert_still_does(client, guide):
    from tests.test_alerts import publish_alert

    alert = publish_alert()
    html = client.get(alert.url).content.decode()
    assert "Có giúp được không?" in html and 'name="kind" value="alert"' in html
    assert vote(client, alert, True, kind="alert").status_code == 200
    assert counts(alert, "alert") == (1, 0)
    # A guide's id is not an alert's: the kind is checked with the id.
    assert vote(client, guide, True, kind="alert", **JSON).status_code == 404


@WORKER
def test_a_tapped_zalo_reply_counts_for_what_its_message_carried_with_the_commune_never_the_farmer(
        client, celery_worker, farm_guides, platforms):  # noqa: F811 (the fixture imported above)
    rice = GuidePage.objects.get(slug="dao-on")
    zalo_says(client, "Lúa nhà tôi ở xã Phú Thuận bị đạo ôn lá", "v-1")  # an old commune, now Thuận An
    wait_for(lambda: platforms.calls(CS))
    buttons = json_of(platforms.calls(CS)[0])["message"]["attachment"]["payload"]["buttons"]
    taps = {b["title"]: b["payload"] for b in buttons}
    assert taps["Có, giúp được"] == f"CO g{rice.pk}" and taps["Chưa giúp được"] == f"CHUA g{rice.pk}"

    zalo_says(client, taps["Có, giúp được"], "v-2")
    wait_for(lambda: len(platforms.calls(CS)) == 2)
    assert texts(platforms)[1] == "Cảm ơn bà con đã góp ý."
    row = VoteCount.objects.get()
    assert (row.kind, row.item_id, row.channel, row.commune.name, row.yes, row.no) == (
        "guide", rice.pk, "zalo", "Phường Thuận An", 1, 0)
    zalo_says(client, taps["Chưa giúp được"], "v-3")  # a second tap on the same item the same day
    wait_for(lambda: len(platforms.calls(CS)) == 3)
    assert texts(platforms)[2] == "Đã ghi nhận." and (VoteCount.objects.get().yes, VoteCount.objects.get().no) == (1, 0)

    # Another search; its "Chưa", then one line, kept masked, and searched as well.
    zalo_says(client, "nuôi tôm thẻ", "v-4")
    wait_for(lambda: len(platforms.calls(CS)) == 4)
    shrimp = json_of(platforms.calls(CS)[3])["message"]["attachment"]["payload"]["buttons"][-1]["payload"]
    zalo_says(client, "CHUA", "v-5")  # typed, as on SMS: for the last answer sent
    wait_for(lambda: len(platforms.calls(CS)) == 5)
    assert texts(platforms)[4].startswith("Cảm ơn bà con. Còn thiếu gì?")
    zalo_says(client, "thiếu cách xử lý nước ao, anh Tuấn 0905123456", "v-6")
    wait_for(lambda: len(platforms.calls(CS)) >= 7)
    assert texts(platforms)[5] == "Đã ghi lại góp ý của bà con."
    shrimp_id = int(shrimp.split("g")[-1])
    assert VoteCount.objects.get(item_id=shrimp_id).no == 1
    line = VoteComment.objects.get()
    assert (line.item_id, line.channel, line.commune.name) == (shrimp_id, "zalo", "Phường Thuận An")
    assert "xử lý nước ao" in line.text and "0905" not in line.text and "Tuấn" not in line.text
    conversation = Conversation.objects.get()
    for personal in (FARMER, f"chat:zalo:{conversation.pk}", "0905123456", "Tuấn"):
        assert personal not in everything_feedback_stores()


def test_an_officer_sees_a_guides_votes_and_lines_in_the_admin_and_a_visitor_does_not(client, guide):
    vote(Client(REMOTE_ADDR="10.4.0.1"), guide, True)
    farmer = Client(REMOTE_ADDR="10.4.0.2")
    vote(farmer, guide, False)
    farmer.post("/phieu/y-kien/", {"kind": "guide", "item": guide.pk, "text": "Thiếu liều cho 1 sào, gọi 0905123456"})

    assert client.get(f"/admin/feedback/{guide.pk}/").status_code == 302  # to the sign-in
    client.force_login(member("lan", "Cán bộ khuyến nông"))
    editor = client.get(f"/admin/pages/{guide.pk}/edit/").content.decode()
    assert "Có giúp được: 1 có · 1 chưa" in editor and f"/admin/feedback/{guide.pk}/" in editor
    report = client.get(f"/admin/feedback/{guide.pk}/").content.decode()
    assert "Tất cả: 1 có, 1 chưa." in report and "Trang web" in report
    assert "Thiếu liều cho 1 sào, gọi […]" in report and "0905123456" not in report


def test_the_hourly_task_drops_past_days_digests_and_old_lines_even_when_nobody_votes(guide, settings):
    from tasks.feedback import forget_vote_digests

    settings.FEEDBACK_LINE_RETENTION_DAYS = 30
    vote(Client(REMOTE_ADDR="10.5.0.1"), guide, True)
    for age, text in ((31, "Thiếu liều cho 1 sào"), (30, "Không nói bón lúc nào")):
        VoteComment.objects.create(kind="guide", item_id=guide.pk, text=text,
                                   day=timezone.localdate() - timedelta(days=age))
    yesterday = timezone.localdate() - timedelta(days=1)
    VoteSeen.objects.update(day=yesterday)
    DailySecret.objects.update(day=yesterday)
    forget_vote_digests.apply()
    assert not VoteSeen.objects.exists() and not DailySecret.objects.exists()
    assert counts(guide) == (1, 0)  # the count stays
    assert list(VoteComment.objects.values_list("text", flat=True)) == ["Không nói bón lúc nào"]
