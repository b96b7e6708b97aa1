"""SMS: a gateway's inbound (MO) callback in, texts out through the sender the questions already use
(`QUESTION_SMS_SENDER`, questions/sms.py).

Inbound, the documented format (`SignedJsonInbound`): the gateway POSTs JSON
`{"id": "<its message id>", "from": "0905123456" or "+84905123456", "text": "...", "to": "<our number>"}`
with `X-Timestamp: <unix seconds>` and `X-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>"
with SMS_INBOUND_SECRET>`. Another gateway needs a class with the same two methods, `verify(request)` →
the parsed payload (or `chat.signatures.Refused`) and `event_id(payload)`, named by `SMS_INBOUND_FORMAT`,
plus `parse(payload)` → Incoming.

Outbound: plain ASCII (one Vietnamese letter makes a part 70 characters instead of 160), split at word
boundaries into at most `MAX_PARTS` messages of 160 characters, each sent as its own SMS (`send` says
after each one, so a gateway failing on part 2 is retried from part 2, never from part 1).
"""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.module_loading import import_string

from chat import signatures
from chat.messages import Incoming, Kind
from questions.phones import normalise_phone
from questions.sms import SMS_LIMIT, plain, send_sms

CHANNEL = "sms"
MAX_PARTS = 3


def enabled():
    return bool(settings.SMS_INBOUND_SECRET)


class SignedJsonInbound:
    def verify(self, request):
        return signatures.gateway(request.body, request.headers.get("X-Signature"),
                                  request.headers.get("X-Timestamp"), settings.SMS_INBOUND_SECRET)

    def event_id(self, payload):
        return str(payload.get("id") or "")

    def parse(self, payload):
        try:
            phone = normalise_phone(str(payload.get("from", "")))
        except ValidationError:
            phone = ""
        return Incoming(CHANNEL, phone, Kind.TEXT if phone else Kind.IGNORED, text=str(payload.get("text", "")),
                        phone=phone)


def inbound():
    return import_string(settings.SMS_INBOUND_FORMAT)()


def parts(text, limit=SMS_LIMIT, most=MAX_PARTS):
    """`text` as plain ASCII SMS parts of at most `limit` characters, cut between words; what does not fit
    in `most` parts is dropped (the last part then ends with "...")."""
    words, found, line = " ".join(plain(text).split()).split(" "), [], ""
    for word in words:
        word = word[:limit]
        if line and len(line) + 1 + len(word) > limit:
            found.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        found.append(line)
    if len(found) > most:
        found = found[:most]
        found[-1] = found[-1][:limit - 3].rsplit(" ", 1)[0] + "..."
    return found


def send(phone, text, start=0, sent=None):
    """Send `text` as its parts, each its own SMS, from part `start` on; `sent(n)` is called once n parts
    have gone, so a caller can record it and a retry resume at the first part not sent."""
    send_parts(phone, parts(text), start, sent)


def send_parts(phone, texts, start=0, sent=None):
    """Send SMS parts already cut (`parts`), from `start` on, calling `sent(n)` after each."""
    for number in range(start, len(texts)):
        send_sms(phone, texts[number])
        if sent is not None:
            sent(number + 1)
