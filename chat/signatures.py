"""Is this webhook call really from the platform, and new? Each check reads the raw body bytes, exactly as
received, and compares in constant time.

- Zalo: `X-ZEvent-Signature` = SHA-256 (a plain digest, not an HMAC) of app id + raw body + the body's
  `timestamp` + the OA secret key, hex, with or without a `mac=` prefix.
- Messenger: `X-Hub-Signature-256` = `sha256=` + HMAC-SHA256 of the raw body with the app secret.
- SMS (`chat.sms.SignedJsonInbound`, the documented gateway format): `X-Signature` = `sha256=` +
  HMAC-SHA256 of `<X-Timestamp>.<raw body>` with `SMS_INBOUND_SECRET`.

A signed event older (or newer) than `REPLAY_SECONDS` is refused: a captured call cannot be played again
later. Within the window a platform's retries are accepted and de-duplicated by their message id.
"""
import hashlib
import hmac
import json
import time

REPLAY_SECONDS = 15 * 60


class Refused(Exception):
    """Why the call was refused (logged; the platform gets a bare 4xx)."""


def _equal(expected, given):
    return hmac.compare_digest(expected.encode(), (given or "").strip().lower().encode())


def _fresh(seconds, now=None):
    if abs((now or time.time()) - seconds) > REPLAY_SECONDS:
        raise Refused("outside the replay window")


def zalo(body, header, app_id, oa_secret_key, now=None):
    """Check a Zalo OA event; returns its parsed JSON."""
    try:
        data = json.loads(body)
        timestamp = str(data["timestamp"])
        seconds = int(timestamp) / 1000
    except (ValueError, KeyError, TypeError):
        raise Refused("not a Zalo event (no JSON body with a timestamp)") from None
    digest = hashlib.sha256(app_id.encode() + body + timestamp.encode() + oa_secret_key.encode()).hexdigest()
    given = (header or "").strip()
    if not _equal(digest, given.removeprefix("mac=")):
        raise Refused("bad X-ZEvent-Signature")
    _fresh(seconds, now)
    return data


def hub(body, header, app_secret):
    """Check a Messenger (Meta) webhook call; returns its parsed JSON."""
    expected = "sha256=" + hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()
    if not _equal(expected, header):
        raise Refused("bad X-Hub-Signature-256")
    try:
        return json.loads(body)
    except ValueError:
        raise Refused("not JSON") from None


def gateway(body, header, timestamp, secret, now=None):
    """Check an SMS gateway's callback (signed body and timestamp); returns its parsed JSON."""
    try:
        seconds = int(timestamp)
    except (TypeError, ValueError):
        raise Refused("no X-Timestamp") from None
    expected = "sha256=" + hmac.new(secret.encode(), f"{seconds}.".encode() + body, hashlib.sha256).hexdigest()
    if not _equal(expected, header):
        raise Refused("bad X-Signature")
    _fresh(seconds, now)
    try:
        return json.loads(body)
    except ValueError:
        raise Refused("not JSON") from None


def sign_zalo(body, app_id, oa_secret_key):
    """The header Zalo would send for `body` (tests, benchmarks and the README's curl example use it)."""
    timestamp = str(json.loads(body)["timestamp"])
    return "mac=" + hashlib.sha256(app_id.encode() + body + timestamp.encode() + oa_secret_key.encode()).hexdigest()


def sign_hub(body, app_secret):
    return "sha256=" + hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()


def sign_gateway(body, timestamp, secret):
    return "sha256=" + hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
