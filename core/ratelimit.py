"""Per-client rate limits: generous for a person, a 429 for a script.

One decorator, `rate_limited(scope)`, for Django views and django-ninja operations alike; every scope's
rate, the message a client over it reads and its Retry-After live here, in RATES. A view that answers its
own 429 (the question form keeps what the farmer typed) asks `exceeded()` and `retry_later()` instead.
Counters are django-ratelimit's, kept in the default cache (a file cache embedded, Redis with CACHE_URL).
`RATE_LIMITS=off` (settings.RATELIMIT_ENABLE) turns every limit off.

The client is REMOTE_ADDR, or the address in X-Forwarded-For when REMOTE_ADDR is one of TRUSTED_PROXIES
(the front server): a client cannot pick its own address by sending the header itself. django-axes locks
sign-ins out by the same address (AXES_CLIENT_IP_CALLABLE).
"""
import functools
import ipaddress
import logging
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from django_ratelimit.core import get_usage

logger = logging.getLogger(__name__)
SECONDS = {"m": 60, "h": 3600}


@dataclass(frozen=True)
class Rate:
    count: int  # requests a client may make …
    per: str  # … each minute ("m") or hour ("h")
    message: str  # what a client over the rate reads

    def __str__(self):
        return f"{self.count}/{self.per}"  # django-ratelimit's notation

    @property
    def retry_after(self):
        """Seconds until the client's window has certainly passed (the Retry-After header)."""
        return SECONDS[self.per]


TRY_AGAIN = _("Bạn gửi quá nhiều yêu cầu. Vui lòng chờ một phút rồi thử lại.")

# Per client. A person reading and refining searches stays far below these.
RATES = {
    "search": Rate(60, "m", TRY_AGAIN),  # the search page
    "api": Rate(120, "m", TRY_AGAIN),  # the JSON search API
    "suggest": Rate(240, "m", TRY_AGAIN),  # type-ahead: one request per pause while typing
    "sheet": Rate(30, "m", TRY_AGAIN),  # PDF field sheets: each costs a render when not cached
    "usage": Rate(60, "m", TRY_AGAIN),  # a page's beacon: a guide saved offline or shared
    # Forms that store what a visitor sends.
    "alerts": Rate(20, "h", TRY_AGAIN),  # a phone's alert subscription: set once, changed now and then
    "question": Rate(5, "h", _("Bạn đã gửi 5 câu hỏi trong một giờ. Vui lòng chờ rồi gửi tiếp, hoặc gọi cán bộ "
                               "khuyến nông.")),
    # One-tap feedback: a farmer votes on a handful of pages; many farmers may share one carrier address.
    "vote": Rate(30, "m", _("Bà con gửi góp ý quá nhanh. Vui lòng chờ một phút rồi thử lại.")),
    # Tries at a page's password (Wagtail's form posts here): a password is not found by trying them all.
    "page_password": Rate(10, "h", _("Bạn đã thử mật khẩu trang này quá nhiều lần. Vui lòng chờ một giờ rồi thử "
                                     "lại, hoặc hỏi cán bộ khuyến nông mật khẩu.")),
}


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


def retry_later(response, scope):
    """`response` (a 429) with the Retry-After of `scope`."""
    response["Retry-After"] = str(RATES[scope].retry_after)
    return response


def _too_many(request, scope, as_json):
    message = str(RATES[scope].message)
    if as_json:
        response = JsonResponse({"error": message, "parameter": ""}, status=429)
    else:
        response = HttpResponse(render_to_string("core/ratelimited.html", {"message": message}, request), status=429)
    return retry_later(response, scope)


def exceeded(request, scope):
    """Count this request against `scope`; True when the client has gone over the scope's rate."""
    try:
        usage = get_usage(request, group=scope, key=lambda group, req: client_ip(req), rate=str(RATES[scope]),
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
            if exceeded(request, scope):
                return _too_many(request, scope, as_json)
            return view(request, *args, **kwargs)
        return wrapped
    return decorator
