"""Faults with nothing lost: whatever fails during a burst of editing, the index ends equal to the
database's visible guides."""
import random
import signal
import time

import pytest
from kombu import Connection
from osmem_server import OsmemServer

from kb.importer import import_lines
from kb.models import GuidePage
from search import indexes
from search.client import get_client
from tasks.indexing import reconcile, sync_guides
from tests.helpers import free_port, guide_line, publishing_to, wait_for, worker

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def in_sync():
    try:
        status = indexes.status()
    except Exception:  # the engine is still coming back
        return False
    return status.drift is not None and status.drift.total == 0 and status.count == status.database


def test_the_engine_stopping_during_a_burst_of_publishing_loses_nothing(search_index, celery_worker, settings):
    address = f"127.0.0.1:{free_port()}"
    engine = OsmemServer.start(japanese=False, addr=address)
    settings.ELASTICSEARCH_URL = engine.url
    indexes.ensure_live_index()
    report = import_lines([guide_line(f"rau-{n}", f"Trồng rau cải đợt {n}", commodities=["Rau cải"])
                           for n in range(40)], publish=True)
    assert report.ok, report.errors

    chance, operations = random.Random(12), 160
    for step in range(operations):
        if step == 40:
            engine.close()  # gone mid-burst: tasks retry with back-off
        if step == 120:
            engine = OsmemServer.start(japanese=False, addr=address)  # back, and empty: it keeps nothing
        page = GuidePage.objects.get(slug=f"rau-{chance.randrange(40)}")
        if page.live and chance.random() < 0.4:
            page.unpublish()
        else:
            page.title = f"Trồng rau cải lần {step}"
            page.save_revision().publish()
    try:
        reconcile.delay()  # what beat runs every SEARCH_RECONCILE_MINUTES
        wait_for(in_sync, timeout=120)
    finally:
        engine.close()


def unindexed_guides(count, settings, broker_url):
    """`count` live guides that the (new, empty) live index does not hold yet. Their publications' tasks go
    to the test's own broker (`broker_url`), for its workers: on the suite's broker the session's worker (a
    thread of this process, reading these settings) indexed them into the new index itself, so the first
    worker was killed as it started rather than in the middle of its work (CI, PostgreSQL pass)."""
    with publishing_to(broker_url):
        report = import_lines([guide_line(f"ca-{n}", f"Nuôi cá rô đồng lồng {n}", commodities=["Cá rô"])
                               for n in range(count)], publish=True)
    assert report.ok, report.errors
    settings.SEARCH_INDEX_ALIAS = f"{settings.SEARCH_INDEX_ALIAS}-faults"  # removed with the test's indices
    indexes.ensure_live_index()
    return list(GuidePage.objects.filter(slug__startswith="ca-").values_list("pk", flat=True))


def queue_indexing(broker_url, page_ids):
    with Connection(broker_url) as broker:
        for page_id in page_ids:
            sync_guides.apply_async(args=[[page_id]], connection=broker)


def indexed_count():
    try:
        return get_client().count(index=indexes.live_alias())["count"]
    except Exception:
        return 0


def test_a_worker_killed_in_the_middle_of_indexing_leaves_its_tasks_to_another(search_index, settings,
                                                                              private_redis):
    page_ids = unindexed_guides(40, settings, private_redis.url)
    queue_indexing(private_redis.url, page_ids)
    with worker(private_redis.url, "first", stop=signal.SIGKILL):
        wait_for(lambda: indexed_count() >= 5, timeout=120)  # a loaded machine starts Django slowly
    assert indexed_count() < len(page_ids), "the first worker was stopped with work left"
    time.sleep(2)  # the visibility timeout the workers run with: the killed worker's message is due again
    with worker(private_redis.url, "second"):
        wait_for(in_sync, timeout=90)


def test_tasks_queued_when_redis_restarts_are_not_lost(search_index, settings, private_redis):
    page_ids = unindexed_guides(30, settings, private_redis.url)
    queue_indexing(private_redis.url, page_ids)
    private_redis.restart()
    with worker(private_redis.url, "after-restart"):
        wait_for(in_sync, timeout=90)


def test_publishing_while_the_broker_is_down_succeeds_and_the_guide_is_indexed_once_it_is_back(
        search_index, settings, private_redis, caplog):
    """A stopped Redis: the editor's publish returns and the guide is live (the task that could not be queued
    is logged, not raised); with Redis back, the periodic reconcile run by a worker puts the guide in the index."""
    import logging

    from django.db import transaction

    from tests.helpers import member

    settings.SEARCH_INDEX_ALIAS = f"{settings.SEARCH_INDEX_ALIAS}-faults"  # an index of the test's own
    indexes.ensure_live_index()
    assert import_lines([guide_line("ca-loc", "Nuôi cá lóc trong bể lót bạt", commodities=["Cá lóc"])]).ok
    draft = GuidePage.objects.get(slug="ca-loc")
    editor = member("editor", "Biên tập viên")
    with publishing_to(private_redis.url):
        private_redis.stop()
        with caplog.at_level(logging.ERROR, logger="tasks.queue"), transaction.atomic():  # as a request
            draft.save_revision(user=editor).publish(user=editor)
        assert GuidePage.objects.get(slug="ca-loc").live, "the publish stands"
        assert "could not queue tasks.indexing.sync_guides" in caplog.text
        assert indexed_count() == 0

        private_redis.start()
        with worker(private_redis.url, "after-outage"):
            reconcile.delay()  # what beat sends every SEARCH_RECONCILE_MINUTES
            wait_for(in_sync, timeout=90)
