"""Faults with nothing lost: whatever fails during a burst of editing, the index ends equal to the
database's visible guides."""
import random
import socket

import pytest
from osmem_server import OsmemServer

from kb.importer import import_lines
from kb.models import GuidePage
from search import indexes
from tasks.indexing import reconcile
from tests.conftest import guide_line, wait_for

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
