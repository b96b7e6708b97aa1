"""Farmers ask in Zalo, Messenger or by SMS (issue 23): end to end, with a real worker, the search engine and a
local server standing in for each platform's API (tests/platforms.py), fed the platforms' documented payloads."""
import json
import threading
import time
from datetime import timedelta

import pytest
from django.utils import timezone
from PIL import Image

from chat.models import ChatQuestion, Conversation, InboundEvent, Outbound, ZaloToken
from kb.models import Commune, GuidePage, Officer, Region
from questions.models import FarmerQuestion
from tests.helpers import photo_bytes, wait_for
from tests.platforms import (
    Platforms,
    json_of,
    messenger_body,
    messenger_headers,
    multipart_files,
    now_ms,
    payload,
    sms_body,
    sms_headers,
    zalo_body,
    zalo_headers,
)

CS = "/v3.0/oa/message/cs"
WORKER = pytest.mark.django_db(transaction=True, serialized_rollback=True)
FARMER = "5510185758261927916"


@pytest.fixture
def platforms(settings):
    with Platforms() as stand_in:
        for name, value in stand_in.settings().items():
            setattr(settings, name, value)
        yield stand_in


def zalo_says(client, text, msg_id, user=FARMER, name="zalo_user_send_text", **values):
    body = zalo_body(name, USER_ID=user, TEXT=text, MSG_ID=msg_id, **values)
    return client.post("/webhooks/zalo/", body, content_type="application/json", **zalo_headers(body))


def texts(platforms, path=CS):
    return [json_of(r)["message"].get("text", "") for r in platforms.calls(path)]


def short(slug):
    return f"http://127.0.0.1:8000/g/{GuidePage.objects.get(slug=slug).pk}"


@WORKER
def test_a_zalo_farmer_gets_the_right_guide_at_once_and_each_message_is_answered_once(
        client, celery_worker, farm_guides, platforms):
    response = zalo_says(client, "Lúa bị đạo ôn thì phun thuốc gì?", "msg-1")
    assert response.status_code == 200
    assert zalo_says(client, "Lúa bị đạo ôn thì phun thuốc gì?", "msg-1").status_code == 200  # Zalo retried

    wait_for(lambda: platforms.calls(CS))
    reply = json_of(platforms.calls(CS)[0])
    assert reply["recipient"] == {"user_id": FARMER}
    text = reply["message"]["text"]
    assert text.startswith("1. Phòng bệnh đạo ôn cho lúa") and short("dao-on") in text
    buttons = reply["message"]["attachment"]["payload"]["buttons"]
    assert [b["title"] for b in buttons][-4:] == ["Phiếu kỹ thuật", "Hỏi cán bộ", "Có, giúp được", "Chưa giúp được"]
    assert all(b["type"] == "oa.query.hide" for b in buttons)
    # The first token came from the OA's refresh token, sent with the app secret; the new pair is stored.
    refresh = platforms.calls("/v4/oa/access_token")
    assert len(refresh) == 1 and refresh[0]["headers"]["secret_key"] == "app-secret-kmQ3"
    assert ZaloToken.objects.get().refresh_token == "RT1"

    time.sleep(0.5)
    assert len(platforms.calls(CS)) == 1 and InboundEvent.objects.count() == 1  # one event, one reply

    # "Phiếu kỹ thuật": the PDF is uploaded first, then sent by the token Zalo gave it.
    zalo_says(client, "PHIEU", "msg-2")
    wait_for(lambda: len(platforms.calls(CS)) == 3)
    name, pdf = multipart_files(platforms.calls("/v2.0/oa/upload/file")[0])["file"]
    assert name == "phieu-ky-thuat-dao-on.pdf" and pdf.startswith(b"%PDF") and len(pdf) < 5 * 1024 * 1024
    assert json_of(platforms.calls(CS)[1])["message"]["attachment"]["type"] == "file"

    # The access token expires: one refresh, one retry, and the rotated refresh token is kept.
    platforms.expire_access_tokens()
    zalo_says(client, "nuôi tôm thẻ", "msg-3")
    wait_for(lambda: len(platforms.calls(CS)) == 5)
    assert len(platforms.calls("/v4/oa/access_token")) == 2
    refused, retried = platforms.calls(CS)[3:]
    assert refused["body"] == retried["body"] and texts(platforms)[4].startswith("1. Nuôi tôm thẻ")
    assert (refused["headers"]["access_token"], retried["headers"]["access_token"]) == ("AT1", "AT2")
    assert ZaloToken.objects.get().refresh_token == "RT2"


def test_a_bad_signature_or_a_replayed_event_is_refused_and_nothing_is_stored(client, db, platforms):
    body = zalo_body(USER_ID=FARMER, TEXT="lúa", MSG_ID="m1")
    forged = client.post("/webhooks/zalo/", body, content_type="application/json",
                         HTTP_X_ZEVENT_SIGNATURE="mac=" + "0" * 64)
    tampered = client.post("/webhooks/zalo/", body.replace(b"m1", b"m2"), content_type="application/json",
                           **zalo_headers(body))
    old = zalo_body(USER_ID=FARMER, TEXT="lúa", MSG_ID="m3", timestamp=(time.time() - 3600) * 1000)
    replayed = client.post("/webhooks/zalo/", old, content_type="application/json", **zalo_headers(old))
    unsigned = client.post("/webhooks/zalo/", body, content_type="application/json")
    assert [forged.status_code, tampered.status_code, replayed.status_code, unsigned.status_code] == [403] * 4
    garbage = client.post("/webhooks/zalo/", b"{not json", content_type="application/json",
                          HTTP_X_ZEVENT_SIGNATURE="mac=x")
    assert garbage.status_code == 403
    # The signature with or without "mac=" is accepted.
    plain = zalo_headers(body)["HTTP_X_ZEVENT_SIGNATURE"].removeprefix("mac=")
    assert client.post("/webhooks/zalo/", body, content_type="application/json",
                       HTTP_X_ZEVENT_SIGNATURE=plain).status_code == 200
    assert InboundEvent.objects.count() == 1 and not platforms.requests


def test_a_channel_without_settings_is_off(client, db, settings):
    settings.ZALO_APP_ID = settings.MESSENGER_APP_SECRET = settings.SMS_INBOUND_SECRET = ""
    assert client.post("/webhooks/zalo/", b"{}", content_type="application/json").status_code == 404
    assert client.get("/webhooks/messenger/?hub.mode=subscribe").status_code == 404
    assert client.post("/webhooks/sms/", b"{}", content_type="application/json").status_code == 404


@WORKER
def test_a_photo_asked_of_an_officer_reaches_the_inbox_and_the_answer_goes_back_in_the_window_then_by_sms(
        client, celery_worker, farm_guides, platforms, settings, mailoutbox):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    officer = Officer.objects.create(name="Lê Thị Mai", slug="le-thi-mai", email="mai@khuyennong.vn")
    officer.communes.add(Commune.objects.get(name="Phường Thuận An"))
    Officer.objects.create(name="Trần Văn Minh", slug="tran-van-minh", email="minh@khuyennong.vn",
                           district=Region.objects.get(name="Phú Vang"))
    platforms.images["/cdn/la-lua.jpg"] = photo_bytes()

    zalo_says(client, "Lúa nhà tôi ở xã Phú Thuận bị đạo ôn lá", "p-1")  # an old commune, now Thuận An
    wait_for(lambda: platforms.calls(CS))
    zalo_says(client, "HOI CAN BO", "p-2")  # the button's payload comes back as the farmer's text
    wait_for(lambda: FarmerQuestion.objects.exists())
    zalo_says(client, "", "p-3", name="zalo_user_send_image", IMAGE_URL=f"{platforms.url}/cdn/la-lua.jpg")
    zalo_says(client, "CO", "p-4")
    wait_for(lambda: FarmerQuestion.objects.get().consent and FarmerQuestion.objects.get().photo)

    question = FarmerQuestion.objects.get()
    assert question.channel == "zalo" and question.commune.name == "Phường Thuận An"
    assert question.district.name == "Phú Vang" and question.commodity.name == "Lúa"
    assert "bị đạo ôn lá" in question.text
    photo = Image.open(question.photo.open("rb"))
    assert photo.format == "JPEG" and max(photo.size) == 1600 and not photo.getexif()
    wait_for(lambda: any("Cảm ơn bà con" in text for text in texts(platforms)))  # the consent's thanks, last
    told = texts(platforms)
    assert any(f"câu hỏi số {question.pk}" in text for text in told)
    assert any(f"Đã thêm ảnh vào câu hỏi số {question.pk}" in text for text in told)
    wait_for(lambda: mailoutbox)  # the officer who answers for the commune, not the whole former district
    assert mailoutbox[0].to == ["mai@khuyennong.vn"] and "Gửi qua: Zalo" in mailoutbox[0].body

    # The officer answers in the admin while the window is open: it goes back in Zalo.
    sent = len(platforms.calls(CS))
    guide_id = GuidePage.objects.get(slug="dao-on").pk
    question.answer = f'<p>Phun Beam 75WP theo <a linktype="page" id="{guide_id}">hướng dẫn</a>.</p>'
    question.save()
    wait_for(lambda: FarmerQuestion.objects.get().answer_sent_at)
    answer = texts(platforms)[sent]
    assert answer.startswith(f"Cán bộ khuyến nông trả lời câu hỏi số {question.pk}")
    assert f"hướng dẫn ({short('dao-on')})" in answer and "/hoi-dap/" in answer

    # A second question, answered 8 days after the farmer last wrote: Zalo's window is closed, so by SMS.
    conversation = Conversation.objects.get()
    zalo_says(client, "0905 123 456", "p-5")  # the farmer gives a phone number
    wait_for(lambda: "Đã lưu số điện thoại" in texts(platforms)[-1])
    assert Conversation.objects.get().phone == "0905123456"
    later = FarmerQuestion.objects.create(text="Heo con bị tiêu chảy phân trắng", channel="zalo", phone="")
    ChatQuestion.objects.create(question=later, conversation=conversation)
    Conversation.objects.filter(pk=conversation.pk).update(last_inbound_at=timezone.now() - timedelta(days=8))
    sent = len(platforms.calls(CS))
    later.answer = "<p>Bổ sung điện giải, giữ ấm chuồng.</p>"
    later.save()
    wait_for(lambda: Outbound.objects.filter(question=later, sent_at__isnull=False).exists())
    sms = json_of(platforms.calls("/sms/send")[-1])
    assert sms["to"] == "0905123456" and sms["text"].startswith(f"Tra loi cau hoi {later.pk}: Bo sung dien giai")
    assert sms["text"].isascii() and len(sms["text"]) <= 160
    assert len(platforms.calls(CS)) == sent and Outbound.objects.get(question=later).via == "sms"


@WORKER
def test_an_officer_answering_in_zalo_is_recorded_and_a_farmer_can_stop(client, celery_worker, search_index,
                                                                       platforms):
    zalo_says(client, "", "f-1", name="zalo_follow")
    wait_for(lambda: platforms.calls(CS))
    assert "Chào bà con" in texts(platforms)[0]
    zalo_says(client, "Cây sầu riêng nhà tôi bị xì mủ thân, làm sao chữa?", "f-2")  # nothing found: a question
    wait_for(lambda: FarmerQuestion.objects.exists())
    question = FarmerQuestion.objects.get()
    assert question.status == "new" and question.channel == "zalo"

    body = zalo_body("zalo_oa_send_text", USER_ID=FARMER, TEXT="Cạo vết bệnh, quét thuốc gốc đồng.",
                     MSG_ID="f-3")
    client.post("/webhooks/zalo/", body, content_type="application/json", **zalo_headers(body))
    wait_for(lambda: FarmerQuestion.objects.get().answer)
    question.refresh_from_db()
    assert question.status == "answered" and question.answer_sent_at and "quét thuốc gốc đồng" in question.answer
    time.sleep(0.5)
    assert not Outbound.objects.filter(question=question).exists()  # not asked to answer twice, nor sent twice

    zalo_says(client, "HUY", "f-4")
    wait_for(lambda: Conversation.objects.get().stopped_at)
    wait_for(lambda: "Đã ngừng gửi tin" in texts(platforms)[-1])
    sent = len(platforms.calls(CS))
    second = FarmerQuestion.objects.create(text="Câu hỏi khác đã có trả lời", channel="zalo")
    ChatQuestion.objects.create(question=second, conversation=Conversation.objects.get())
    second.answer = "<p>Trả lời.</p>"
    second.save()
    wait_for(lambda: Outbound.objects.filter(question=second, sent_at__isnull=False).exists())
    assert len(platforms.calls(CS)) == sent and Outbound.objects.get(question=second).via == ""  # status page only

    zalo_says(client, "", "f-5", name="zalo_follow")  # back again: the answer waiting for them goes now
    wait_for(lambda: FarmerQuestion.objects.get(pk=second.pk).answer_sent_at)
    assert any(f"trả lời câu hỏi số {second.pk}" in text for text in texts(platforms)[sent:])


@WORKER
def test_messenger_handshake_signature_reply_and_the_human_agent_tag(client, celery_worker, farm_guides, platforms):
    ok = client.get("/webhooks/messenger/", {"hub.mode": "subscribe", "hub.verify_token": "verify-me",
                                             "hub.challenge": "1158201444"})
    assert ok.status_code == 200 and ok.content == b"1158201444"
    wrong = client.get("/webhooks/messenger/", {"hub.mode": "subscribe", "hub.verify_token": "guess",
                                                "hub.challenge": "1"})
    assert wrong.status_code == 403

    body = messenger_body(PSID="24012345678", MID="m_AG5Hz", TEXT="nuoi heo nai")
    assert client.post("/webhooks/messenger/", body, content_type="application/json",
                       HTTP_X_HUB_SIGNATURE_256="sha256=" + "0" * 64).status_code == 403
    assert client.post("/webhooks/messenger/", body, content_type="application/json",
                       **messenger_headers(body)).status_code == 200
    wait_for(lambda: platforms.calls("/me/messages"))
    sent = json_of(platforms.calls("/me/messages")[0])
    assert sent["messaging_type"] == "RESPONSE" and sent["recipient"] == {"id": "24012345678"}
    assert short("heo-nai") in sent["message"]["text"]
    heo_nai = GuidePage.objects.get(slug="heo-nai").pk
    assert [q["payload"] for q in sent["message"]["quick_replies"]] == ["PHIEU", "HOI CAN BO", f"CO g{heo_nai}",
                                                                         f"CHUA g{heo_nai}"]
    assert platforms.calls("/me/messages")[0]["query"]["access_token"] == ["PAGE-TOKEN"]

    # A standby event (another app holds the thread) is recorded, not answered.
    standby = messenger_body("messenger_standby", PSID="24012345678", MID="m_SB1", TEXT="cảm ơn")
    client.post("/webhooks/messenger/", standby, content_type="application/json", **messenger_headers(standby))
    wait_for(lambda: InboundEvent.objects.filter(event_id="m_SB1", handled_at__isnull=False).exists())

    tap = messenger_body("messenger_quick_reply", PSID="24012345678", MID="m_QR1", TEXT="Hỏi cán bộ",
                         PAYLOAD="HOI CAN BO")
    client.post("/webhooks/messenger/", tap, content_type="application/json", **messenger_headers(tap))
    wait_for(lambda: len(platforms.calls("/me/messages")) == 3)  # results; the question's number; consent?
    assert FarmerQuestion.objects.get().channel == "messenger"
    assert [q["payload"] for q in json_of(platforms.calls("/me/messages")[2])["message"]["quick_replies"]] == [
        "CO", "KHONG"]

    # Answered two days later: past 24 hours only an officer's message goes, tagged HUMAN_AGENT.
    Conversation.objects.update(last_inbound_at=timezone.now() - timedelta(days=2))
    platforms.closed_users.add("24012345678")  # a RESPONSE would be refused now
    question = FarmerQuestion.objects.get()
    question.answer = "<p>Tiêm phòng dịch tả cho heo nái trước khi phối.</p>"
    question.save()
    wait_for(lambda: len(platforms.calls("/me/messages")) == 4)
    tagged = json_of(platforms.calls("/me/messages")[3])
    assert tagged["messaging_type"] == "MESSAGE_TAG" and tagged["tag"] == "HUMAN_AGENT"
    assert "Tiêm phòng dịch tả" in tagged["message"]["text"]


@WORKER
def test_an_sms_in_and_out(client, celery_worker, farm_guides, platforms):
    body = sms_body(MSG_ID="gw-1", PHONE="+84905123456", TEXT="lua bi dao on")
    assert client.post("/webhooks/sms/", body, content_type="application/json",
                       **{**sms_headers(body), "HTTP_X_SIGNATURE": "sha256=00"}).status_code == 403
    assert client.post("/webhooks/sms/", body, content_type="application/json", **sms_headers(body)).status_code == 200
    wait_for(lambda: platforms.calls("/sms/send"))
    parts = [json_of(r) for r in platforms.calls("/sms/send")]
    assert all(p["to"] == "0905123456" and p["text"].isascii() and len(p["text"]) <= 160 for p in parts)
    # One part: CO/CHUA are added only where they cost no further SMS.
    assert len(parts) == 1 and short("dao-on") in parts[0]["text"] and "2 phieu ky thuat" in parts[0]["text"]

    body = sms_body(MSG_ID="gw-2", PHONE="0905123456", TEXT="2")
    client.post("/webhooks/sms/", body, content_type="application/json", **sms_headers(body))
    wait_for(lambda: len(platforms.calls("/sms/send")) > len(parts))
    sheet = json_of(platforms.calls("/sms/send")[-1])["text"]
    assert sheet.startswith("Phong benh dao on cho lua") and sheet.endswith(short("dao-on"))


@WORKER
def test_a_messenger_event_delivered_twice_is_answered_once(client, celery_worker, farm_guides, platforms):
    body = messenger_body(PSID="24012345678", MID="m_TWICE", TEXT="nuoi heo nai")
    for _delivery in range(2):  # Meta delivers again when it did not see our 200 in time
        assert client.post("/webhooks/messenger/", body, content_type="application/json",
                           **messenger_headers(body)).status_code == 200
    wait_for(lambda: platforms.calls("/me/messages"))
    time.sleep(0.5)
    assert len(platforms.calls("/me/messages")) == 1
    assert list(InboundEvent.objects.values_list("event_id", flat=True)) == ["m_TWICE"]
    assert Outbound.objects.count() == 1


@WORKER
def test_a_phone_shared_in_zalo_is_kept_for_the_sms_fallback(client, celery_worker, search_index, platforms):
    def submit(phone, user=FARMER):
        body = zalo_body("zalo_user_submit_info", USER_ID=user, PHONE=phone)
        return client.post("/webhooks/zalo/", body, content_type="application/json", **zalo_headers(body))

    zalo_says(client, "Cây sầu riêng nhà tôi bị xì mủ thân, làm sao chữa?", "i-1")  # nothing found: a question
    wait_for(lambda: FarmerQuestion.objects.exists())
    assert submit("84905123456").status_code == 200  # Zalo sends the number in its international form
    wait_for(lambda: Conversation.objects.get(user_id=FARMER).phone)
    assert Conversation.objects.get(user_id=FARMER).phone == "0905123456"
    assert FarmerQuestion.objects.get().phone == "0905123456"  # the open question too: its answer can go by SMS
    wait_for(lambda: "Đã lưu số điện thoại" in texts(platforms)[-1])

    # Not a phone number, from someone new: nothing kept, nothing said.
    sent = len(platforms.calls(CS))
    submit("12345", user="7700000000000000001")
    wait_for(lambda: InboundEvent.objects.filter(handled_at__isnull=False).count() == 3)
    assert Conversation.objects.get(user_id="7700000000000000001").phone == ""
    time.sleep(0.3)
    assert len(platforms.calls(CS)) == sent


@WORKER
def test_an_officer_answering_in_the_page_inbox_is_recorded(client, celery_worker, search_index, platforms):
    psid = "24099999999"

    def post(data):
        body = json.dumps(data, ensure_ascii=False).encode()
        return client.post("/webhooks/messenger/", body, content_type="application/json", **messenger_headers(body))

    def echo(mid, text, app_id=None):
        data = payload("messenger_echo", PSID=psid, MID=mid, TEXT=text, TIME=now_ms())
        if app_id:  # what our app sent through the Send API comes back carrying our app's id
            data["entry"][0]["messaging"][0]["message"]["app_id"] = app_id
        return post(data)

    post(payload("messenger_message", PSID=psid, MID="m_Q1", TEXT="Cây sầu riêng nhà tôi bị xì mủ thân, làm sao chữa?",
                 TIME=now_ms()))
    wait_for(lambda: len(platforms.calls("/me/messages")) == 2)  # the question's number; consent?
    question = FarmerQuestion.objects.get()
    assert question.channel == "messenger" and question.status == "new"

    assert echo("m_E1", texts(platforms, "/me/messages")[0], app_id=1517776481860111).status_code == 200
    wait_for(lambda: InboundEvent.objects.filter(event_id="m_E1", handled_at__isnull=False).exists())
    assert not FarmerQuestion.objects.get().answer  # our own message is no officer's answer

    assert echo("m_E2", "Cạo vết bệnh, quét thuốc gốc đồng.").status_code == 200  # typed in the Page inbox
    wait_for(lambda: FarmerQuestion.objects.get().answer)
    question.refresh_from_db()
    assert question.status == "answered" and question.answer_sent_at and "quét thuốc gốc đồng" in question.answer
    time.sleep(0.5)
    assert not Outbound.objects.filter(question=question).exists()  # not asked to answer twice, nor sent twice
    assert len(platforms.calls("/me/messages")) == 2


def answer_long(question):
    question.answer = "<p>" + "Bón phân cân đối, rút nước phơi ruộng vài ngày rồi bón thêm kali. " * 8 + "</p>"
    question.save()


@WORKER
def test_an_sms_the_gateway_drops_part_way_goes_on_from_the_first_part_not_sent(client, celery_worker, search_index,
                                                                               platforms):
    from chat.formats import officer_answer_sms
    from chat.sms import parts

    # An SMS farmer's answer, three parts; the gateway fails on the second once, and the task retries.
    conversation = Conversation.objects.create(channel="sms", user_id="0905123456", phone="0905123456",
                                               last_inbound_at=timezone.now())
    question = FarmerQuestion.objects.create(text="Lúa bị vàng lá từ gốc lên, làm sao?", channel="sms",
                                             phone="0905123456")
    ChatQuestion.objects.create(question=question, conversation=conversation)
    platforms.failing_sms.add(2)
    answer_long(question)
    wait_for(lambda: Outbound.objects.filter(question=question, sent_at__isnull=False).exists())
    first, second, third = parts(officer_answer_sms(FarmerQuestion.objects.get(pk=question.pk)))
    sent = [json_of(r) for r in platforms.calls("/sms/send")]
    assert [r["text"] for r in sent] == [first, second, second, third]  # the refused part again, not the first
    assert {r["to"] for r in sent} == {"0905123456"}
    outbound = Outbound.objects.get(question=question)
    assert (outbound.via, outbound.parts_sent, outbound.error) == ("sms", 3, "")

    # The same for the fallback SMS of a Zalo farmer whose window has closed.
    conversation = Conversation.objects.create(channel="zalo", user_id=FARMER, phone="0905123457",
                                               last_inbound_at=timezone.now() - timedelta(days=8))
    later = FarmerQuestion.objects.create(text="Lúa bị vàng lá từ gốc lên, làm sao?", channel="zalo")
    ChatQuestion.objects.create(question=later, conversation=conversation)
    before = len(platforms.calls("/sms/send"))
    platforms.failing_sms.add(before + 2)
    answer_long(later)
    wait_for(lambda: Outbound.objects.filter(question=later, sent_at__isnull=False).exists())
    first, second, third = parts(officer_answer_sms(FarmerQuestion.objects.get(pk=later.pk)))
    sent = [json_of(r) for r in platforms.calls("/sms/send")[before:]]
    assert [r["text"] for r in sent] == [first, second, second, third]
    assert {r["to"] for r in sent} == {"0905123457"} and not platforms.calls(CS)
    assert Outbound.objects.get(question=later).via == "sms"


@WORKER
def test_a_field_sheet_whose_text_fails_once_is_not_sent_twice(client, celery_worker, farm_guides, platforms):
    from chat.messages import Reply
    from chat.sending import queue

    guide = GuidePage.objects.get(slug="dao-on")
    replies = [Reply(f"Phiếu kỹ thuật: {guide.title}", sheet=guide.pk), Reply("Bà con cần gì thêm không?")]

    # Zalo: the file goes, the platform is unreachable for the text once; the retry goes on with the text.
    conversation = Conversation.objects.create(channel="zalo", user_id=FARMER, last_inbound_at=timezone.now())
    platforms.failing_calls[CS] = {2}
    outbound = queue(conversation, replies)
    wait_for(lambda: Outbound.objects.filter(pk=outbound.pk, sent_at__isnull=False).exists())
    sent = [json_of(r)["message"] for r in platforms.calls(CS)]
    assert len(platforms.calls("/v2.0/oa/upload/file")) == 1
    assert [m.get("attachment", {}).get("type") for m in sent] == ["file", None, None, None]  # the file once
    assert [m.get("text") for m in sent] == [None, replies[0].text, replies[0].text, replies[1].text]
    outbound.refresh_from_db()
    assert (outbound.via, outbound.parts_sent, outbound.error) == ("zalo", 3, "")  # file, text, text

    # Messenger: the same.
    conversation = Conversation.objects.create(channel="messenger", user_id="24012345678",
                                               last_inbound_at=timezone.now())
    platforms.failing_calls["/me/messages"] = {2}
    outbound = queue(conversation, replies)
    wait_for(lambda: Outbound.objects.filter(pk=outbound.pk, sent_at__isnull=False).exists())
    sent = [json_of(r)["message"] for r in platforms.calls("/me/messages")]
    assert len(platforms.calls("/me/message_attachments")) == 1
    assert [m.get("attachment", {}).get("type") for m in sent] == ["file", None, None, None]
    assert [m.get("text") for m in sent] == [None, replies[0].text, replies[0].text, replies[1].text]
    outbound.refresh_from_db()
    assert (outbound.via, outbound.parts_sent, outbound.error) == ("messenger", 3, "")


@WORKER
def test_two_workers_refreshing_the_zalo_token_at_once_spend_the_refresh_token_once(platforms):
    from django.db import connection

    from chat import zalo

    ZaloToken.objects.create(pk=1, access_token="AT0", refresh_token="RT0",
                             expires_at=timezone.now() - timedelta(minutes=1))
    platforms.token_delay = 0.5  # the first refresh is still under way when the second worker asks
    together = threading.Barrier(2)
    got, failed = [], []

    def worker():
        try:
            together.wait(10)
            got.append(zalo.refresh("AT0"))  # both read the expired token before either refreshed
        except Exception as error:  # reported below
            failed.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert failed == [] and got == ["AT1", "AT1"]
    assert len(platforms.calls("/v4/oa/access_token")) == 1
    token = ZaloToken.objects.get()
    assert (token.access_token, token.refresh_token) == ("AT1", "RT1")


@pytest.mark.django_db
def test_a_field_sheet_too_big_to_attach_goes_as_its_address_at_site_url(client, farm_guides, platforms, settings,
                                                                         monkeypatch):
    from chat import zalo
    from chat.messages import Reply
    from chat.sending import send

    settings.SITE_URL = "https://khuyennong.thuathienhue.gov.vn"
    monkeypatch.setattr(zalo, "FILE_LIMIT", 1000)  # every sheet is bigger
    guide = GuidePage.objects.get(slug="dao-on")
    conversation = Conversation.objects.create(channel="zalo", user_id=FARMER, last_inbound_at=timezone.now())
    send(conversation, Reply(f"Phiếu kỹ thuật: {guide.title}", sheet=guide.pk))
    assert not platforms.calls("/v2.0/oa/upload/file")
    link = texts(platforms)[0].splitlines()[-1]
    assert link.startswith(settings.SITE_URL + "/") and link.endswith("/phieu-ky-thuat.pdf")
    response = client.get(link.removeprefix(settings.SITE_URL))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_each_platforms_window(db):
    from chat.sending import window

    now = timezone.now()

    def state(channel, hours, human=False):
        return window(Conversation(channel=channel, last_inbound_at=now - timedelta(hours=hours)), human, now)

    assert [state("zalo", 47), state("zalo", 100), state("zalo", 169)] == ["open", "open", "closed"]
    assert [state("messenger", 23), state("messenger", 30), state("messenger", 30, human=True),
            state("messenger", 169, human=True)] == ["open", "closed", "tagged", "closed"]
    assert state("sms", 10_000) == "open"


def test_sms_replies_are_cut_into_ascii_parts_between_words():
    from chat.sms import parts

    text = "Phòng bệnh đạo ôn cho lúa " * 30
    found = parts(text)
    assert len(found) == 3 and all(len(p) <= 160 and p.isascii() for p in found) and found[-1].endswith("...")
    assert parts("Lúa") == ["Lua"]


@pytest.mark.django_db
def test_the_communes_of_2025_and_their_former_names():
    from kb.places import find_commune, load_communes

    communes = Commune.objects.all()
    assert communes.count() == 40 and communes.filter(kind="phuong").count() == 21
    assert Commune.objects.get(code=19942).name == "Xã Phú Vang"
    found = {text: str(find_commune(text)) for text in
             ["Phú Vang", "lúa ở phu vang bị vàng lá", "xã Phú Thuận", "thi tran Sia", "Nam Đông", "A Lưới 3",
              "Hương Phong", "heo con bị tiêu chảy"]}
    assert found == {"Phú Vang": "Xã Phú Vang", "lúa ở phu vang bị vàng lá": "Xã Phú Vang",
                     "xã Phú Thuận": "Phường Thuận An", "thi tran Sia": "Xã Quảng Điền", "Nam Đông": "Xã Nam Đông",
                     "A Lưới 3": "Xã A Lưới 3", "Hương Phong": "None",  # a ward of Huế and a commune of A Lưới
                     "heo con bị tiêu chảy": "None"}
    assert Commune.objects.get(name="Xã Khe Tre").region.name == "Nam Đông"
    assert load_communes() == (0, 0)  # loading again changes nothing


def test_reply_round_trip():
    from chat.messages import Button, Reply

    reply = Reply("Chào", buttons=[Button("Có", "CO")], sms="Chao", sheet=3)
    assert Reply.from_dict(json.loads(json.dumps(reply.as_dict()))) == reply


@pytest.mark.django_db
def test_chats_are_erased_90_days_after_the_last_message_unless_a_question_is_open(client):
    from chat.retention import purge

    old = timezone.now() - timedelta(days=91)
    idle = Conversation.objects.create(channel="zalo", user_id="idle", phone="0905000001", last_inbound_at=old)
    waiting = Conversation.objects.create(channel="sms", user_id="0905000002", phone="0905000002",
                                          last_inbound_at=old)
    ChatQuestion.objects.create(conversation=waiting, question=FarmerQuestion.objects.create(
        text="Câu hỏi còn chờ cán bộ trả lời", channel="sms"))
    recent = Conversation.objects.create(channel="messenger", user_id="recent", last_inbound_at=timezone.now())
    InboundEvent.objects.create(channel="zalo", event_id="old", payload={"text": "lúa"}, received_at=old)
    InboundEvent.objects.create(channel="zalo", event_id="new", payload={"text": "lúa"})
    Outbound.objects.create(conversation=recent, replies=[], created_at=old, sent_at=old)

    assert purge() == (1, 1, 1)
    assert set(Conversation.objects.values_list("pk", flat=True)) == {waiting.pk, recent.pk}
    assert list(InboundEvent.objects.values_list("event_id", flat=True)) == ["new"]
    assert not Conversation.objects.filter(pk=idle.pk).exists()


@pytest.mark.django_db
def test_a_published_answer_has_a_short_address_too(client, home):
    from questions.publishing import publish_answer

    question = FarmerQuestion.objects.create(text="Gà bị khò khè, chảy nước mũi thì làm sao?", consent=True,
                                             answer="<p>Cách ly gà bệnh, giữ chuồng khô.</p>")
    page = publish_answer(question, "Gà khò khè, chảy nước mũi", question.text)
    response = client.get(f"/g/{page.pk}")
    assert response.status_code == 302 and response["Location"] == page.url
    page.unpublish()
    assert client.get(f"/g/{page.pk}").status_code == 404


@pytest.mark.django_db
def test_details_belong_to_the_question_for_half_an_hour_then_a_message_is_a_new_question(search_index):
    from chat.conversation import new_question, respond
    from chat.messages import Incoming, Kind

    conversation = Conversation.objects.create(channel="sms", user_id="0905111222", phone="0905111222")
    question = new_question(conversation, "Lúa bị vàng lá từ gốc lên")
    conversation.state = {"awaiting": "details", "question": question.pk}
    replies = respond(conversation, Incoming("sms", "0905111222", Kind.TEXT, text="Ruộng ở Phú Vang, từ tuần trước"))
    question.refresh_from_db()
    assert question.text.endswith("từ tuần trước") and replies[0].text.startswith("Đã thêm vào câu hỏi số")

    FarmerQuestion.objects.filter(pk=question.pk).update(created_at=timezone.now() - timedelta(minutes=31))
    respond(conversation, Incoming("sms", "0905111222", Kind.TEXT, text="Heo con bị tiêu chảy phân trắng"))
    assert FarmerQuestion.objects.count() == 2  # nothing found for it: a question of its own
    assert "Heo con" not in FarmerQuestion.objects.get(pk=question.pk).text
