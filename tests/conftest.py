"""Fixtures shared by the suite: real services only.

With CI=true the suite must not pass without its services: a database URL or broker URL that names
PostgreSQL or Redis has to answer, or the session stops with an error instead of skipping.
"""
import os
import socket
import subprocess
from types import SimpleNamespace
from urllib.parse import urlparse

import pytest

from tests.helpers import free_port, guide_line, wait_for


def _require(url, default_port):
    parsed = urlparse(url)
    try:
        socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or default_port), timeout=3).close()
    except OSError as exc:
        pytest.exit(f"{parsed.scheme} at {parsed.hostname}:{parsed.port or default_port} is unreachable ({exc}); "
                    "CI=true needs it", returncode=3)


def pytest_sessionstart(session):
    if os.environ.get("CI", "").lower() != "true":
        return
    database_url = os.environ.get("DATABASE_URL", "")
    if database_url.startswith("postgres"):
        _require(database_url, 5432)
    broker_url = os.environ.get("CELERY_BROKER_URL", "")
    if broker_url.startswith("redis"):
        _require(broker_url, 6379)


@pytest.fixture
def home(db):
    from kb.models import HomePage

    return HomePage.objects.get(locale__language_code="vi")


@pytest.fixture(autouse=True)
def empty_default_cache():
    """Each test starts with an empty default cache, as its database starts afresh: what an earlier test left
    there (Wagtail's site root paths, rate-limit counters) describes that test's pages, not this one's. A
    leftover root-path list once gave an English guide no address (`page.url` None) in the farmer screens."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def searches_recorded_by_this_test_only():
    """Searches are recorded in batches a timer queues seconds later (tasks.analytics): the batch a test leaves
    behind is dropped, so it never reaches the worker while a later test counts its own records."""
    yield
    from tasks.analytics import buffer

    buffer.take()


@pytest.fixture(scope="session")
def celery_worker(search_engine, django_db_setup, django_db_blocker):
    """A real Celery worker (in a thread) consuming from the configured broker: memory://, or Redis in CI.
    It runs indexing tasks until the session ends, so it starts the search engine first.

    Tests that use it must be `django_db(transaction=True, serialized_rollback=True)` so that the worker's
    own database connection sees what the test committed.
    """
    from celery.contrib.testing.worker import start_worker

    from tasks.celery import app

    with django_db_blocker.unblock():
        # Every queue, as the embedded worker of scripts/run consumes them: the default one and the routed ones.
        queues = [app.conf.task_default_queue, *{route["queue"] for route in app.conf.task_routes.values()}]
        with app.connection_for_write() as connection:  # what tests queued with no worker running was theirs
            for queue in queues:
                connection.default_channel.queue_purge(queue)
        with start_worker(app, pool="solo", concurrency=1, perform_ping_check=False, shutdown_timeout=10,
                          loglevel="WARNING", queues=queues) as worker:
            yield worker


# --- search engine (search helper) ---------------------------------------------------------------

@pytest.fixture(scope="session")
def search_engine():
    """The search engine, started the first time a test needs it (through `search_index` or
    `celery_worker`) and kept for the rest of the session: ELASTICSEARCH_URL when given (a real
    Elasticsearch), otherwise the bundled in-memory engine. Until then the test settings point at a closed
    port, so a test that searches without asking for an engine is refused at once."""
    from django.conf import settings

    if os.environ.get("ELASTICSEARCH_URL"):
        yield os.environ["ELASTICSEARCH_URL"]
        return
    from osmem_server import OsmemServer

    server = OsmemServer.start(japanese=False)
    settings.ELASTICSEARCH_URL = server.url
    yield server.url
    server.close()


@pytest.fixture
def search_index(search_engine, settings):
    """A fresh live index under an alias of its own, deleted after the test."""
    import uuid

    from search import indexes
    from search.client import get_client

    settings.ELASTICSEARCH_URL = search_engine
    settings.SEARCH_INDEX_ALIAS = f"test-{uuid.uuid4().hex[:12]}"
    indexes.ensure_live_index()
    yield settings.SEARCH_INDEX_ALIAS
    settings.ELASTICSEARCH_URL = search_engine  # a test may have pointed it elsewhere
    client = get_client()
    for name in client.indices.get(index=f"{settings.SEARCH_INDEX_ALIAS}-*", allow_no_indices=True).body:
        client.indices.delete(index=name, ignore_unavailable=True)


# --- search page and API (front helper) ------------------------------------------------------------

FARM_GUIDES = [
    dict(slug="dao-on", title="Phòng bệnh đạo ôn cho lúa", months=[6, 7], regions=["Phú Vang"],
         topics=["Sâu bệnh"], officers=["nguyen-van-an"]),
    dict(slug="lua-sach", title="Trồng lúa sạch theo VietGAP", months=[1, 2], regions=["Hương Trà"],
         topics=["VietGAP"], officers=["nguyen-van-an"]),
    dict(slug="heo-nai", title="Nuôi lợn nái sinh sản", commodities=["Lợn"], sector="livestock"),
    dict(slug="tom-the", title="Nuôi tôm thẻ chân trắng", commodities=["Tôm thẻ"], sector="aquaculture"),
]


@pytest.fixture
def farm_guides(search_index):
    """Four published, indexed guides (two about lúa, with an officer to call) for page and API tests."""
    from kb.importer import import_lines
    from kb.models import Officer
    from search import indexes

    Officer.objects.create(name="Nguyễn Văn An", slug="nguyen-van-an", phone="0234 3822 111", zalo="0905111222")
    report = import_lines([guide_line(**guide) for guide in FARM_GUIDES], publish=True)
    assert report.ok, report.errors
    indexes.rebuild()
    return [guide["slug"] for guide in FARM_GUIDES]


# --- browser tests (front helper; shared with the offline tests) -------------------------------------

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]
PHONE = {"viewport": {"width": 360, "height": 640}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


@pytest.fixture
def phone(request, live_server, farm_guides):
    """A phone-sized tab on a fresh chromium, with the guides already in place;
    `@pytest.mark.parametrize("phone", [False], indirect=True)` turns JavaScript off.

    One browser per test, started only after the database is ready: Playwright's sync API keeps an event
    loop running in this thread, and Django then hands out another connection object, one that lacks the
    serialized data a transactional test restores the site structure from."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        context = browser.new_context(java_script_enabled=getattr(request, "param", True), **PHONE)
        context.set_default_timeout(10_000)
        yield context.new_page()
        browser.close()


# --- a Redis of the test's own (faults helper; the alerts' killed-worker test uses it too) -------------------

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


