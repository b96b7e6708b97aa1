"""Published farmers' questions in the search, next to guides: found through the worker, marked as
"Hỏi đáp" (kind "qa" in the API), under the guides' rules for unpublished and private pages, and never
carrying a phone number."""
import json

import pytest
from django.core.management import call_command
from elasticsearch.helpers import scan
from wagtail.models import PageViewRestriction

from kb.importer import import_lines
from kb.models import GuidePage, QuestionAnswerPage
from questions.models import FarmerQuestion
from questions.publishing import PublishForm, publish_answer
from search import indexes
from search.client import get_client
from tests.helpers import guide_line, wait_for

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PHONE = "0912345678"


def api_hits(client, q):
    return {(hit["kind"], hit["title"]) for hit in client.get("/api/search", {"q": q}).json()["results"]}


def published(question):
    """Published as the officer's confirm screen offers it (the anonymised words, a title from them)."""
    return publish_answer(question, **PublishForm(question=question).initial)


def answered(text, answer, **fields):
    question = FarmerQuestion.objects.create(text=text, phone=PHONE, consent=True, **fields)
    question.answer = answer
    question.save()
    return question


def test_a_published_answer_is_found_next_to_guides_and_never_carries_the_phone(client, search_index,
                                                                                celery_worker):
    assert import_lines([guide_line("sau-rieng", "Trồng sầu riêng trên đất đồi", commodities=["Sầu riêng"])],
                        publish=True).ok
    guide = GuidePage.objects.get(slug="sau-rieng")
    question = answered(f"Sầu riêng nhà tôi bị xì mủ thân, gọi {PHONE} giúp",
                        f'<p>Cạo vết bệnh, quét vôi; xem <a linktype="page" id="{guide.pk}">hướng dẫn</a>.</p>')
    rejected = FarmerQuestion.objects.create(text="Sầu riêng bán ở đâu giá cao? spam spam", status="spam")
    published(question)

    wait_for(lambda: ("qa", question.published_page.title) in api_hits(client, "sau rieng xi mu"))
    assert ("guide", "Trồng sầu riêng trên đất đồi") in api_hits(client, "sầu riêng")
    page = client.get("/tim-kiem/", {"q": "sầu riêng xì mủ"}).content.decode()
    assert "Hỏi đáp" in page and question.published_page.title in page

    documents = [hit["_source"] for hit in scan(get_client(), index=search_index, query={"query": {"match_all": {}}})]
    assert {doc["kind"] for doc in documents} == {"guide", "qa"}
    indexed = json.dumps(documents, ensure_ascii=False)
    assert PHONE not in indexed and "0912 345" not in indexed and rejected.text not in indexed
    for url in ("/api/search?q=sau+rieng", "/tim-kiem/?q=sau+rieng", question.published_page.url, guide.url):
        assert PHONE not in client.get(url).content.decode()


def test_an_unpublished_or_private_answer_leaves_the_search(client, search_index, celery_worker):
    one = published(answered("Vịt con bị khô chân, đi loạng choạng, phải làm sao?", "<p>Bổ sung vitamin B1.</p>"))
    two = published(answered("Vịt đẻ giảm trứng sau khi chuyển chuồng, vì sao?", "<p>Vịt bị stress.</p>"))
    wait_for(lambda: {t for _, t in api_hits(client, "vịt")} == {one.title, two.title})

    QuestionAnswerPage.objects.get(pk=one.pk).unpublish()
    PageViewRestriction.objects.create(page=two, restriction_type="login")
    wait_for(lambda: not api_hits(client, "vịt"))


def test_rebuild_reconcile_and_status_count_both_kinds(search_index):
    assert import_lines([guide_line("ca-tra", "Nuôi cá tra trong ao", commodities=["Cá tra"])], publish=True).ok
    page = published(answered("Cá tra nổi đầu vào sáng sớm, xử lý thế nào?", "<p>Tăng sục khí.</p>"))
    assert indexes.rebuild().count == 2
    get_client().delete(index=search_index, id=str(page.pk), refresh=True)
    assert indexes.reconcile().missing == [page.pk]
    status = indexes.status()
    assert status.count == status.database == 2 and status.drift.total == 0
    call_command("search_index", "status")
