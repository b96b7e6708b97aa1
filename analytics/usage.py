"""Uses of a guide that happen on the phone — saved for reading offline, shared — told by the page's script
with a beacon (`navigator.sendBeacon`), and the ones the server makes (a field sheet, a print pack).

A beacon carries no cookie that matters and changes nothing a visitor sees, so it needs no CSRF token; it
is rate-limited per client, counts only guides a farmer may see, and stores no address or session
(`UsageEvent`). A bad beacon gets 400 with the reason; it never fails the page, which does not wait for it.
"""
from django.http import HttpResponse, HttpResponseBadRequest
from django.utils.translation import get_language
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from wagtail.models import Page

from analytics.models import UsageEvent
from core.ratelimit import rate_limited

BEACON_KINDS = {UsageEvent.Kind.SAVED, UsageEvent.Kind.SHARED}


def record(kind, page=None, guides=1, via=""):
    """Record one use (`kind` a UsageEvent.Kind) of `page` in the active site language."""
    return UsageEvent.objects.create(kind=kind, page_id=page.pk if page else None, guides=guides, via=via,
                                     language=get_language() or "")


@csrf_exempt
@require_POST
@rate_limited("usage")
def beacon(request, pk):
    kind, via = request.POST.get("kind", ""), request.POST.get("via", "")
    if kind not in BEACON_KINDS:
        return HttpResponseBadRequest("kind: saved or shared", content_type="text/plain; charset=utf-8")
    if via and (kind != UsageEvent.Kind.SHARED or via not in UsageEvent.Via.values):
        return HttpResponseBadRequest("via: " + ", ".join(UsageEvent.Via.values),
                                      content_type="text/plain; charset=utf-8")
    page = Page.objects.filter(pk=pk).specific().first()
    if page is None or not getattr(page, "is_visible", lambda: False)():
        return HttpResponseBadRequest("no such page", content_type="text/plain; charset=utf-8")
    record(kind, page, via=via)
    return HttpResponse(status=204)
