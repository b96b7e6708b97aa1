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


def counts(client, q, **params):
    """What a search says about the guides it found, beside the hits: total, facets, did-you-mean, pages."""
    data = client.get("/api/search", {"q": q, **params}).json()
    facets = {name: {entry["label"]: entry["count"] for entry in entries} for name, entries in data["facets"].items()}
    return data["total"], facets, data["did_you_mean"]


def expire_soon(guide, seconds=1.5):
    """Published with an expiry time in a moment, as an editor sets it; then that moment passes."""
    import time
    from datetime import timedelta

    from django.utils import timezone

    guide.expire_at = timezone.now() + timedelta(seconds=seconds)
    guide.save_revision().publish()
    time.sleep(seconds + 0.1)


@pytest.mark.django_db
@pytest.mark.parametrize("how", ["unpublished", "expired"])
def test_a_hidden_guide_counts_nowhere_while_the_worker_is_stopped(client, farm_guides, how):
    """Issue 20: no facet, total, page count, suggestion or did-you-mean reflects a hidden guide."""
    total, facets, _ = counts(client, "lua")
    assert total == 2 and facets["region"] == {"Phú Vang": 1, "Hương Trà": 1} and "Sâu bệnh" in facets["topic"]
    assert counts(client, "phong benh dao onn")[2] == "phong benh dao ôn"  # "ôn": a word of its title
    guide = GuidePage.objects.get(slug="dao-on")
    guide.unpublish() if how == "unpublished" else expire_soon(guide)
    assert "dao-on" in indexed("dao on")  # the index still holds it: nothing has removed it

    total, facets, _ = counts(client, "lua")
    assert total == 1 and facets["region"] == {"Hương Trà": 1} and "Sâu bệnh" not in facets["topic"]
    assert {entry["value"] for entry in client.get("/api/search", {"q": "lua"}).json()["facets"]["month"]} == {1, 2}
    for page in (1, 2):
        assert counts(client, "dao on", page=page)[0] == 0
        assert counts(client, "lua", page=page, page_size=1)[0] == 1
    html = client.get("/tim-kiem/", {"q": "lua", "page_size": 1}).content.decode()
    assert "Trang 1/2" not in html and 'rel="next"' not in html  # one page: no link to a second
    assert "dao-on" not in suggested(client, "phong benh dao") + suggested(client, "dao")
    assert counts(client, "phong benh dao onn")[2] is None  # its words are no correction any more


@pytest.mark.django_db
def test_repeated_searches_meeting_a_hidden_guide_report_one_repair(client, farm_guides,
                                                                     django_capture_on_commit_callbacks):
    from search.signals import stale_hits

    reported = []

    def receiver(sender, page_ids, **kwargs):
        reported.append(page_ids)

    stale_hits.connect(receiver, weak=False, dispatch_uid="test-repairs")
    try:
        # A change no signal reports (a bulk update): only the search's own check can notice it.
        GuidePage.objects.filter(slug="dao-on").update(live=False)
        with django_capture_on_commit_callbacks(execute=True):
            first = counts(client, "lua")
            for _ in range(5):
                assert counts(client, "lua") == counts(client, "lua")
    finally:
        stale_hits.disconnect(dispatch_uid="test-repairs")
    assert reported == [[GuidePage.objects.get(slug="dao-on").pk]], "one repair, however many searches"
    total, facets, _ = counts(client, "lua")
    assert total == 1 and facets["region"] == {"Hương Trà": 1}
    assert first[0] == 1  # the first search already left it out of its own total
