"""Alerts on a phone: the subscription page, and the JSON calls its script makes with the phone's push
subscription (Web Push needs JavaScript and, on iPhones, the site added to the home screen)."""
import json
from urllib.parse import urlsplit

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from alerts import push
from alerts.subscriptions import stop_push, subscribe_push
from core.ratelimit import rate_limited
from kb.models import Commodity, Commune
from kb.tree import alert_index_or_none

MAX_BODY = 8 * 1024


@require_GET
def subscribe_page(request):
    return render(request, "alerts/subscribe.html", {
        "communes": Commune.objects.order_by("name"), "commodities": Commodity.objects.order_by("sector", "name"),
        "push_key": push.application_server_key() if push.enabled() else "", "index": alert_index_or_none()})


def allowed_endpoint(url):
    """A push service of the browsers' own (WEBPUSH_SERVICES), over HTTPS; an entry with a scheme is an origin."""
    parts = urlsplit(url)
    for service in settings.WEBPUSH_SERVICES:
        if "://" in service:
            if url.startswith(service.rstrip("/") + "/"):
                return True
        elif parts.scheme == "https" and (parts.hostname == service or (parts.hostname or "").endswith("." + service)):
            return True
    return False


def _refuse(message, status=400):
    return JsonResponse({"error": message}, status=status)


def _read(request):
    if len(request.body) > MAX_BODY:
        return None
    try:
        data = json.loads(request.body)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


@require_POST
@rate_limited("alerts", as_json=True)
def push_subscribe(request):
    """{"subscription": {"endpoint", "keys": {"p256dh", "auth"}}, "commune": id, "commodities": [id, …]}"""
    if not push.enabled():
        return _refuse(_("Trang này chưa bật thông báo trên điện thoại."), 404)
    data = _read(request)
    subscription = data.get("subscription") if data else None
    keys = subscription.get("keys") if isinstance(subscription, dict) else None
    endpoint = subscription.get("endpoint") if isinstance(subscription, dict) else None
    if not (isinstance(endpoint, str) and isinstance(keys, dict) and isinstance(keys.get("p256dh"), str)
            and isinstance(keys.get("auth"), str)) or len(endpoint) > 2000:
        return _refuse(_("Điện thoại không gửi đăng ký thông báo hợp lệ. Vui lòng thử lại."))
    if not allowed_endpoint(endpoint):
        return _refuse(_("Dịch vụ thông báo của trình duyệt này không được hỗ trợ."))
    commune = Commune.objects.filter(pk=data.get("commune") if str(data.get("commune")).isdigit() else None).first()
    if commune is None:
        return _refuse(_("Chọn xã, phường của bạn."))
    chosen = data.get("commodities") or []
    if not isinstance(chosen, list) or not all(str(pk).isdigit() for pk in chosen):
        return _refuse(_("Nông sản không hợp lệ."))
    commodities = list(Commodity.objects.filter(pk__in=[int(pk) for pk in chosen]))
    subscribe_push(endpoint, keys["p256dh"][:200], keys["auth"][:64], commune, commodities)
    names = ", ".join(c.name for c in commodities) or _("mọi nông sản")
    return JsonResponse({"ok": True, "message": _("Đã đăng ký: cảnh báo về %(what)s ở %(where)s sẽ hiện trên "
                                                  "điện thoại này.") % {"what": names, "where": commune.name}})


@require_POST
@rate_limited("alerts", as_json=True)
def push_unsubscribe(request):
    """{"endpoint": …}: this phone receives nothing more."""
    data = _read(request)
    endpoint = data.get("endpoint") if data else None
    if not isinstance(endpoint, str):
        return _refuse(_("Điện thoại không gửi đăng ký thông báo hợp lệ. Vui lòng thử lại."))
    stop_push(endpoint)
    return JsonResponse({"ok": True, "message": _("Đã ngừng nhận cảnh báo trên điện thoại này.")})
