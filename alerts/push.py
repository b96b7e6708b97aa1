"""Web Push (RFC 8030, payload encrypted as RFC 8291 aes128gcm, the sender identified by VAPID, RFC 8292).

The site's VAPID key pair identifies it to every browser's push service: phones subscribe with its public
key (`application_server_key`), and each message is signed with its private key. Production gives the key
(`WEBPUSH_VAPID_PRIVATE_KEY`: a PEM, or the raw 32-byte key base64url-encoded, as `manage.py
vapid_keys` prints); the embedded run makes one on first need and keeps it in var/vapid-private-key.pem
(mode 0600). Without a key in production, Web Push is off and the site offers only the chat channels.

A push service answers 201 when it took the message; 404 and 410 mean the phone's subscription is gone
(the subscription is stopped); 429 and 5xx are worth trying later.
"""
from functools import cache

import requests
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.conf import settings
from py_vapid import Vapid02
from py_vapid.utils import b64urlencode
from pywebpush import WebPushException, webpush

from core.secrets import private_file

TTL_SECONDS = 24 * 3600  # a phone offline for a day still gets the alert when it comes back
TIMEOUT = 10
GONE = {404, 410}


class PushGone(Exception):
    """The phone unsubscribed or the push service forgot it: stop the subscription."""


class PushLater(Exception):
    """The push service is busy or failing (429, 5xx): try again later."""


class PushRefused(Exception):
    """The push service refused this message for good (its status and text say why)."""


def _key_text():
    if settings.WEBPUSH_VAPID_PRIVATE_KEY:
        return settings.WEBPUSH_VAPID_PRIVATE_KEY
    if settings.PRODUCTION:
        return ""
    path = settings.VAR_DIR / "vapid-private-key.pem"
    if not path.exists() or not path.read_text().strip():
        key = Vapid02()
        key.generate_keys()
        private_file(path).write_bytes(key.private_pem())
    return path.read_text()


@cache
def vapid():
    """The site's VAPID key, or None when Web Push is off."""
    text = _key_text().strip()
    if not text:
        return None
    if text.startswith("-----BEGIN"):
        return Vapid02.from_pem(text.encode())
    return Vapid02.from_string(private_key=text)


def enabled():
    return vapid() is not None


def application_server_key():
    """The public key phones subscribe with: the uncompressed P-256 point, base64url."""
    return b64urlencode(vapid().public_key.public_bytes(Encoding.X962, PublicFormat.UncompressedPoint))


@cache
def _session():
    return requests.Session()  # kept alive across a batch's messages to the same push service


def send(subscription, payload):
    """Encrypt `payload` (text) for the subscription's keys and hand it to its push service."""
    info = {"endpoint": subscription.endpoint, "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth}}
    try:
        webpush(info, payload, vapid_private_key=vapid(), vapid_claims={"sub": settings.WEBPUSH_VAPID_SUBJECT},
                ttl=TTL_SECONDS, timeout=TIMEOUT, requests_session=_session(), headers={"Urgency": "high"})
    except WebPushException as refused:
        status = refused.response.status_code if refused.response is not None else None
        if status in GONE:
            raise PushGone(f"push service answered {status}") from None
        if status is None or status == 429 or status >= 500:
            raise PushLater(f"push service answered {status}") from None
        raise PushRefused(f"push service answered {status}") from None
