"""Pest, disease and weather alerts by commune and crop (issue 24), through public interfaces: the pages, the
search, the Atom feed, the admin, and delivery by a real worker to local servers standing in for Zalo,
Messenger, an SMS gateway (tests/platforms.py) and a Web Push service that decrypts what it is sent
(tests/pushservice.py)."""
import signal
import time
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from alerts.models import Delivery, Subscription
from kb.models import AlertPage, Commodity, Commune, GuidePage
from kb.tree import alert_index
from tasks.alerts import dispatch_alert, tick
from tests.helpers import ACTION, closed_port, member, publish_alert, publishing_to, wait_for, worker
from tests.platforms import (
    Platforms,
    json_of,
    messenger_body,
    messenger_headers,
    sms_body,
    sms_headers,
    zalo_body,
    zalo_headers,
)
from tests.pushservice import PushService

WORKER = pytest.mark.django_db(transaction=True, serialized_rollback=True)
CS, MESSAGES, SMS, ZNS = "/v3.0/oa/message/cs", "/me/messages", "/sms/send", "/message/template"
ATOM = "{http://www.w3.org/2005/Atom}"


@WORKER
def test_a_rice_alert_shows_on_home_rice_guides_and_rice_searches_not_on_pig_guides_and_leaves_at_its_end(
        client, celery_worker, farm_guides):
    alert = publish_alert()

    home = client.get("/").content.decode()
    assert alert.title in home and "Phường Phong Điền" in home
    assert alert.title in client.get("/trong-trot/dao-on/").content.decode()  # rice, former Phú Vang
    assert alert.title not in client.get("/chan-nuoi/heo-nai/").content.decode()  # pigs
    assert alert.title not in client.get("/trong-trot/lua-sach/").content.decode()  # rice, but in Hương Trà
    assert alert.title in client.get("/tim-kiem/", {"q": "lúa"}).content.decode()
    assert alert.title not in client.get("/tim-kiem/", {"q": "nuôi heo"}).content.decode()
    # The alert itself is searched while in force, marked as such.
    found = wait_for(lambda: [h for h in client.get("/api/search", {"q": "ray nau"}).json()["results"]
                              if h["kind"] == "alert"])
    assert found[0]["title"] == alert.title
    listing = client.get(alert_index().url).content.decode()
    assert listing.index(alert.title) < listing.index("Đã hết hiệu lực")

    # Its period ends: gone from pages at once, from the search once the beat task has synced it.
    AlertPage.objects.filter(pk=alert.pk).update(valid_until=timezone.now() - timedelta(seconds=1))
    assert alert.title not in client.get("/").content.decode()
    assert alert.title not in client.get("/trong-trot/dao-on/").content.decode()
    assert not [h for h in client.get("/api/search", {"q": "ray nau"}).json()["results"] if h["kind"] == "alert"]
    tick.delay()
    wait_for(lambda: not client.get("/api/search", {"q": "ray nau"}).json()["total"] or all(
        h["kind"] != "alert" for h in client.get("/api/search", {"q": "ray nau"}).json()["results"]))
    page = client.get(alert.url).content.decode()  # an old link still says what it was
    assert "Cảnh báo này đã hết hiệu lực." in page
    listing = client.get(alert_index().url).content.decode()
    assert listing.index("Đã hết hiệu lực") < listing.index(alert.title)


@pytest.mark.django_db
def test_an_editor_previews_a_rice_guides_draft_with_its_alert(client, farm_guides):
    """A draft read back from its revision holds its commodities in memory: the banner reads them all the same."""
    alert = publish_alert()
    guide = GuidePage.objects.get(slug="dao-on")
    guide.title = "Đạo ôn lúa (bản nháp)"
    revision = guide.save_revision()
    client.force_login(member("bien-tap", "Biên tập viên"))

    preview = client.get(f"/admin/pages/{guide.pk}/revisions/{revision.pk}/view/")

    assert preview.status_code == 200
    assert "Đạo ôn lúa (bản nháp)" in preview.content.decode() and alert.title in preview.content.decode()


@pytest.mark.django_db
def test_a_search_shows_an_alert_published_or_begun_since_the_last_one_and_an_english_search_shows_it_too(
        client, farm_guides):
    """A page first sieves the alerts by what they may concern, read once per visible stamp: an alert
    published after that reading, or whose period has begun since, shows on the next search all the same."""
    def banners(path="/tim-kiem/", q="lúa"):
        return client.get(path, {"q": q}).content.decode()

    assert "Cảnh báo" not in banners()
    alert = publish_alert()
    assert alert.title in banners() and alert.title not in banners(q="nuôi lợn")
    later = publish_alert(title="Dịch tả lợn châu Phi tái phát", commodities=("Lợn",),
                          valid_from=timezone.now() + timedelta(hours=1))
    assert later.title not in banners(q="nuôi lợn")
    AlertPage.objects.filter(pk=later.pk).update(valid_from=timezone.now() - timedelta(minutes=1))  # time passes
    assert later.title in banners(q="nuôi lợn")

    # An English search's hits carry their commodities' English names.
    from kb.importer import import_lines
    from search import indexes
    from tests.helpers import guide_line

    rice = Commodity.objects.get(name="Lúa")
    rice.name_en = "Rice"
    rice.save()
    assert import_lines([guide_line("rice-blast", "Preventing rice blast", locale="en")], publish=True).ok
    indexes.rebuild()
    english = banners("/en/search/", "rice blast")
    assert "/en/crops/rice-blast/" in english and alert.title in english


@pytest.mark.django_db
def test_the_feed_is_valid_atom_and_lists_alerts_in_force_and_just_ended(client):
    in_force = publish_alert(severity="emergency")
    ended = publish_alert(title="Dịch tả heo châu Phi ở Phong Điền", commodities=("Lợn",))
    ended.end()

    response = client.get("/canh-bao.atom")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    # RFC 4287 4.1.1: a feed has exactly one id, title and updated, an author (here or in every entry) and
    # should link to itself; each entry exactly one id, title, updated, and a link or content.
    for name in ("id", "title", "updated"):
        assert len(feed.findall(f"{ATOM}{name}")) == 1, name
    assert feed.find(f"{ATOM}author/{ATOM}name").text
    assert feed.find(f"{ATOM}link[@rel='self']").get("href").endswith("/canh-bao.atom")
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == [f"Khẩn cấp: {in_force.title}",
                                                              f"Cảnh báo: {ended.title}"]
    for entry in entries:
        for name in ("id", "title", "updated"):
            assert len(entry.findall(f"{ATOM}{name}")) == 1, name
        assert entry.find(f"{ATOM}id").text.startswith("tag:")
        datetime.fromisoformat(entry.find(f"{ATOM}updated").text)  # RFC 3339
        assert entry.find(f"{ATOM}link[@rel='alternate']").get("href").startswith("http")
    assert "Đã hết hiệu lực." in entries[1].find(f"{ATOM}summary").text


@pytest.mark.django_db
def test_an_alert_naming_a_banned_substance_is_refused_and_a_pesticide_needs_its_interval(client):
    index = alert_index()
    client.force_login(member("bien-tap", "Biên tập viên"))
    form = {"title": "Sâu cuốn lá nhỏ", "slug": "sau-cuon-la", "severity": "warning", "hazard": "pest",
            "situation": "Sâu cuốn lá nhỏ lứa 4 nở rộ.", "action": "Phun Paraquat khi sâu non tuổi 1–2.",
            "commodities": [Commodity.objects.get_or_create(name="Lúa", defaults={"slug": "lua", "sector": "crop"})
                            [0].pk],
            "communes": [Commune.objects.get(name="Phường Phong Điền").pk],
            "valid_from": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
            "valid_until": (timezone.localtime() + timedelta(days=3)).strftime("%Y-%m-%d %H:%M"),
            "action-publish": "1"}
    url = f"/admin/pages/add/kb/alertpage/{index.pk}/"
    response = client.post(url, form)
    assert response.status_code == 200 and "Quyết định 278/QĐ-BNN-BVTV" in response.content.decode()
    assert not AlertPage.objects.exists()

    pesticide = "Phun thuốc có hoạt chất Abamectin khi sâu non tuổi nhỏ."
    response = client.post(url, {**form, "action": pesticide})  # a pesticide, and no interval
    assert "Thời gian cách ly" in response.content.decode() and not AlertPage.objects.exists()
    response = client.post(url, {**form, "action": pesticide, "phi_days": "7"})
    assert response.status_code == 302
    assert AlertPage.objects.get().live


@pytest.fixture
def channels(settings):
    """Every channel pointed at local stand-ins; SMS allowed at any hour unless a test says otherwise."""
    with Platforms() as platforms, PushService() as push:
        for name, value in platforms.settings().items():
            setattr(settings, name, value)
        settings.WEBPUSH_SERVICES = [push.url]
        settings.ZALO_ZNS_TEMPLATE_ID = "318492"
        settings.ALERT_SMS_HOURS = (0, 24)
        yield platforms, push


def says(client, channel, text, user, number):
    if channel == "zalo":
        body = zalo_body(USER_ID=user, TEXT=text, MSG_ID=f"zalo-{number}")
        return client.post("/webhooks/zalo/", body, content_type="application/json", **zalo_headers(body))
    if channel == "messenger":
        body = messenger_body(PSID=user, MID=f"m_{number}", TEXT=text)
        return client.post("/webhooks/messenger/", body, content_type="application/json", **messenger_headers(body))
    body = sms_body(MSG_ID=f"gw-{number}", PHONE=user, TEXT=text)
    return client.post("/webhooks/sms/", body, content_type="application/json", **sms_headers(body))


def subscribe_phone(client, push, name, commune="Phường Phong Điền", commodities=("Lúa",)):
    data = {"subscription": push.phone(name).subscription(), "commune": Commune.objects.get(name=commune).pk,
            "commodities": list(Commodity.objects.filter(name__in=commodities).values_list("pk", flat=True))}
    response = client.post("/nhan-canh-bao/push/", data, content_type="application/json")
    assert response.status_code == 200, response.content
    return response.json()


def sent_to(platforms, path, key):
    return [json_of(r) for r in platforms.calls(path) if key(json_of(r))]


@WORKER
def test_subscribers_on_every_channel_get_an_alert_once_and_an_update_only_if_they_got_the_first(
        client, celery_worker, farm_guides, channels):
    platforms, push = channels
    farmers = [("zalo", "DK LUA PHONG DIEN", "5510001"), ("messenger", "dk lúa phong điền", "2401001"),
               ("sms", "DK LUA PHONG DIEN", "0905123456"), ("zalo", "DK LON PHONG DIEN", "5510002"),
               ("zalo", "DK LUA PHONG DIEN", "5510003"), ("zalo", "DK LUA PHONG DIEN", "5510004")]
    for number, (channel, text, user) in enumerate(farmers):
        assert says(client, channel, text, user, number).status_code == 200
    wait_for(lambda: Subscription.objects.count() == 6 and len(platforms.requests) >= 7)
    assert "Đã đăng ký nhận cảnh báo về lúa ở Phường Phong Điền" in sent_to(
        platforms, CS, lambda m: m["recipient"]["user_id"] == "5510001")[-1]["message"]["text"]
    says(client, "zalo", "HUY", "5510003", 10)  # one step stops everything
    wait_for(lambda: Subscription.objects.filter(stopped_at__isnull=False).count() == 1)
    # A farmer who last wrote 8 days ago, with a phone: past Zalo's 7-day window, so ZNS to the phone.
    closed = Subscription.objects.get(conversation__user_id="5510004").conversation
    closed.last_inbound_at, closed.phone = timezone.now() - timedelta(days=8), "0914000111"
    closed.save()
    # A phone subscribed on the site for rice in Phong Điền, another for pigs only.
    assert "Phường Phong Điền" in subscribe_phone(client, push, "phone-rice")["message"]
    subscribe_phone(client, push, "phone-pigs", commodities=("Lợn",))
    before = len(platforms.requests)

    alert = publish_alert()
    wait_for(lambda: Delivery.objects.filter(alert=alert, status="sent").count() == 5, timeout=60)
    assert len(push.payloads("phone-rice")) == 1 and not push.payloads("phone-pigs") and not push.errors
    payload = push.payloads("phone-rice")[0]
    assert payload["title"] == f"Cảnh báo: {alert.title}" and payload["url"] == alert.url
    zalo = sent_to(platforms, CS, lambda m: "Rầy nâu" in m["message"].get("text", ""))
    assert [m["recipient"]["user_id"] for m in zalo] == ["5510001"]  # not the pig farmer, not who said HUY
    assert ACTION in zalo[0]["message"]["text"] and f"/g/{alert.pk}" in zalo[0]["message"]["text"]
    zns = sent_to(platforms, ZNS, lambda m: True)
    assert len(zns) == 1 and zns[0]["phone"] == "84914000111" and zns[0]["template_id"] == "318492"
    assert [m["recipient"]["id"] for m in sent_to(platforms, MESSAGES, lambda m: "Rầy nâu" in str(m))] == ["2401001"]
    sms = sent_to(platforms, SMS, lambda m: "Ray nau" in m["text"])
    assert len(sms) == 1 and sms[0]["to"] == "0905123456" and len(sms[0]["text"]) <= 160
    assert sms[0]["text"].startswith("CANH BAO: Ray nau") and sms[0]["text"].endswith(f"/g/{alert.pk}")

    # Sent once: a second run of the plan and the beat task send nothing more.
    sent = len(platforms.requests) - before
    tick.delay()
    dispatch_alert.delay(alert.pk)
    time.sleep(1.5)
    assert len(platforms.requests) - before == sent and len(push.payloads("phone-rice")) == 1

    # The officers' counts: by channel, by the way it went, by commune; no numbers listed.
    client.force_login(member("can-bo", "Cán bộ khuyến nông"))
    report = client.get(f"/admin/alerts/{alert.pk}/delivery/").content.decode()
    assert "Zalo ZNS" in report and "Phường Phong Điền" in report and "0905123456" not in report
    assert alert.title in client.get("/admin/").content.decode()  # the dashboard panel

    # An update goes only to those who got the first one, and replaces it.
    subscribe_phone(client, push, "phone-late")  # subscribed after the first was sent
    update = publish_alert(title="Cập nhật: rầy nâu đã lan rộng", replaces=alert)
    wait_for(lambda: Delivery.objects.filter(alert=update, status="sent").count() == 5, timeout=60)
    assert not push.payloads("phone-late") and len(push.payloads("phone-rice")) == 2
    assert push.payloads("phone-rice")[1]["tag"] == push.payloads("phone-rice")[0]["tag"]
    assert AlertPage.objects.get(pk=alert.pk).ended_at is not None
    assert alert.title not in client.get("/").content.decode() and update.title in client.get("/").content.decode()


@WORKER
def test_sms_waits_for_morning_and_for_the_next_day_after_three(client, celery_worker, farm_guides, channels,
                                                               settings):
    platforms, push = channels
    says(client, "sms", "DK LUA PHONG DIEN", "0905123456", 1)
    wait_for(lambda: Subscription.objects.count() == 1 and platforms.calls(SMS))
    hour = timezone.localtime().hour
    settings.ALERT_SMS_HOURS = ((hour + 1) % 24, (hour + 2) % 24 or 24)  # now is the quiet hours
    first = publish_alert()
    wait_for(lambda: Delivery.objects.filter(alert=first, reason="SMS quiet hours").exists())
    assert not sent_to(platforms, SMS, lambda m: "Ray nau" in m["text"])
    assert timezone.localtime(Delivery.objects.get(alert=first).not_before).hour == (hour + 1) % 24

    settings.ALERT_SMS_HOURS = (0, 24)  # morning came: the beat task resumes what was deferred
    Delivery.objects.filter(alert=first).update(not_before=timezone.now())
    tick.delay()
    wait_for(lambda: Delivery.objects.filter(alert=first, status="sent").exists())

    more = [publish_alert(title=f"Đạo ôn lá đợt {n}") for n in range(3)]
    wait_for(lambda: Delivery.objects.filter(alert__in=more).exclude(status="sending").count() == 3
             and Delivery.objects.filter(alert__in=more, status="sent").count() == 2)
    wait_for(lambda: Delivery.objects.filter(alert__in=more, reason="SMS daily cap reached").count() == 1)
    alerts_sent = sent_to(platforms, SMS, lambda m: m["text"].startswith("CANH BAO"))
    assert len(alerts_sent) == 3  # three a day to one number


@WORKER
def test_a_worker_killed_mid_batch_leaves_the_rest_to_another_and_no_phone_gets_the_alert_twice(
        client, search_index, private_redis, settings):
    with PushService() as push:
        settings.WEBPUSH_SERVICES = [push.url]
        Commodity.objects.get_or_create(name="Lúa", defaults={"slug": "lua", "sector": "crop"})
        phones = [f"phone-{n}" for n in range(40)]
        for name in phones:
            subscribe_phone(client, push, name)
        push.hold_at = 12  # the twelfth message is in flight when the worker dies
        environ = {"WEBPUSH_SERVICES": push.url, "ALERT_BATCH_SIZE": "200"}
        with publishing_to(private_redis.url):
            with worker(private_redis.url, "alerts-first", stop=signal.SIGKILL, queues="celery,alerts", **environ):
                alert = publish_alert()
                assert push.held.wait(120), "the first worker sent nothing"  # a loaded machine starts slowly
            push.release()
            time.sleep(2)  # the visibility timeout the workers run with: the batch is due again
            with worker(private_redis.url, "alerts-second", queues="celery,alerts", **environ):
                wait_for(lambda: not Delivery.objects.filter(alert=alert, status__in=["pending", "sending"])
                         .exists(), timeout=120)
        assert not push.errors
        assert sorted(name for name, _payload, _key in push.received) == sorted(phones)  # each exactly once
        statuses = dict(Delivery.objects.filter(alert=alert).values_list("subscription__endpoint", "status"))
        interrupted = [endpoint for endpoint, status in statuses.items() if status == "failed"]
        assert len(interrupted) == 1 and list(statuses.values()).count("sent") == 39
        assert Delivery.objects.get(subscription__endpoint=interrupted[0]).reason.startswith("worker stopped")


@pytest.mark.django_db
def test_an_editor_ends_an_alert_early_and_an_officer_drafts_its_update(client):
    alert = publish_alert()
    officer = member("can-bo", "Cán bộ khuyến nông")
    client.force_login(officer)
    assert "Kết quả gửi" in client.get(f"/admin/pages/{alert.pk}/edit/").content.decode()
    client.post(f"/admin/alerts/{alert.pk}/end/")  # officers may not publish: refused (the admin says so)
    assert AlertPage.objects.get(pk=alert.pk).ended_at is None
    response = client.post(f"/admin/alerts/{alert.pk}/update/")
    update = AlertPage.objects.get(replaces=alert)
    assert response.status_code == 302 and response["Location"] == f"/admin/pages/{update.pk}/edit/"
    assert not update.live and update.action == ACTION and list(update.communes.all()) == list(alert.communes.all())

    client.force_login(member("bien-tap", "Biên tập viên"))
    assert alert.title in client.get("/").content.decode()
    client.post(f"/admin/alerts/{alert.pk}/end/")
    assert alert.title not in client.get("/").content.decode()
    assert "Cảnh báo này đã hết hiệu lực." in client.get(alert.url).content.decode()
    # An older revision published again does not bring it back: ending is the page's, not a revision's.
    AlertPage.objects.get(pk=alert.pk).get_latest_revision().publish()
    assert AlertPage.objects.get(pk=alert.pk).ended_at is not None
    assert alert.title not in client.get("/").content.decode()


@pytest.mark.django_db
def test_with_the_engine_down_an_alert_in_force_is_still_found_and_an_ended_one_is_not(client, settings):
    rice = Commodity.objects.create(name="Lúa", slug="lua", sector="crop")
    current = publish_alert()
    ended = publish_alert(title="Bệnh đạo ôn cổ bông trên lúa")
    ended.end()
    expired = publish_alert(title="Sâu cuốn lá nhỏ hại lúa")
    AlertPage.objects.filter(pk=expired.pk).update(valid_until=timezone.now() - timedelta(minutes=1))
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{closed_port()}"

    def found(q, **filters):
        data = client.get("/api/search", {"q": q, **filters}).json()
        assert data["degraded"] is True
        return [(hit["kind"], hit["slug"]) for hit in data["results"] if hit["kind"] == "alert"]

    assert found("ray nau") == [("alert", current.slug)]  # in its title and situation, folded
    assert found("chân ruộng trũng") == [("alert", current.slug)]  # its situation's words
    assert found("ray nau", sector="crop") == found("ray nau", commodity=rice.slug) == [("alert", current.slug)]
    assert found("ray nau", sector="livestock") == []
    assert found("dao on co bong") == found("sâu cuốn lá nhỏ") == []  # ended early; past its period
    page = client.get("/tim-kiem/", {"q": "rầy nâu"}).content.decode()
    assert current.title in page and ended.title not in page
