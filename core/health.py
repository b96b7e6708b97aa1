"""/healthz: the state of every service the site depends on, for a load balancer and an operator.

The status code is what a load balancer reads: 200 while this web server can serve pages (the database
answers), 503 when it cannot. A search engine or broker that is down does not take a web server out of
rotation — the search falls back to the database and publishing still saves — so they show as
"degraded" in the body, where monitoring reads them; `?strict=1` turns any failure into a 503 for checks
that want to page someone.

Each service is probed by the app that owns it, named in settings.HEALTH_CHECKS (as Django names its
middleware), so this module imports none of them.

Who may read what: anyone gets the status code and the one-word status; each service's detail (versions,
queue depths, connection errors) tells an attacker what runs where, so it is only for signed-in staff and
for monitoring that sends `Authorization: Bearer <HEALTHZ_TOKEN>`.
"""
import hmac
import time

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.utils.module_loading import import_string
from django.views.decorators.cache import never_cache

PROBE_TIMEOUT = 2  # seconds; a health check must answer before the balancer gives up on it


def _timed(probe):
    started = time.monotonic()
    try:
        detail = probe(PROBE_TIMEOUT)
    except Exception as exc:  # any failure of the dependency is what the check reports
        return {"ok": False, "error": f"{type(exc).__name__}: {exc}"[:300]}
    return {"ok": True, "ms": round((time.monotonic() - started) * 1000), **(detail or {})}


def database(timeout):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def may_read_details(request):
    token = settings.HEALTHZ_TOKEN
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if token and given and hmac.compare_digest(given.encode(), token.encode()):
        return True
    user = getattr(request, "user", None)
    return bool(user and user.is_active and user.is_staff)


@never_cache
def healthz(request):
    checks = {name: _timed(import_string(path)) for name, path in settings.HEALTH_CHECKS.items()}
    healthy = all(check["ok"] for check in checks.values())
    serving = checks["database"]["ok"]
    status = 200 if serving and (healthy or request.GET.get("strict") != "1") else 503
    body = {"status": "ok" if healthy else "degraded" if serving else "down"}
    return JsonResponse({**body, **checks} if may_read_details(request) else body, status=status)
