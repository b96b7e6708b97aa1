"""Daily counts: what the reports read once raw events are gone — counted from seeded searches, questions,
uses and votes through the management command and the beat task, recounted without doubling, and raw events
purged only once counted."""
from datetime import datetime, time, timedelta

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db.models import Sum
from django.utils import timezone

from analytics.models import SearchRecord, UsageEvent
from analytics.privacy import masked_query
from tests.helpers import guide_line, typical_guide, wait_for


def at(days_ago, hour=10):
    return timezone.make_aware(datetime.combine(timezone.localdate() - timedelta(days=days_ago), time(hour)))


def total(**filters):
    from reports.models import DailyCount

    return DailyCount.objects.filter(**filters).aggregate(n=Sum("value"))["n"] or 0


@pytest.fixture
def activity(db):
    """Three days of activity: searches found and not, a question after a search, an answer, votes."""
    from feedback.models import VoteCount
    from kb.models import Commodity, Commune
    from questions.models import FarmerQuestion

    lon = Commodity.objects.create(name="Lợn", slug="lon", sector="livestock", alt_names="heo")
    commune = Commune.objects.get(name="Xã Phú Vang")
    searches = [("lúa", 4, 3, {}), ("heo con tieu chay", 0, 2, {}), ("lợn con bị tiêu chảy", 0, 1, {}),
                ("lợn con bị tiêu chảy", 0, 1, {"commodity": "lon"}), (masked_query("gọi 0905 123 456"), 0, 1, {})]
    SearchRecord.objects.bulk_create(
        SearchRecord(query=query, result_count=found, duration_ms=5, filters=filters, language="vi",
                     created_at=at(days, hour=8 + n))
        for query, found, days, filters in searches for n in range(2))
    asked = FarmerQuestion.objects.create(text="Heo con nhà tôi bị tiêu chảy phân trắng, làm sao?", commodity=lon,
                                          commune=commune, source_query="heo con tieu chay", created_at=at(2))
    FarmerQuestion.objects.filter(pk=asked.pk).update(answer="<p>Giữ ấm chuồng.</p>", status="answered",
                                                      answered_at=at(2) + timedelta(hours=5), no_guide=True)
    VoteCount.objects.create(kind="guide", item_id=1, day=at(1).date(), yes=7, no=3)
    VoteCount.objects.create(kind="alert", item_id=2, day=at(1).date(), channel="zalo", commune=commune, yes=1, no=0)
    return lon, commune


def test_searches_questions_and_votes_become_daily_rows_and_a_second_run_changes_nothing(activity):
    from reports.models import DailyCount, Metric

    lon, commune = activity
    call_command("count_activity")
    rows = DailyCount.objects.count()
    assert total(metric=Metric.SEARCH) == 10
    assert total(metric=Metric.SEARCH, outcome="found") == 2
    # The three spellings of one gap are one group of words, the form typed most kept to show.
    gaps = DailyCount.objects.filter(metric=Metric.SEARCH, outcome="empty").exclude(text__contains="[")
    assert {row.words for row in gaps} == {"chay con lon tieu"}
    assert {row.text for row in gaps} == {"heo con tieu chay", "lợn con bị tiêu chảy"}
    # The commodity a search names counts as if it had been chosen as a filter.
    assert total(metric=Metric.SEARCH, outcome="empty", commodity=lon) == 6
    # A typed phone number never reaches a daily row.
    assert not DailyCount.objects.filter(text__contains="0905").exists()
    assert total(metric=Metric.QUESTION, commune=commune) == 1
    assert total(metric=Metric.NO_GUIDE) == 1
    assert total(metric=Metric.SEARCH_ASKED, words="chay con lon tieu") == 1
    assert DailyCount.objects.get(metric=Metric.ANSWERED).hours == [5.0]
    assert total(metric=Metric.VOTE, outcome="yes") == 8 and total(metric=Metric.VOTE, outcome="no") == 3
    assert total(metric=Metric.VOTE, commune=commune, channel="zalo") == 1

    call_command("count_activity")
    call_command("count_activity")
    assert DailyCount.objects.count() == rows
    assert total(metric=Metric.SEARCH) == 10


def test_late_events_of_a_counted_day_are_counted_on_the_next_run(activity):
    from reports.models import Metric

    call_command("count_activity")
    SearchRecord.objects.create(query="lúa", result_count=2, duration_ms=5, created_at=at(1, hour=23))
    call_command("count_activity")
    assert total(metric=Metric.SEARCH) == 11


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_raw_events_are_purged_by_the_beat_task_only_once_counted(settings, celery_worker):
    from reports.aggregation import purge
    from reports.models import Metric
    from tasks.reports import count_and_purge

    settings.SEARCH_RECORD_RETENTION_DAYS = 30
    for days in (0, 29, 31, 400):
        SearchRecord.objects.create(query=f"{days} ngày", result_count=0, duration_ms=1, created_at=at(days))
    UsageEvent.objects.create(kind="sheet", created_at=at(40))
    assert purge() == (0, 0)  # nothing counted yet: nothing may go
    assert SearchRecord.objects.count() == 4

    count_and_purge.delay()
    wait_for(lambda: SearchRecord.objects.count() == 2)
    assert sorted(SearchRecord.objects.values_list("query", flat=True)) == ["0 ngày", "29 ngày"]
    assert not UsageEvent.objects.exists()
    assert total(metric=Metric.SEARCH) == 4  # the purged ones still counted
    assert total(metric=Metric.SHEET) == 1


@pytest.fixture
def live_guide(home):
    from kb.importer import import_lines
    from kb.models import GuidePage

    assert import_lines([guide_line("lua-sach", "Trồng lúa sạch"),
                         guide_line("lua-nhap", "Lúa nháp")], publish=True).ok
    draft = GuidePage.objects.get(slug="lua-nhap")
    draft.unpublish()
    caches["default"].clear()  # rate-limit counters
    return GuidePage.objects.get(slug="lua-sach"), draft


def test_a_guide_saved_or_shared_is_counted_without_who_and_a_bad_beacon_is_told_why(client, live_guide):
    from reports.models import Metric

    guide, draft = live_guide
    assert client.post(f"/g/{guide.pk}/used", {"kind": "saved"}).status_code == 204
    assert client.post(f"/g/{guide.pk}/used", {"kind": "shared", "via": "zalo"}).status_code == 204
    for page, data in ((guide, {"kind": "liked"}), (guide, {"kind": "shared", "via": "fax"}),
                       (draft, {"kind": "saved"}), (guide, {"kind": "saved", "via": "zalo"})):
        response = client.post(f"/g/{page.pk}/used", data)
        assert response.status_code == 400 and response.content
    assert client.get(f"/g/{guide.pk}/used").status_code == 405
    events = list(UsageEvent.objects.values("kind", "page_id", "via"))
    assert events == [{"kind": "saved", "page_id": guide.pk, "via": ""},
                      {"kind": "shared", "page_id": guide.pk, "via": "zalo"}]
    call_command("count_activity")
    assert total(metric=Metric.SAVED, sector="crop", commodity__name="Lúa") == 1
    assert total(metric=Metric.SHARED, channel="zalo") == 1


def test_beacons_are_rate_limited(client, live_guide, settings):
    settings.RATELIMIT_ENABLE = True
    guide, _draft = live_guide
    codes = [client.post(f"/g/{guide.pk}/used", {"kind": "saved"}).status_code for _n in range(61)]
    assert codes[:60] == [204] * 60 and codes[60] == 429
    assert UsageEvent.objects.count() == 60


def test_a_field_sheet_made_is_counted(client, db):
    from reports.models import Metric

    caches["fieldsheets"].clear()
    typical_guide()
    assert client.get("/trong-trot/lua-he-thu/phieu-ky-thuat.pdf").status_code == 200
    assert client.get("/trong-trot/khong-co/phieu-ky-thuat.pdf").status_code == 404
    call_command("count_activity")
    assert total(metric=Metric.SHEET, sector="crop") == 1
