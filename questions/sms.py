"""Text messages to farmers, through a sender chosen by the QUESTION_SMS_SENDER setting.

Messages are plain ASCII (no diacritics): an SMS with Vietnamese diacritics is encoded in UCS-2 and holds
70 characters instead of 160, so it would cost two or three messages. Every message fits in one.

A sender is a class with `send(phone, text)`. `LogSender` (the default) only logs; `HttpGatewaySender`
posts to an SMS gateway:

    QUESTION_SMS_SENDER=questions.sms.HttpGatewaySender
    SMS_GATEWAY_URL=https://sms.example.vn/api/send      # receives POST {"to": "0905123456", "text": "..."}
    SMS_GATEWAY_TOKEN=...                                 # sent as "Authorization: Bearer <token>"

Most Vietnamese gateways (brandname SMS) take that shape or need only a small subclass overriding
`payload()`.
"""
import json
import logging
import unicodedata
import urllib.request

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)
SMS_LIMIT = 160


def plain(text):
    """`text` without diacritics (đ → d), ASCII only."""
    text = text.replace("đ", "d").replace("Đ", "D")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def fit(text):
    """One SMS: plain ASCII, at most 160 characters."""
    text = " ".join(plain(text).split())
    if len(text) > SMS_LIMIT:
        raise ValueError(f"SMS text of {len(text)} characters: {text!r}")
    return text


class LogSender:
    """Writes the message to the log: the embedded default, and enough to see what would be sent."""

    def send(self, phone, text):
        logger.info("SMS to %s: %s", phone[:4] + "…", text)


class HttpGatewaySender:
    """POSTs JSON to SMS_GATEWAY_URL with a bearer token; a non-2xx answer raises (the task retries)."""

    timeout = 10

    def payload(self, phone, text):
        return {"to": phone, "text": text}

    def send(self, phone, text):
        request = urllib.request.Request(
            settings.SMS_GATEWAY_URL, data=json.dumps(self.payload(phone, text)).encode(), method="POST",
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {settings.SMS_GATEWAY_TOKEN}"})
        with urllib.request.urlopen(request, timeout=self.timeout) as response:
            response.read()


def send_sms(phone, text):
    import_string(settings.QUESTION_SMS_SENDER)().send(phone, fit(text))
