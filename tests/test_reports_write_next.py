""""Viết gì tiếp" through the admin: rows from seeded searches, questions, votes and alerts; similar searches
grouped into one row; what is behind a row; "write a guide" making a prefilled draft; the export's columns."""
import csv
import io

from django.core.management import call_command

from kb.models import GuidePage
from tests.test_alerts import publish_alert
from tests.test_reports_counts import activity  # noqa: F401 — the seeded searches, questions and votes
from tests.test_reports_programme import exported, programme  # noqa: F401

HEADINGS = ["Loại", "Tuần (từ thứ Hai)", "Nông sản", "Chủ đề", "Xã, phường / địa bàn", "Lời nông dân / mục",
            "Số lượt", "Chi tiết"]


def rows(client, **query):
    response = client.get("/admin/write-next/", {"weeks": 4, "export": "csv", **query})
    return list(csv.reader(io.StringIO(exported(response).decode("utf-8"))))


def test_one_row_per_gap_with_similar_searches_grouped(admin_client, programme):  # noqa: F811
    from feedback.models import VoteCount

    guide = GuidePage.objects.get(slug="heo-nai")
    VoteCount.objects.create(kind="guide", item_id=guide.pk, day=guide.first_published_at.date(), yes=1, no=4)
    publish_alert(title="Rầy nâu gây hại lúa hè thu")
    table = rows(admin_client)
    assert table[0] == HEADINGS
    searches = [row for row in table if row[0] == "Tìm không thấy hoặc tìm rồi phải hỏi" and row[2] == "Lợn"]
    # "heo con tieu chay" ×2 and "lợn con bị tiêu chảy" ×4 (found nothing) and one question after a search: one
    # row a week — the seeded days may straddle a Monday, so the searches are counted over the rows.
    assert {row[5] for row in searches} <= {"heo con tieu chay", "lợn con bị tiêu chảy"}
    assert len(searches) <= 2 and sum(int(row[6]) for row in searches) == 7
    assert ["Câu hỏi chưa có hướng dẫn", "Lợn", "Xã Phú Vang", "1"] == [table[i][j] for i in [
        [row[0] for row in table].index("Câu hỏi chưa có hướng dẫn")] for j in (0, 2, 4, 6)]
    not_helped = [row for row in table if row[0] == "Bị chấm «Chưa giúp được»"]
    assert not_helped[0][5:7] == ["Heo nái", "4"]  # the most "Chưa" first
    assert [row[5] for row in table if row[0] == "Cảnh báo chưa có hướng dẫn xử lý"] == ["Rầy nâu gây hại lúa hè thu"]
    only = rows(admin_client, kind="question")
    assert {row[0] for row in only[1:]} == {"Câu hỏi chưa có hướng dẫn"}


def test_a_row_links_to_the_searches_behind_it_and_writes_a_prefilled_draft(admin_client, programme):  # noqa: F811
    page = admin_client.get("/admin/write-next/", {"weeks": 4, "kind": "search", "commodity": programme[0].pk})
    html = page.content.decode()
    assert "Viết hướng dẫn" in html
    link = html.split('href="/admin/write-next/behind/?', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    behind = admin_client.get("/admin/write-next/behind/?" + link).content.decode()
    assert "heo con tieu chay" in behind or "lợn con bị tiêu chảy" in behind
    assert admin_client.get("/admin/write-next/behind/?kind=search&week=no").status_code == 400

    response = admin_client.post("/admin/write-next/guide/", {"title": "heo con tieu chay", "words": "chay con lon",
                                                               "commodity": programme[0].pk, "topic": "tiêu chảy"})
    draft = GuidePage.objects.get(title="Heo con tieu chay")
    assert response.status_code == 302 and response["Location"] == f"/admin/pages/{draft.pk}/edit/"
    assert not draft.live and draft.sector == "livestock"
    assert list(draft.commodities.all()) == [programme[0]]
    assert [tag.name for tag in draft.topics.all()] == ["tiêu chảy"]
    assert "chay con lon" in str(draft.body)
    assert admin_client.post("/admin/write-next/guide/", {"title": ""}).status_code == 400
    call_command("count_activity")
    assert "Heo con tieu chay" not in str(GuidePage.objects.visible().values_list("title", flat=True))
