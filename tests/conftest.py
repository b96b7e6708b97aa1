"""Fixtures shared by the suite: real services only.

With CI=true the suite must not pass without its services: a database URL or broker URL that names
PostgreSQL or Redis has to answer, or the session stops with an error instead of skipping.
"""
import os
import socket
from urllib.parse import urlparse

import pytest


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
