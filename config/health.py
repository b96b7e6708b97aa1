"""/healthz: the state of every service the site depends on, for a load balancer and an operator.

The status code is what a load balancer reads: 200 while this web server can serve pages (the database
answers), 503 when it cannot. A search engine or broker that is down does not take a web server out of
rotation — the search falls back to the database and publishing still saves — so they show as
"degraded" in the body, where monitoring reads them; `?strict=1` turns any failure into a 503 for checks
that want to page someone.
"""
import time

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

PROBE_TIMEOUT = 2  # seconds; a health check must answer before the balancer gives up on it


def _timed(probe):
    started = time.monotonic()
    try:
        detail = probe()
    except Exception as exc:  # any failure of the dependency is what the check reports
        return {"ok": False, "error": f"{type(exc).__name__}: {exc}"[:300]}
    return {"ok": True, "ms": round((time.monotonic() - started) * 1000), **(detail or {})}


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def queues():
    """Every queue a worker must consume: Celery's default and each one a route names."""
    routes = getattr(settings, "CELERY_TASK_ROUTES", {}) or {}
    return sorted({"celery", *(route["queue"] for route in routes.values() if "queue" in route)})


def _broker():
    from tasks.celery import app

    depth = {}
    with app.connection_for_read() as broker:
        broker.ensure_connection(max_retries=1, timeout=PROBE_TIMEOUT)
        channel = broker.default_channel
        for queue in queues():
            try:
                depth[queue] = channel.queue_declare(queue=queue, passive=True).message_count
            except Exception:  # a queue nobody has sent to yet does not exist: nothing waits in it
                depth[queue] = 0
    return {"queues": depth}


def _search():
    from search.client import get_client

    info = get_client().options(request_timeout=PROBE_TIMEOUT).info()
    return {"version": (info.get("version") or {}).get("number", "")}


@never_cache
def healthz(request):
    checks = {"database": _timed(_database), "broker": _timed(_broker), "search": _timed(_search)}
    healthy = all(check["ok"] for check in checks.values())
    serving = checks["database"]["ok"]
    status = 200 if serving and (healthy or request.GET.get("strict") != "1") else 503
    return JsonResponse({"status": "ok" if healthy else "degraded" if serving else "down", **checks},
                        status=status)
