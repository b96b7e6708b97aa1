"""The programme's report through the admin: its figures from seeded activity (drafts never counted as
published), by commune, the CSV and XLSX export parsed back, the PDF read through pdftotext, SVG charts."""
import csv
import io
import re
import xml.etree.ElementTree as ET

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.utils import timezone
from openpyxl import load_workbook

from tests.helpers import guide_line, pdf_text
from tests.test_reports_counts import activity  # noqa: F401 — the seeded searches, questions and votes

YEAR = str(timezone.localdate().year)


@pytest.fixture
def programme(activity, home):  # noqa: F811
    from kb.importer import import_lines
    from kb.models import GuidePage, Technology

    technology = Technology.objects.create(name="Lúa SRI", slug="lua-sri", provider="Viện", transfer_contact="0234")
    Technology.objects.create(name="Không ai dùng", slug="khong", provider="Viện", transfer_contact="0234")
    assert import_lines([guide_line("lua-sri", "Lúa SRI"), guide_line("heo-nai", "Heo nái", sector="livestock",
                                                                       commodities=["Lợn"]),
                         guide_line("nhap", "Bản nháp")], publish=True).ok
    GuidePage.objects.filter(slug="lua-sri").update(technology=technology)
    GuidePage.objects.get(slug="nhap").unpublish()
    call_command("count_activity")
    return activity


def exported(response):
    return b"".join(response.streaming_content)


def figures(rows):
    return {row[1]: row[2] for row in rows[1:]}


def test_the_figures_say_how_they_are_counted_and_export_as_csv_and_xlsx(admin_client, programme):
    page = admin_client.get("/admin/programme-report/", {"year": YEAR})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Tỉ lệ tìm thấy (%)" in html and "Phần trăm lượt tìm có ít nhất một kết quả." in html
    assert html.count("<svg") >= 3 and "<script src=\"http" not in html

    response = admin_client.get("/admin/programme-report/", {"year": YEAR, "export": "csv"})
    rows = list(csv.reader(io.StringIO(exported(response).decode("utf-8"))))
    assert rows[0] == ["Nhóm", "Chỉ số", "Giá trị", "Cách tính"]
    found = figures(rows)
    assert found["Hướng dẫn mới đăng"] == "2"  # the draft is not published
    assert found["Mới đăng — Chăn nuôi"] == "1" and found["Mới đăng áp dụng công nghệ «Lúa SRI»"] == "1"
    assert found["Công nghệ có đầu mối chuyển giao"] == "1"  # the other one has no live guide
    assert found["Lượt tìm kiếm"] == "10" and found["Tỉ lệ tìm thấy (%)"] == "20.0"
    assert found["Câu hỏi nhận được"] == "1" and found["Trung vị giờ tới trả lời đầu"] == "5.0"
    assert found["Phiếu góp ý"] == "11" and found["Tỉ lệ «Có» (%)"] == "72.7"
    assert all(row[3] for row in rows[1:])  # every figure says how it is counted

    book = admin_client.get("/admin/programme-report/", {"year": YEAR, "quarter": "4", "export": "xlsx"})
    values = list(load_workbook(io.BytesIO(exported(book))).active.values)
    assert values[0] == ("Nhóm", "Chỉ số", "Giá trị", "Cách tính")
    assert ("Tìm kiếm", "Lượt tìm kiếm", 10) == values[[v[1] for v in values].index("Lượt tìm kiếm")][:3]
    earlier = admin_client.get("/admin/programme-report/", {"year": YEAR, "quarter": "1", "export": "csv"})
    assert figures(list(csv.reader(io.StringIO(exported(earlier).decode()))))["Lượt tìm kiếm"] == "0"


def test_by_commune_only_figures_known_by_commune(admin_client, programme):
    lon, commune = programme
    response = admin_client.get("/admin/programme-report/", {"year": YEAR, "commune": commune.pk, "export": "csv"})
    found = figures(list(csv.reader(io.StringIO(exported(response).decode()))))
    assert found["Câu hỏi nhận được"] == "1" and found["Phiếu góp ý"] == "1"
    assert "Lượt tìm kiếm" not in found
    table = admin_client.get("/admin/programme-report/", {"year": YEAR, "table": "communes", "export": "csv"})
    rows = list(csv.reader(io.StringIO(exported(table).decode())))
    assert rows[0][:3] == ["Xã, phường", "Câu hỏi", "Đã trả lời"]
    assert rows[1][:4] == ["Xã Phú Vang", "1", "1", "5.0"]


def test_the_pdf_holds_the_figures_and_their_counting(admin_client, programme):
    response = admin_client.get("/admin/programme-report/pdf/", {"year": YEAR})
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(pdf_text(response.content).split())
    assert f"Năm {YEAR}" in text and "Toàn tỉnh Huế" in text
    assert "Lượt tìm kiếm 10" in text and "Tỉ lệ tìm thấy (%) 20.0" in text
    assert "Xã Phú Vang" in text


def test_the_report_needs_its_permission(client, programme):
    client.force_login(User.objects.create_user("farmer", password="x"))
    assert client.get("/admin/programme-report/").status_code == 302
    assert client.get("/admin/programme-report/pdf/").status_code == 302
    officer = User.objects.create_user("officer", password="x")
    officer.groups.add(Group.objects.get(name="Cán bộ khuyến nông"))
    client.force_login(officer)
    assert client.get("/admin/programme-report/", {"year": YEAR}).status_code == 200
    assert "/admin/programme-report/" in client.get("/admin/").content.decode()


def test_the_charts_numbers_are_plain_numbers_in_vietnamese_with_grouping_on(admin_client, programme, settings):
    """Issue 21, item 2: an SVG coordinate written "83,7" (the Vietnamese decimal comma) or "1.500" leaves the
    chart blank; every number of every chart parses as a float whatever the page's language and grouping."""
    settings.USE_THOUSAND_SEPARATOR, settings.NUMBER_GROUPING = True, 3
    html = admin_client.get("/admin/programme-report/", {"year": YEAR}, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert 'lang="vi"' in html and "Lượt tìm kiếm" in html
    charts = [ET.fromstring(svg) for svg in re.findall(r"<svg\b.*?</svg>", html, re.S) if "<rect" in svg]
    assert len(charts) >= 2
    numbers = []
    for chart in charts:
        numbers += chart.get("viewBox").split()
        for element in chart.iter():
            numbers += [element.get(name) for name in ("x", "y", "width", "height") if element.get(name)]
    assert all(float(number) >= 0 for number in numbers)  # ValueError on "83,7" or "1.500.0"
    assert any("." in number for number in numbers)  # the bars' lengths have a decimal point, never a comma
