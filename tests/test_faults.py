"""Faults with nothing lost: whatever fails during a burst of editing, the index ends equal to the
database's visible guides."""
import os
import random
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from types import SimpleNamespace

import pytest
from django.db import connection
from kombu import Connection
from osmem_server import OsmemServer

from kb.importer import import_lines
from kb.models import GuidePage
from search import indexes
from search.client import get_client
from tasks.indexing import reconcile, sync_guides
from tests.helpers import guide_line, wait_for

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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


@pytest.fixture
def private_redis(tmp_path):
    """A Redis of the test's own (append-only, like production), so it can be restarted and its queue
    read by worker processes without touching the broker the rest of the suite uses."""
    port = free_port()
    command = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--appendonly", "yes", "--save", "",
               "--dir", str(tmp_path)]

    def start():
        server = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        wait_for(lambda: subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True,
                                        text=True).stdout.strip() == "PONG", timeout=20)
        return server

    state = {"server": start()}

    def stop():
        state["server"].terminate()  # a clean stop writes the append-only file, as a service restart does
        state["server"].wait(timeout=20)

    def restart():
        stop()
        state["server"] = start()

    yield SimpleNamespace(url=f"redis://127.0.0.1:{port}/0", restart=restart, stop=stop,
                          start=lambda: state.update(server=start()))
    stop()


def database_url():
    database = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{database['NAME']}"
    host, port = database["HOST"] or "127.0.0.1", database["PORT"] or 5432
    return f"postgres://{database['USER']}@{host}:{port}/{database['NAME']}"


@contextmanager
def worker(broker_url, name, stop=signal.SIGTERM):
    """A real worker process on `broker_url`, against the test's database, engine and index; stopped with
    `stop` on leaving (SIGKILL: no chance to acknowledge or give back what it holds)."""
    from django.conf import settings

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings_test", "DATABASE_URL": database_url(),
           "CELERY_BROKER_URL": broker_url, "CELERY_VISIBILITY_TIMEOUT": "2",
           "ELASTICSEARCH_URL": settings.ELASTICSEARCH_URL, "SEARCH_INDEX_ALIAS": settings.SEARCH_INDEX_ALIAS}
    process = subprocess.Popen([sys.executable, "-m", "celery", "-A", "tasks.celery", "worker", "-Q", "celery",
                                "--pool", "solo", "-n", f"{name}@%h", "--without-gossip", "--without-mingle",
                                "--loglevel", "WARNING"], env=env, stdout=subprocess.DEVNULL,
                               stderr=open(f"{os.environ['VAR_DIR']}/worker-{name}.log", "w"))
    try:
        yield process
    finally:
        process.send_signal(stop)
        process.wait(timeout=30)


def unindexed_guides(count, settings):
    """`count` live guides that the (new, empty) live index does not hold yet."""
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
    page_ids = unindexed_guides(40, settings)
    queue_indexing(private_redis.url, page_ids)
    with worker(private_redis.url, "first", stop=signal.SIGKILL):
        wait_for(lambda: indexed_count() >= 5, timeout=120)  # a loaded machine starts Django slowly
    assert indexed_count() < len(page_ids), "the first worker was stopped with work left"
    time.sleep(2)  # the visibility timeout the workers run with: the killed worker's message is due again
    with worker(private_redis.url, "second"):
        wait_for(in_sync, timeout=90)


def test_tasks_queued_when_redis_restarts_are_not_lost(search_index, settings, private_redis):
    page_ids = unindexed_guides(30, settings)
    queue_indexing(private_redis.url, page_ids)
    private_redis.restart()
    with worker(private_redis.url, "after-restart"):
        wait_for(in_sync, timeout=90)


@contextmanager
def publishing_to(broker_url):
    """The site's Celery app sends its tasks to `broker_url` (its write URL: CELERY_BROKER_URL in the
    environment would override the broker URL), with fresh connection pools on entering and leaving."""
    from tasks.celery import app

    before = app.conf.broker_write_url
    app.conf.broker_write_url = broker_url
    app._after_fork()  # drops the pooled connections to the other broker
    try:
        yield
    finally:
        app.conf.broker_write_url = before
        app._after_fork()


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
