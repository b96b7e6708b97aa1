"""The platforms' webhooks: verify, store once, announce, answer at once (the work is a task's).

Each answers well within the platforms' limits (Zalo wants 200 within 2 seconds): the signature is checked
on the raw bytes, the event is stored under its platform id (a retry finds it stored and gets 200 again),
and `chat.signals.event_received` is sent; `tasks` queues the answer once the row is committed. A channel
with no settings is off: its webhook answers 404. A bad signature or a replayed call gets 403 and nothing
is stored; a body that is not what the platform sends gets 400.
"""
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponseForbidden, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from chat import messenger, signatures, sms, zalo
from chat.models import InboundEvent
from chat.signals import event_received

logger = logging.getLogger(__name__)


def store(channel, event_id, payload):
    """Store a verified event once; True when it is new (and announced)."""
    if not event_id:
        return False
    try:
        with transaction.atomic():
            event = InboundEvent.objects.create(channel=channel, event_id=event_id[:128], payload=payload)
    except IntegrityError:
        return False  # the platform retried: already stored, already (being) answered
    event_received.send(sender=InboundEvent, event_id=event.pk)
    return True


def _refused(channel, reason):
    logger.warning("%s webhook refused: %s", channel, reason)
    return HttpResponseForbidden("refused", content_type="text/plain")


@csrf_exempt
@require_POST
def zalo_webhook(request):
    if not zalo.enabled():
        raise Http404
    try:
        data = signatures.zalo(request.body, request.headers.get("X-ZEvent-Signature"), settings.ZALO_APP_ID,
                               settings.ZALO_OA_SECRET_KEY)
    except signatures.Refused as refused:
        return _refused("zalo", refused)
    if not isinstance(data, dict) or not data.get("event_name"):
        return HttpResponseBadRequest("not a Zalo event", content_type="text/plain")
    store("zalo", zalo.event_id(data), data)
    return JsonResponse({"ok": True})


@csrf_exempt
@require_http_methods(["GET", "POST"])
def messenger_webhook(request):
    if not messenger.enabled():
        raise Http404
    if request.method == "GET":  # Meta's subscription handshake
        if (request.GET.get("hub.mode") == "subscribe" and settings.MESSENGER_VERIFY_TOKEN
                and request.GET.get("hub.verify_token") == settings.MESSENGER_VERIFY_TOKEN):
            return HttpResponse(request.GET.get("hub.challenge", ""), content_type="text/plain")
        return _refused("messenger", "wrong verify token")
    try:
        data = signatures.hub(request.body, request.headers.get("X-Hub-Signature-256"), settings.MESSENGER_APP_SECRET)
    except signatures.Refused as refused:
        return _refused("messenger", refused)
    if not isinstance(data, dict) or data.get("object") != "page":
        return HttpResponseBadRequest("not a Page event", content_type="text/plain")
    for event_id, event in messenger.events(data):
        store("messenger", event_id, event)
    return HttpResponse("EVENT_RECEIVED", content_type="text/plain")


@csrf_exempt
@require_POST
def sms_webhook(request):
    if not sms.enabled():
        raise Http404
    inbound = sms.inbound()
    try:
        data = inbound.verify(request)
    except signatures.Refused as refused:
        return _refused("sms", refused)
    if not isinstance(data, dict) or not inbound.event_id(data):
        return HttpResponseBadRequest("no message id", content_type="text/plain")
    store("sms", inbound.event_id(data), data)
    return JsonResponse({"ok": True})
