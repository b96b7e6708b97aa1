"""Search analytics: every search is recorded by a real Celery worker, without personal data, and the
officers' report in the Wagtail admin shows top and zero-result queries, trends, a sector filter and CSV."""
import csv
import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone

from search.models import SearchRecord
from tests.helpers import wait_for


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_search_is_recorded_by_the_worker_without_personal_data(client, farm_guides, celery_worker):
    client.get("/tim-kiem/", {"q": "  Phòng bệnh  ĐẠO ÔN ", "sector": "crop"}, REMOTE_ADDR="203.0.113.9")
    client.get("/api/search", {"q": "xyzzy"})
    client.get("/tim-kiem/", {"q": "xyzzy", "page": 2})  # paging through a search is not another search
    client.get("/api/search", {"q": "lon nai"})
    records = wait_for(lambda: list(SearchRecord.objects.order_by("pk")) if SearchRecord.objects.count() >= 3
                       else None)
    page_search, api_search, unfiltered = records
    assert (page_search.query, page_search.sector, page_search.filters) == ("phòng bệnh đạo ôn", "crop",
                                                                              {"sector": "crop"})
    assert (page_search.result_count, page_search.source, page_search.degraded) == (1, "page", False)
    assert (api_search.query, api_search.result_count, api_search.source, api_search.sector) == ("xyzzy", 0, "api", "")
    assert (unfiltered.filters, unfiltered.sector) == ({}, "livestock")  # the best result's sector
    stored = {f.name for f in SearchRecord._meta.get_fields()}
    assert not stored & {"ip", "ip_address", "user", "session", "user_agent"}
    assert "203.0.113.9" not in str([r.__dict__ for r in records])


@pytest.fixture
def records(db):
    now = timezone.now()
    rows = [("lúa", "crop", 3)] * 4 + [("heo", "livestock", 2)] * 2 + [("sầu riêng", "crop", 0)] * 3
    created = SearchRecord.objects.bulk_create(
        SearchRecord(query=q, sector=s, filters={"sector": s}, result_count=n, duration_ms=5) for q, s, n in rows)
    old = SearchRecord.objects.create(query="cà phê", result_count=0, duration_ms=5)
    SearchRecord.objects.filter(pk=old.pk).update(created_at=now - timedelta(days=20))
    return created


def officer_client(client):
    user = User.objects.create_user("officer", password="x")
    user.groups.add(Group.objects.get(name="Cán bộ khuyến nông"))
    client.force_login(user)
    return client


def test_report_shows_top_and_zero_result_queries_with_a_chart(client, records):
    html = officer_client(client).get("/admin/search-report/").content.decode()
    assert html.index("lúa") < html.index("heo")  # most searched first
    gaps = html[html.index("nội dung còn thiếu"):]
    assert "sầu riêng" in gaps and "lúa" not in gaps.split("</table>")[0]
    assert "<svg" in html and html.count("<rect") == 14  # 7 days, two bars each
    assert "cà phê" not in html  # 20 days ago: outside the 7-day period
    month = client.get("/admin/search-report/", {"days": 30}).content.decode()
    assert "cà phê" in month and month.count("<rect") == 60
    livestock = client.get("/admin/search-report/", {"sector": "livestock"}).content.decode()
    assert "heo" in livestock and "lúa" not in livestock


def test_report_csv_export(client, records):
    response = officer_client(client).get("/admin/search-report/csv/", {"days": 30})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "section" and ["top", "lúa", "4", "3.0"] in rows
    assert ["zero_results", "sầu riêng", "3", "0.0"] in rows and ["zero_results", "cà phê", "1", "0.0"] in rows
    assert sum(1 for row in rows if row[0] == "day") == 30


def test_report_needs_the_permission(client, records):
    user = User.objects.create_user("farmer", password="x")
    client.force_login(user)
    assert client.get("/admin/search-report/").status_code == 302, "to the admin login: no admin access"
    editor = User.objects.create_user("editor", password="x")
    editor.groups.add(Group.objects.get(name="Biên tập viên"))
    client.force_login(editor)
    assert client.get("/admin/search-report/").status_code == 200
    assert "/admin/search-report/" in client.get("/admin/").content.decode()  # in the Reports menu
