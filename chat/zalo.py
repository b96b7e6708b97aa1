"""Zalo Official Account (Open API v3): events in, messages out, the token pair kept fresh.

Events (webhook, JSON): `user_send_text`, `user_send_image` (attachments with a `payload.url`), `follow` and
`unfollow` (a `follower`), `user_submit_info` (the farmer's shared phone number), and the `oa_send_*` echoes of
what the OA sent; an echo whose sender carries `admin_id` was typed by an officer in Zalo's own OA chat.

Sending: `POST {ZALO_API_URL}/v3.0/oa/message/cs` (a consultation message: free within 48 hours of the
farmer's last message, up to 7 days under the OA's quota) with the access token in an `access_token` header.
Zalo answers HTTP 200 for most failures: only `"error": 0` in the body is success. A PDF is uploaded first
(`/v2.0/oa/upload/file`, at most 5 MB) and sent as a `file` attachment by the token Zalo returns.

ZNS (`send_template`): a template message to a phone number, outside any window, through the same token.

Tokens: an access token lasts about 25 hours and each refresh token works once. `access_token()` refreshes
(`POST {ZALO_OAUTH_URL}/v4/oa/access_token`, the app secret in a `secret_key` header) when the stored one is
about to expire, under a row lock, re-reading the row once the lock is held so two workers never spend the
same refresh token; both tokens are stored in one transaction. A call answered with an expired-token error
(`-216`, or HTTP 401) refreshes once and is retried once.
"""
import logging
from datetime import timedelta

import httpx
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from chat import http
from chat.messages import Incoming, Kind, PlatformError, WindowClosed
from chat.models import ZaloToken

logger = logging.getLogger(__name__)

CHANNEL = "zalo"
TEXT_LIMIT = 2000
FILE_LIMIT = 5 * 1024 * 1024
TOKEN_EXPIRED = {-216}  # "Access token is invalid": expired or revoked
OUT_OF_WINDOW = {-213, -230}  # the farmer does not follow the OA / has not written within 7 days
REFRESH_MARGIN = timedelta(minutes=5)
TIMEOUT = httpx.Timeout(10.0, connect=5.0)


def enabled():
    return bool(settings.ZALO_APP_ID and settings.ZALO_OA_SECRET_KEY)


def event_id(data):
    """The platform's id for de-duplication: the message id, else event, user and time (follow, info…)."""
    msg_id = (data.get("message") or {}).get("msg_id")
    if msg_id:
        return str(msg_id)
    user = (data.get("follower") or data.get("sender") or {}).get("id", "")
    return f"{data.get('event_name', '')}:{user}:{data.get('timestamp', '')}"


def parse(data):
    """The event as an Incoming."""
    name = data.get("event_name", "")
    message = data.get("message") or {}
    sender = (data.get("sender") or {}).get("id", "")
    if name in ("follow", "unfollow"):
        return Incoming(CHANNEL, (data.get("follower") or {}).get("id", ""),
                        Kind.FOLLOW if name == "follow" else Kind.UNFOLLOW)
    if name.startswith("oa_send_"):
        recipient = (data.get("recipient") or {}).get("id", "")
        admin = (data.get("sender") or {}).get("admin_id")
        return Incoming(CHANNEL, recipient, Kind.OFFICER if admin else Kind.IGNORED, text=message.get("text", ""))
    if name == "user_submit_info":
        return Incoming(CHANNEL, sender, Kind.INFO, phone=str((data.get("info") or {}).get("phone", "")))
    if name == "user_send_image":
        urls = [a["payload"]["url"] for a in message.get("attachments", [])
                if a.get("type") == "image" and (a.get("payload") or {}).get("url")]
        return Incoming(CHANNEL, sender, Kind.IMAGE, text=message.get("text", ""), image_urls=urls)
    if name.startswith("user_send_"):  # text, and stickers, files, locations… which hold no question
        return Incoming(CHANNEL, sender, Kind.TEXT, text=message.get("text", "") if name == "user_send_text" else "")
    return Incoming(CHANNEL, sender, Kind.IGNORED)


# --- tokens --------------------------------------------------------------------------------------------------

class TokenError(PlatformError):
    """No usable token: the refresh token was refused (re-authorise the OA, README "Zalo")."""


def _stored():
    token, _created = ZaloToken.objects.get_or_create(pk=1)
    return token


def refresh(stale=None):
    """A fresh access token. Under the row lock the row is read again: if another worker refreshed after
    `stale` was read, its token is used and no refresh token is spent."""
    _stored()
    with transaction.atomic():
        token = ZaloToken.objects.select_for_update().get(pk=1)
        fresh = token.access_token and token.expires_at and token.expires_at > timezone.now() + REFRESH_MARGIN
        if fresh and token.access_token != stale:
            return token.access_token
        response = http.client().post(
            f"{settings.ZALO_OAUTH_URL}/v4/oa/access_token", timeout=TIMEOUT,
            headers={"secret_key": settings.ZALO_APP_SECRET},
            data={"refresh_token": token.refresh_token or settings.ZALO_REFRESH_TOKEN,
                  "app_id": settings.ZALO_APP_ID, "grant_type": "refresh_token"})
        body = _json(response)
        if not body.get("access_token") or not body.get("refresh_token"):
            raise TokenError(f"Zalo refused the refresh token: {body.get('error')} {body.get('error_name', '')} "
                             f"{body.get('error_description', '')}".strip())
        now = timezone.now()
        token.access_token, token.refresh_token = body["access_token"], body["refresh_token"]
        token.expires_at = now + timedelta(seconds=int(body.get("expires_in") or 90000))
        token.refreshed_at = now
        token.save()
        logger.info("Zalo access token refreshed (valid until %s)", token.expires_at)
        return token.access_token


def access_token():
    token = _stored()
    if token.access_token and token.expires_at and token.expires_at > timezone.now() + REFRESH_MARGIN:
        return token.access_token
    return refresh(token.access_token)


# --- calls -----------------------------------------------------------------------------------------------------

def _json(response):
    try:
        return response.json()
    except ValueError:
        raise PlatformError(f"Zalo answered {response.status_code} without JSON") from None


def call(path, base=None, **request):
    """POST to the OA API (or another Zalo API at `base` that takes the OA's token: ZNS) with the access token;
    refresh once and retry once on an expired token. Returns the body's `data`; raises WindowClosed or
    PlatformError for a refusal."""
    token = access_token()
    for attempt in (1, 2):
        response = http.client().post(f"{base or settings.ZALO_API_URL}{path}", headers={"access_token": token},
                              timeout=TIMEOUT, **request)
        body = {} if response.status_code == 401 else _json(response)
        expired = response.status_code == 401 or body.get("error") in TOKEN_EXPIRED
        if expired and attempt == 1:
            token = refresh(token)
            continue
        if body.get("error") == 0 and response.status_code == 200:
            return body.get("data") or {}
        if body.get("error") in OUT_OF_WINDOW:
            raise WindowClosed(f"Zalo {body.get('error')}: {body.get('message', '')}")
        raise PlatformError(f"Zalo {response.status_code} error {body.get('error')}: {body.get('message', '')}")
    raise AssertionError("unreachable")


def _buttons(buttons):
    # oa.query.hide: the tap sends the payload back as the farmer's own text message (user_send_text).
    return [{"title": b.title, "payload": b.payload, "type": "oa.query.hide"} for b in buttons]


def send_text(user_id, text, buttons=()):
    message = {"text": text[:TEXT_LIMIT]}
    if buttons:
        message["attachment"] = {"type": "template", "payload": {"buttons": _buttons(buttons)}}
    return call("/v3.0/oa/message/cs", json={"recipient": {"user_id": user_id}, "message": message})


def send_file(user_id, name, content):
    """Upload a PDF (at most 5 MB) and send it."""
    if len(content) > FILE_LIMIT:
        raise PlatformError(f"{name}: {len(content)} bytes, Zalo takes files up to 5 MB")
    uploaded = call("/v2.0/oa/upload/file", files={"file": (name, content, "application/pdf")})
    return call("/v3.0/oa/message/cs", json={"recipient": {"user_id": user_id},
                                             "message": {"attachment": {"type": "file",
                                                                        "payload": {"token": uploaded["token"]}}}})


def zns_phone(phone):
    """A stored phone ("0905123456") as ZNS wants it: "84905123456"."""
    return "84" + phone[1:] if phone.startswith("0") else phone.lstrip("+")


def send_template(phone, template_id, data, tracking_id):
    """A ZNS (Zalo Notification Service) message: a template the OA registered and Zalo approved, sent to a
    phone number whatever the chat window (`POST {ZALO_ZNS_URL}/message/template`, charged per message).
    `tracking_id` is ours, echoed in Zalo's delivery reports."""
    return call("/message/template", base=settings.ZALO_ZNS_URL,
                json={"phone": zns_phone(phone), "template_id": template_id, "template_data": data,
                      "tracking_id": tracking_id})
