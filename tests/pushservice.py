"""A local stand-in for a browser's Web Push service (RFC 8030), and phones subscribed to it.

`Phone` makes what a browser makes when it subscribes: a P-256 key pair and a 16-byte auth secret, and an
endpoint on the service. `PushService` takes `POST /push/<id>` as a real push service does: it checks the
VAPID `Authorization: vapid t=<JWT>, k=<key>` header (RFC 8292: an ES256 signature by that key, `aud` the
service's origin, not expired), then decrypts the `aes128gcm` body (RFC 8188/8291) with the phone's private
key and auth secret — what the phone itself would do — and records the JSON the site sent. It answers 201,
or 410 for a phone that unsubscribed. `hold_at` makes the n-th request wait until `release()` (a test kills a
worker while its message is in flight).
"""
import base64
import json
import os
import threading
import time
from http.server import BaseHTTPRequestHandler

import http_ece
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from tests.localserver import LocalServer


def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class Phone:
    def __init__(self, service, name):
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.auth = os.urandom(16)
        self.endpoint = f"{service.url}/push/{name}"
        self.name = name

    def subscription(self):
        """What `PushSubscription.toJSON()` gives the page's script."""
        public = self.key.public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
        return {"endpoint": self.endpoint, "keys": {"p256dh": b64(public), "auth": b64(self.auth)}}


def verify_vapid(header, origin):
    """The claims of a valid VAPID header; AssertionError otherwise."""
    fields = dict(part.strip().split("=", 1) for part in header.removeprefix("vapid ").split(","))
    token, key = fields["t"], fields["k"]
    head, claims, signature = token.split(".")
    raw = unb64(signature)
    public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64(key))
    try:
        public.verify(encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big")),
                      f"{head}.{claims}".encode(), ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        raise AssertionError("bad VAPID signature") from None
    claims = json.loads(unb64(claims))
    assert json.loads(unb64(head))["alg"] == "ES256"
    assert claims["aud"] == origin and claims["exp"] > time.time() and claims["sub"].startswith("mailto:")
    return claims, key


class PushService(LocalServer):
    def __init__(self):
        self.phones = {}
        self.received = []  # (phone name, payload dict, VAPID public key)
        self.errors = []
        self.lock = threading.Lock()
        self.hold_at, self.held, self.released = None, threading.Event(), threading.Event()
        super().__init__()

    def __exit__(self, *exc):
        self.released.set()
        super().__exit__(*exc)

    def phone(self, name):
        self.phones[name] = Phone(self, name)
        return self.phones[name]

    def release(self):
        self.released.set()

    def payloads(self, name):
        with self.lock:
            return [payload for phone, payload, _key in self.received if phone == name]

    def receive(self, name, headers, body):
        phone = self.phones.get(name)
        if phone is None:
            return 410
        claims, key = verify_vapid(headers["Authorization"], self.url)
        assert headers["Content-Encoding"] == "aes128gcm" and int(headers["TTL"]) > 0
        payload = json.loads(http_ece.decrypt(body, private_key=phone.key, auth_secret=phone.auth,
                                              version="aes128gcm"))
        with self.lock:
            self.received.append((name, payload, key))
            count = len(self.received)
        if count == self.hold_at:
            self.held.set()
            self.released.wait(60)
        return 201

    def _handler(self):
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                try:
                    status = service.receive(self.path.rsplit("/", 1)[-1], self.headers, body)
                except Exception as error:  # recorded for the test to fail on, answered as a refusal
                    service.errors.append(repr(error))
                    status = 400
                try:
                    self.send_response(status)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                except OSError:
                    pass  # the sender was killed while its message was held

            def log_message(self, *args):
                pass

        return Handler
