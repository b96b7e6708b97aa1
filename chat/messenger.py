"""Facebook Messenger (a Page): events in, messages out through the Send API.

Webhook: `GET` answers Meta's handshake (`hub.mode=subscribe`, `hub.verify_token` equal to
MESSENGER_VERIFY_TOKEN → the `hub.challenge` echoed); `POST` carries `entry[].messaging[]` events (and
`entry[].standby[]` while another app, such as the Page inbox, holds the thread). Each event is stored on
its own, de-duplicated on its message's `mid`. A message the Page itself sent (`is_echo`) without an
`app_id` was typed by a person in the Page inbox: an officer.

Sending: `POST {MESSENGER_API_URL}/me/messages?access_token=…` with `messaging_type` RESPONSE within 24
hours of the farmer's last message; after that, up to 7 days, an officer's answer goes as MESSAGE_TAG with
the HUMAN_AGENT tag. Buttons are quick replies (at most 13, titles of 20 characters). A PDF is uploaded
first (`/me/message_attachments`) and sent by its attachment id. Errors come as `{"error": {"code",
"error_subcode", "message"}}`; code 10 / subcode 2018278 (outside the window) and 551 (the person is not
available) close the conversation's window.
"""
import json

import httpx
from django.conf import settings

from chat import http
from chat.messages import Incoming, Kind, PlatformError, WindowClosed

CHANNEL = "messenger"
TEXT_LIMIT = 2000
QUICK_REPLIES = 13
TITLE_LIMIT = 20
OUT_OF_WINDOW = {10, 551}  # 10/2018278: outside the allowed window; 551: the person is not available
TIMEOUT = httpx.Timeout(10.0, connect=5.0)


def enabled():
    return bool(settings.MESSENGER_APP_SECRET and settings.MESSENGER_PAGE_TOKEN)


def events(data):
    """[(event id, event)] of one webhook call; each event gets `standby: true` when it came as such."""
    found = []
    for entry in data.get("entry") or []:
        for key in ("messaging", "standby"):
            for event in entry.get(key) or []:
                event = {**event, "standby": key == "standby"}
                found.append((event_id(event), event))
    return found


def event_id(event):
    mid = (event.get("message") or event.get("postback") or {}).get("mid")
    if mid:
        return str(mid)
    kind = next((k for k in ("read", "delivery", "postback", "optin", "referral") if k in event), "event")
    return f"{kind}:{(event.get('sender') or {}).get('id', '')}:{event.get('timestamp', '')}"


def parse(event):
    sender = (event.get("sender") or {}).get("id", "")
    standby = bool(event.get("standby"))
    message = event.get("message")
    if message is not None:
        if message.get("is_echo"):
            recipient = (event.get("recipient") or {}).get("id", "")
            kind = Kind.IGNORED if message.get("app_id") else Kind.OFFICER
            return Incoming(CHANNEL, recipient, kind, text=message.get("text", ""))
        urls = [a["payload"]["url"] for a in message.get("attachments") or []
                if a.get("type") == "image" and (a.get("payload") or {}).get("url")]
        payload = (message.get("quick_reply") or {}).get("payload", "")
        kind = Kind.IMAGE if urls else Kind.TEXT
        return Incoming(CHANNEL, sender, kind, text=message.get("text", ""), payload=payload, image_urls=urls,
                        standby=standby)
    if "postback" in event:
        postback = event["postback"]
        return Incoming(CHANNEL, sender, Kind.TEXT, text=postback.get("title", ""),
                        payload=postback.get("payload", ""), standby=standby)
    return Incoming(CHANNEL, sender, Kind.IGNORED, standby=standby)


def _post(path, **request):
    response = http.client().post(f"{settings.MESSENGER_API_URL}{path}", timeout=TIMEOUT,
                          params={"access_token": settings.MESSENGER_PAGE_TOKEN}, **request)
    try:
        body = response.json()
    except ValueError:
        raise PlatformError(f"Messenger answered {response.status_code} without JSON") from None
    error = body.get("error") if isinstance(body, dict) else None
    if response.status_code == 200 and not error:
        return body
    error = error or {}
    code, subcode = error.get("code"), error.get("error_subcode")
    if code in OUT_OF_WINDOW:
        raise WindowClosed(f"Messenger {code}/{subcode}: {error.get('message', '')}")
    raise PlatformError(f"Messenger {response.status_code} error {code}/{subcode}: {error.get('message', '')}")


def _envelope(psid, message, tagged):
    body = {"recipient": {"id": psid}, "message": message}
    if tagged:
        body.update(messaging_type="MESSAGE_TAG", tag="HUMAN_AGENT")
    else:
        body["messaging_type"] = "RESPONSE"
    return body


def send_text(psid, text, buttons=(), tagged=False):
    message = {"text": text[:TEXT_LIMIT]}
    if buttons:
        message["quick_replies"] = [{"content_type": "text", "title": b.title[:TITLE_LIMIT], "payload": b.payload}
                                    for b in buttons[:QUICK_REPLIES]]
    return _post("/me/messages", json=_envelope(psid, message, tagged))


def send_file(psid, name, content, tagged=False):
    uploaded = _post("/me/message_attachments", data={"message": json.dumps(
        {"attachment": {"type": "file", "payload": {"is_reusable": True}}})},
        files={"filedata": (name, content, "application/pdf")})
    message = {"attachment": {"type": "file", "payload": {"attachment_id": uploaded["attachment_id"]}}}
    return _post("/me/messages", json=_envelope(psid, message, tagged))
