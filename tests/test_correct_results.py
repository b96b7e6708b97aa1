"""Search results are checked against the database before they are shown: a slow or stopped worker can
delay a new guide, never show a hidden one. Expiry counts from its time, not from the beat task's run."""
from datetime import timedelta

import pytest
from django.utils import timezone

from kb.models import GuidePage
from search.client import get_client
from search.indexes import live_alias
from tests.helpers import wait_for


def api_slugs(client, q):
    return [hit["slug"] for hit in client.get("/api/search", {"q": q}).json()["results"]]


def suggested(client, q):
    return [item["slug"] for item in client.get("/api/suggest", {"q": q}).json()["suggestions"]]


def indexed(q):
    """What the index itself holds for `q`, read from the engine with no search rule applied: proves the
    worker has not caught up."""
    response = get_client().search(index=live_alias(), query={"multi_match": {
        "query": q, "fields": ["title.folded", "summary.folded"]}})
    return [hit["_source"]["slug"] for hit in response["hits"]["hits"]]


def hide(guide, how):
    if how == "unpublished":
        guide.unpublish()
    else:  # past its expiry time, before publish_scheduled marks it expired
        GuidePage.objects.filter(pk=guide.pk).update(expire_at=timezone.now() - timedelta(minutes=1))


# No celery_worker fixture: nothing consumes the queue, as when the worker is stopped.
@pytest.mark.django_db
@pytest.mark.parametrize("how", ["unpublished", "expired"])
def test_a_hidden_guide_leaves_search_at_once_while_the_worker_is_stopped(client, farm_guides, how):
    assert "dao-on" in api_slugs(client, "dao on") and "dao-on" in suggested(client, "phong benh dao")
    hide(GuidePage.objects.get(slug="dao-on"), how)

    assert "dao-on" in indexed("dao on")  # the index still holds it
    found = client.get("/api/search", {"q": "dao on"}).json()
    assert "dao-on" not in [hit["slug"] for hit in found["results"]]
    assert "Phòng bệnh đạo ôn" not in client.get("/tim-kiem/", {"q": "dao on"}).content.decode()
    assert "dao-on" not in suggested(client, "phong benh dao")
    assert "lua-sach" in api_slugs(client, "lua")  # the visible guides are still there


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_hidden_hit_queues_the_repair_of_its_document(client, farm_guides, celery_worker):
    # A change no signal reports (a bulk update): only the search's own check can notice it.
    GuidePage.objects.filter(slug="dao-on").update(live=False)
    assert "dao-on" in indexed("dao on")
    assert "dao-on" not in api_slugs(client, "dao on")
    wait_for(lambda: "dao-on" not in indexed("dao on"))
@pytest.mark.django_db
def test_a_guide_past_its_expiry_time_is_gone_everywhere_before_the_beat_task_runs(client, farm_guides):
    guide = GuidePage.objects.get(slug="dao-on")
    page_url, sheet_url = guide.url, guide.url + "phieu-ky-thuat.pdf"
    assert client.get(page_url).status_code == 200 and client.get(sheet_url).status_code == 200
    hide(guide, "expired")
    assert GuidePage.objects.get(pk=guide.pk).live  # Wagtail has not unpublished it yet

    assert client.get(page_url).status_code == 404
    assert client.get(sheet_url).status_code == 404
    assert "Phòng bệnh đạo ôn" not in client.get("/trong-trot/").content.decode()
    assert "Phòng bệnh đạo ôn" not in client.get("/").content.decode()
