"""The questions report: its figures on known data, on the page and in the CSV export."""
import csv
import io
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from kb.models import Region
from questions.models import FarmerQuestion

MONDAY = datetime(2026, 1, 5, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


def asked(district, sector, answered_after_hours=None, day=0):
    created = MONDAY + timedelta(days=day)
    question = FarmerQuestion.objects.create(text="Câu hỏi về kỹ thuật canh tác.", sector=sector,
                                             district=Region.objects.get(slug=district), created_at=created)
    if answered_after_hours is not None:
        FarmerQuestion.objects.filter(pk=question.pk).update(
            status="answered", answered_at=created + timedelta(hours=answered_after_hours))


@pytest.fixture
def known_questions(db):
    for hours, day in ((2, 0), (4, 1), (6, 2), (30, 3)):
        asked("phu-vang", "crop", hours, day)
    asked("phu-vang", "crop", None, day=4)  # still waiting, long past 48 hours
    asked("a-luoi", "livestock", 10, day=2)


def test_report_figures_per_week_district_and_sector(admin_client, known_questions):
    response = admin_client.get("/admin/questions-report/?export=csv")
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    figures = [(r["Địa bàn"], r["Lĩnh vực"], r["Câu hỏi"], r["Đã trả lời"], r["Trung vị giờ tới trả lời đầu"],
                r["P90 giờ tới trả lời đầu"], r["Chờ quá 48 giờ"]) for r in rows]
    assert figures == [
        ("Tất cả", "Tất cả", "6", "5", "6.0", "30.0", "1"),
        ("A Lưới", "Chăn nuôi", "1", "1", "10.0", "10.0", "0"),
        ("Phú Vang", "Trồng trọt", "5", "4", "5.0", "30.0", "1"),
    ]
    assert {r["Tuần (từ thứ Hai)"] for r in rows[1:]} == {"2026-01-05"}


def test_report_page_filters_by_sector(admin_client, known_questions):
    html = admin_client.get("/admin/questions-report/?sector=livestock").content.decode()
    cells = {cell.strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", html, re.S)}
    assert "A Lưới" in cells and "Phú Vang" not in cells


def test_report_is_for_officers_only(client, known_questions):
    assert client.get("/admin/questions-report/").status_code == 302
