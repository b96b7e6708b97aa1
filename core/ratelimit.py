"""Per-client rate limits: generous for a person, a 429 for a script.

One decorator, `rate_limited(scope)`, for Django views and django-ninja operations alike; the rates of
every scope live here. Counters are django-ratelimit's, kept in the default cache (a file cache embedded,
Redis with CACHE_URL). `RATE_LIMITS=off` (settings.RATELIMIT_ENABLE) turns every limit off.

The client is REMOTE_ADDR, or the address in X-Forwarded-For when REMOTE_ADDR is one of TRUSTED_PROXIES
(the front server): a client cannot pick its own address by sending the header itself. django-axes locks
sign-ins out by the same address (AXES_CLIENT_IP_CALLABLE).
"""
import functools
import ipaddress
import logging

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django_ratelimit.core import get_usage

logger = logging.getLogger(__name__)

# Requests per minute and client. A person reading and refining searches stays far below these.
RATES = {
    "search": "60/m",    # the search page
    "api": "120/m",      # the JSON search API
    "suggest": "240/m",  # type-ahead: one request per pause while typing
    "sheet": "30/m",     # PDF field sheets: each costs a render when not cached
    "question": "5/h",   # forms that store what a visitor sends
}
RETRY_AFTER_SECONDS = 60


def _trusted(address):
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in ipaddress.ip_network(proxy, strict=False) for proxy in settings.TRUSTED_PROXIES)


def client_ip(request):
    """The client's address: the last hop in X-Forwarded-For that is not a trusted proxy, when the
    request came through one; REMOTE_ADDR otherwise."""
    address = request.META.get("REMOTE_ADDR", "")
    if not _trusted(address):
        return address
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _trusted(hop):
            return hop
    return address


def _too_many(request, as_json):
    message = _("Bạn gửi quá nhiều yêu cầu. Vui lòng chờ một phút rồi thử lại.")
    if as_json:
        response = JsonResponse({"error": message, "parameter": ""}, status=429)
    else:
        response = HttpResponse(render_to_string("ratelimited.html", {"message": message}, request), status=429)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def over_limit(request, scope):
    """Count this request against `scope`; True when the client has gone over the scope's rate."""
    try:
        usage = get_usage(request, group=scope, key=lambda group, req: client_ip(req), rate=RATES[scope],
                          increment=True)
    except Exception:  # the cache is down: serve rather than refuse everyone
        logger.exception("rate limit counter unavailable for %s", scope)
        return False
    return bool(usage and usage["should_limit"])


def rate_limited(scope, as_json=False):
    """Decorate a view (or a ninja operation, as_json=True) to answer 429 past the scope's rate."""
    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if over_limit(request, scope):
                return _too_many(request, as_json)
            return view(request, *args, **kwargs)
        return wrapped
    return decorator
