"""Search analytics: every search is recorded by a real Celery worker, in batches on the analytics queue,
without personal data, and kept for SEARCH_RECORD_RETENTION_DAYS; the officers' report in the Wagtail
admin shows top and zero-result queries, a daily chart over 7 or 30 days, a sector filter and exports."""
import csv
import io
import json
import re
from datetime import timedelta
from xml.etree import ElementTree

import pytest
from celery.signals import before_task_publish
from django.contrib.auth.models import Group, User
from django.utils import timezone
from openpyxl import load_workbook

from analytics.models import SearchRecord
from tests.helpers import wait_for


@pytest.fixture
def published():
    """(task name, queue) of every task message published during the test."""
    sent = []

    def remember(sender, routing_key, **kwargs):
        sent.append((sender, routing_key))

    before_task_publish.connect(remember, weak=False)
    yield sent
    before_task_publish.disconnect(remember)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_search_is_recorded_by_the_worker_without_personal_data(client, farm_guides, celery_worker):
    client.get("/tim-kiem/", {"q": "  Phòng bệnh  ĐẠO ÔN ", "sector": "crop"}, REMOTE_ADDR="203.0.113.9")
    client.get("/api/search", {"q": "xyzzy"})
    client.get("/tim-kiem/", {"q": "xyzzy", "page": 2})  # paging through a search is not another search
    client.get("/api/search", {"q": "lon nai"})
    client.get("/tim-kiem/", {"q": "lúa gọi 0905.111.222 hoặc an.nguyen@gmail.com"})
    wait_for(lambda: SearchRecord.objects.count() >= 4)
    page_search, api_search, unfiltered, contact = (SearchRecord.objects.get(query__startswith=q)
                                                    for q in ("phòng", "xyzzy", "lon nai", "lúa gọi"))
    records = [page_search, api_search, unfiltered, contact]
    assert (page_search.query, page_search.sector, page_search.filters) == ("phòng bệnh đạo ôn", "crop",
                                                                              {"sector": "crop"})
    assert (page_search.result_count, page_search.source, page_search.degraded) == (1, "page", False)
    assert (api_search.query, api_search.result_count, api_search.source, api_search.sector) == ("xyzzy", 0, "api", "")
    assert (unfiltered.filters, unfiltered.sector) == ({}, "livestock")  # the best result's sector
    assert contact.query == "lúa gọi [số điện thoại] hoặc [email]"
    stored = {f.name for f in SearchRecord._meta.get_fields()}
    assert not stored & {"ip", "ip_address", "user", "session", "user_agent"}
    assert "203.0.113.9" not in str([r.__dict__ for r in records])


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_burst_of_searches_is_one_task_on_the_analytics_queue_and_indexing_stays_on_its_own(
        client, farm_guides, celery_worker, published):
    from kb.importer import import_lines
    from tests.helpers import guide_line

    published.clear()
    for n in range(30):
        client.get("/api/search", {"q": f"lua {n}"})
    import_lines([guide_line("ngo-nep", "Trồng ngô nếp")], publish=True)
    wait_for(lambda: SearchRecord.objects.count() == 30)
    analytics = [queue for name, queue in published if name.startswith("tasks.analytics.")]
    assert analytics == ["analytics"]  # thirty searches, one batch
    assert {queue for name, queue in published if name.startswith("tasks.indexing.")} == {"celery"}
    assert SearchRecord.objects.filter(query="lua 7").exists()


@pytest.mark.parametrize("typed, kept", [
    ("gọi 0905111222", "gọi [số điện thoại]"),
    ("0234 3822 111 cán bộ", "[số điện thoại] cán bộ"),
    ("+84 905 111 222", "[số điện thoại]"),
    ("sdt 0905-111-222 nhé", "sdt [số điện thoại] nhé"),
    ("email an.nguyen+kb@gmail.com.vn", "email [email]"),
    ("phân bón 500 kg 2024", "phân bón 500 kg 2024"),  # quantities and years are not phone numbers
    ("giá 1.500.000 đồng", "giá 1 500 000 đồng"),
])
def test_search_records_mask_phone_numbers_and_email_addresses(typed, kept):
    from analytics.privacy import masked_query

    assert masked_query(typed) == kept
    assert masked_query(kept) == kept  # the receiver masks, the record keeps it masked


def test_a_long_message_is_recorded_by_its_first_200_characters_with_its_phone_number_masked():
    from analytics.privacy import masked_query

    typed = "Lúa, " * 40 + "gọi 0905111222! " + "heo đẻ, " * 300
    assert masked_query(typed) == "lúa " * 40 + "gọi [số điện thoại] " + "heo đẻ heo đẻ heo đẻ"


@pytest.fixture
def records(db):
    now = timezone.now()
    rows = [("lúa", "crop", 3)] * 4 + [("heo", "livestock", 2)] * 2 + [("sầu riêng", "crop", 0)] * 3
    created = SearchRecord.objects.bulk_create(
        SearchRecord(query=q, sector=s, filters={"sector": s}, result_count=n, duration_ms=5) for q, s, n in rows)
    SearchRecord.objects.create(query="cà phê", result_count=0, duration_ms=5, created_at=now - timedelta(days=20))
    return created


def officer_client(client):
    user = User.objects.create_user("officer", password="x")
    user.groups.add(Group.objects.get(name="Cán bộ khuyến nông"))
    client.force_login(user)
    return client


def report(client, **params):
    response = client.get("/admin/search-report/", params)
    assert response.status_code == 200
    return response.content.decode()


def rows(html):
    """The report's table (the filter form above it names every table)."""
    start = html.index("search-report-table")
    return html[start:html.index("</table>", start)]


def test_report_shows_top_and_zero_result_queries_with_a_chart(client, records):
    html = report(officer_client(client))
    assert rows(html).index("lúa") < rows(html).index("sầu riêng") < rows(html).index("heo")  # most searched first
    assert "<svg" in html and html.count("<rect") == 14  # 7 days, two bars each
    assert "cà phê" not in rows(html)  # 20 days ago: outside the 7-day period
    gaps = report(client, table="zero")
    assert "sầu riêng" in rows(gaps) and "lúa" not in rows(gaps) and "heo" not in rows(gaps)
    month = report(client, days=30)
    assert "cà phê" in rows(month) and month.count("<rect") == 60
    livestock = report(client, sector="livestock")
    assert "heo" in rows(livestock) and "lúa" not in rows(livestock)


def test_report_exports_each_table_as_csv_and_xlsx(client, records):
    officer_client(client)
    response = client.get("/admin/search-report/", {"days": 30, "export": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8"))))
    assert lines[0] == ["Từ khoá", "Ngôn ngữ của trang", "Lượt tìm", "Kết quả trung bình", "Không có kết quả"]
    assert ["lúa", "", "4", "3.0", "0"] in lines and ["sầu riêng", "", "3", "0.0", "3"] in lines
    assert ["cà phê", "", "1", "0.0", "1"] in lines
    zero = client.get("/admin/search-report/", {"days": 30, "table": "zero", "export": "csv"})
    zero_rows = list(csv.reader(io.StringIO(b"".join(zero.streaming_content).decode("utf-8"))))
    assert {row[0] for row in zero_rows[1:]} == {"sầu riêng", "cà phê"}
    daily = client.get("/admin/search-report/", {"days": 30, "table": "daily", "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(daily.streaming_content))).active
    values = list(sheet.values)
    assert values[0] == ("Ngày", "Lượt tìm", "Không có kết quả") and len(values) == 31
    assert values[1][1:] == (9, 3)  # today: nine searches, three without results


def test_report_needs_the_permission(client, records):
    user = User.objects.create_user("farmer", password="x")
    client.force_login(user)
    assert client.get("/admin/search-report/").status_code == 302  # to the admin's login/dashboard
    editor = User.objects.create_user("editor", password="x")
    editor.groups.add(Group.objects.get(name="Biên tập viên"))
    client.force_login(editor)
    assert client.get("/admin/search-report/").status_code == 200
    assert "/admin/search-report/" in client.get("/admin/").content.decode()  # in the Reports menu


@pytest.fixture
def two_languages(db):
    """13 searches this week: "lúa" on both sites, a search with filters only, and one without results."""
    rows = ([("lúa", "vi", 3)] * 5 + [("lúa", "en", 1)] * 2 + [("heo", "vi", 2)] * 2 + [("", "vi", 9)] * 2
            + [("chicken", "en", 0)] + [("sầu riêng", "", 4)])
    SearchRecord.objects.bulk_create(SearchRecord(query=q, language=lang, result_count=n, duration_ms=5,
                                                  created_at=timezone.now() - timedelta(days=index % 7))
                                     for index, (q, lang, n) in enumerate(rows))
    return len(rows)


def table_rows(html):
    return [[re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", rows(html), re.S)][1:]


def test_the_report_counts_the_same_searches_in_its_header_rows_chart_and_footer(client, two_languages):
    html = report(officer_client(client))
    rows_shown = table_rows(html)
    assert "13 lượt tìm (Tiếng Việt: 9, Tiếng Anh: 3, Mọi ngôn ngữ (API): 1)" in " ".join(html.split())
    assert "1 lượt không có kết quả" in html
    assert sum(int(row[2]) for row in rows_shown) == 13  # every search is in a row, filters-only ones too
    assert ["lúa", "Tiếng Việt", "5", "3,0", "0"] in rows_shown and ["lúa", "Tiếng Anh", "2", "1,0", "0"] in rows_shown
    assert ["(không gõ từ khoá, chỉ chọn bộ lọc)", "Tiếng Việt", "2", "9,0", "0"] in rows_shown
    assert f"{len(rows_shown)} từ khoá" in html and len(rows_shown) == 6  # the footer counts rows, not searches
    assert sum(int(t.split(": ")[1].split(" / ")[0])
               for t in re.findall(r"<title>(\d\d/\d\d: [^<]+)</title>", html)) == 13  # the chart's bars
    daily = report(client, table="daily")
    assert sum(int(row[1]) for row in table_rows(daily)) == 13 and "7 ngày" in daily
    english = report(client, language="en")
    assert [row[0] for row in table_rows(english)] == ["lúa", "chicken"] and "3 lượt tìm" in english


@pytest.mark.parametrize("grouping", [False, True])
def test_numbers_in_the_chart_exports_and_json_are_never_localised(client, two_languages, settings, grouping):
    """Under Vietnamese formats ("83,7"; "1.234" with grouping) a browser, a spreadsheet or a script must still
    read every number the report and the API write for machines."""
    settings.USE_THOUSAND_SEPARATOR, settings.NUMBER_GROUPING = grouping, 3
    html = report(officer_client(client), days=7)
    start = html.index('<svg class="trend"')
    svg = ElementTree.fromstring(html[start:html.index("</svg>", start) + 6])
    numbers = [float(value) for element in svg.iter() for name, value in element.attrib.items()
               if name in ("x", "y", "width", "height") and value != "100%"]
    numbers += [float(value) for value in svg.get("viewBox").split()]
    assert len(numbers) == 1 + 4 + 7 * 2 * 4 and any(number % 1 for number in numbers)  # fractions among them

    export = client.get("/admin/search-report/", {"days": 30, "export": "csv"})
    lines = list(csv.DictReader(io.StringIO(b"".join(export.streaming_content).decode("utf-8"))))
    assert {float(line["Kết quả trung bình"]) for line in lines} >= {3.0, 1.0, 0.0, 4.0}
    book = client.get("/admin/search-report/", {"days": 30, "export": "xlsx"})
    cells = list(load_workbook(io.BytesIO(b"".join(book.streaming_content))).active.values)[1:]
    assert all(isinstance(value, int | float) for row in cells for value in row[2:])

    api = client.get("/api/search", {"q": "lúa"}, HTTP_ACCEPT_LANGUAGE="vi")
    assert isinstance(json.loads(api.content)["total"], int)
