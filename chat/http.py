"""One HTTP client per process for the platforms' APIs, so that connections and the TLS context (loading the
CA bundle costs tens of milliseconds) are made once and kept alive, not once per message. Made on first use,
so each worker process forked by Celery makes its own."""
from functools import cache

import httpx


@cache
def client():
    return httpx.Client(timeout=httpx.Timeout(10.0, connect=5.0))
