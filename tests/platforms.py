"""A local stand-in for the chat platforms' APIs, and their documented webhook payloads (tests/fixtures/chat/).

`Platforms` is one threaded HTTP server answering as each platform documents:
- Zalo OAuth `POST /v4/oa/access_token` (form, `secret_key` header): each refresh token works once; a reused
  one gets `{"error": -14020, ...}` with HTTP 200, as Zalo answers.
- Zalo OA API `POST /v3.0/oa/message/cs` and `/v2.0/oa/upload/file` (`access_token` header): an unknown or
  expired token gets HTTP 200 with `{"error": -216}`; a farmer outside the 7-day window `{"error": -230}`.
- Messenger `POST /me/messages` and `/me/message_attachments` (`?access_token=`): errors as
  `{"error": {"code", "error_subcode", "message"}}` with HTTP 400.
- Zalo ZNS `POST /message/template` (`access_token` header): a template message to a phone;
- an SMS gateway `POST /sms/send` taking `{"to", "text"}` (questions.sms.HttpGatewaySender); the n-th call
  answers HTTP 503 when n is in `failing_sms` (a gateway that fails once, part-way through a reply);
- any path: its n-th call gets no answer, the connection closed, when n is in `failing_calls[path]` (a platform
  unreachable once, part-way through a reply: Zalo's `message/cs` or Messenger's `/me/messages` text after the
  file went; the worker sees a network failure and retries);
- `GET /cdn/<name>`: photos, as the platforms' CDNs serve them.
Every request is recorded (`requests`, `calls(path)`) for tests and benchmarks to read. `token_delay` makes
the OAuth endpoint take that long (seconds) to answer, so two workers refreshing at once overlap.
"""
import json
import threading
import time
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from chat.signatures import sign_gateway, sign_hub, sign_zalo
from tests.localserver import LocalServer

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "chat"
ZALO = {"ZALO_APP_ID": "2913466447853211245", "ZALO_APP_SECRET": "app-secret-kmQ3",
        "ZALO_OA_SECRET_KEY": "oa-secret-8Zx", "ZALO_REFRESH_TOKEN": "RT0"}
MESSENGER = {"MESSENGER_APP_SECRET": "meta-app-secret", "MESSENGER_VERIFY_TOKEN": "verify-me",
             "MESSENGER_PAGE_TOKEN": "PAGE-TOKEN"}
SMS_SECRET = "gateway-secret"


def payload(name, **values):
    """A documented payload with its placeholders (USER_ID, TEXT, MSG_ID, TIMESTAMP…) filled in."""
    text = (FIXTURES / f"{name}.json").read_text(encoding="utf-8")
    for placeholder, value in sorted(values.items(), key=lambda item: -len(item[0])):
        text = text.replace(placeholder, json.dumps(value, ensure_ascii=False)[1:-1] if isinstance(value, str)
                            else json.dumps(value))
    return json.loads(text)


def now_ms():
    return int(time.time() * 1000)


def zalo_body(name="zalo_user_send_text", timestamp=None, **values):
    return json.dumps(payload(name, APP_ID=ZALO["ZALO_APP_ID"], TIMESTAMP=str(timestamp or now_ms()), **values),
                      ensure_ascii=False).encode()


def zalo_headers(body):
    return {"HTTP_X_ZEVENT_SIGNATURE": sign_zalo(body, ZALO["ZALO_APP_ID"], ZALO["ZALO_OA_SECRET_KEY"])}


def messenger_body(name="messenger_message", **values):
    return json.dumps(payload(name, TIME=now_ms(), **values), ensure_ascii=False).encode()


def messenger_headers(body):
    return {"HTTP_X_HUB_SIGNATURE_256": sign_hub(body, MESSENGER["MESSENGER_APP_SECRET"])}


def sms_body(**values):
    return json.dumps(payload("sms_mo", **values), ensure_ascii=False).encode()


def sms_headers(body, timestamp=None):
    timestamp = str(timestamp or int(time.time()))
    return {"HTTP_X_TIMESTAMP": timestamp, "HTTP_X_SIGNATURE": sign_gateway(body, timestamp, SMS_SECRET)}


class Platforms(LocalServer):
    def __init__(self):
        self.requests = []
        self.lock = threading.Lock()
        self.refresh_tokens = {"RT0"}
        self.access_tokens = set()
        self.issued = 0
        self.closed_users = set()  # Zalo users / Messenger PSIDs whose window the platform says is closed
        self.images = {}
        self.failing_sms = set()  # numbers (from 1) of the /sms/send calls answered 503
        self.failing_calls = {}  # {path: numbers (from 1) of its calls left unanswered, the connection closed}
        self.token_delay = 0.0
        super().__init__()

    def settings(self):
        """Django settings pointing every channel at this server."""
        return {**ZALO, **MESSENGER, "ZALO_API_URL": self.url, "ZALO_OAUTH_URL": self.url, "ZALO_ZNS_URL": self.url,
                "MESSENGER_API_URL": self.url, "SMS_INBOUND_SECRET": SMS_SECRET,
                "QUESTION_SMS_SENDER": "questions.sms.HttpGatewaySender", "SMS_GATEWAY_URL": f"{self.url}/sms/send",
                "SMS_GATEWAY_TOKEN": "gateway-token"}

    def calls(self, path):
        with self.lock:
            return [r for r in self.requests if r["path"] == path]

    def expire_access_tokens(self):
        with self.lock:
            self.access_tokens.clear()

    def _issue(self):
        self.issued += 1
        access, refresh = f"AT{self.issued}", f"RT{self.issued}"
        self.access_tokens.add(access)
        self.refresh_tokens.add(refresh)
        return {"access_token": access, "refresh_token": refresh, "expires_in": "90000"}

    def answer(self, method, path, query, headers, body):
        """(status, JSON) for a request, as the platform would answer it; (None, None): no answer at all."""
        nth = sum(r["path"] == path for r in self.requests)  # this one included
        if nth in self.failing_calls.get(path, ()):
            return None, None  # the connection drops before an answer
        if method == "GET" and path.startswith("/cdn/"):
            return 200, self.images[path]
        if path == "/v4/oa/access_token":
            form = parse_qs(body.decode())
            token = form.get("refresh_token", [""])[0]
            if headers.get("secret_key") != ZALO["ZALO_APP_SECRET"] or token not in self.refresh_tokens:
                return 200, {"error": -14020, "error_name": "Invalid refresh token",
                             "error_description": "Refresh token is invalid or has been used"}
            self.refresh_tokens.discard(token)  # single use
            return 200, self._issue()
        if path in ("/v3.0/oa/message/cs", "/v2.0/oa/upload/file"):
            if headers.get("access_token") not in self.access_tokens:
                return 200, {"error": -216, "message": "Access token is invalid"}
            if path.endswith("upload/file"):
                return 200, {"error": 0, "message": "Success", "data": {"token": f"file-{len(self.requests)}"}}
            user = json.loads(body)["recipient"]["user_id"]
            if user in self.closed_users:
                return 200, {"error": -230, "message": "User has not interacted with the OA in the last 7 days"}
            return 200, {"error": 0, "message": "Success", "data": {"message_id": f"z{len(self.requests)}",
                                                                   "user_id": user}}
        if path in ("/me/messages", "/me/message_attachments"):
            if query.get("access_token", [""])[0] != MESSENGER["MESSENGER_PAGE_TOKEN"]:
                return 400, {"error": {"message": "Invalid OAuth access token.", "type": "OAuthException",
                                       "code": 190, "fbtrace_id": "AbC"}}
            if path.endswith("attachments"):
                return 200, {"attachment_id": "1857777774821032"}
            data = json.loads(body)
            psid = data["recipient"]["id"]
            if psid in self.closed_users and data.get("messaging_type") == "RESPONSE":
                return 400, {"error": {"message": "(#10) This message is sent outside of allowed window.",
                                       "type": "OAuthException", "code": 10, "error_subcode": 2018278,
                                       "fbtrace_id": "AbC"}}
            return 200, {"recipient_id": psid, "message_id": f"m_{len(self.requests)}"}
        if path == "/sms/send":
            if nth in self.failing_sms:
                return 503, {"error": "gateway busy"}
            return 200, {"ok": True}
        if path == "/message/template":  # ZNS, with the OA's access token
            if headers.get("access_token") not in self.access_tokens:
                return 200, {"error": -216, "message": "Access token is invalid"}
            return 200, {"error": 0, "message": "Success", "data": {"msg_id": f"zns{len(self.requests)}",
                                                                   "sent_time": str(now_ms())}}
        return 404, {"error": "not found"}

    def _handler(self):
        platforms = self

        class Handler(BaseHTTPRequestHandler):
            def _serve(self):
                url = urlparse(self.path)
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if url.path == "/v4/oa/access_token" and platforms.token_delay:
                    time.sleep(platforms.token_delay)  # outside the lock: the other calls go on meanwhile
                record = {"method": self.command, "path": url.path, "query": parse_qs(url.query),
                          "headers": dict(self.headers), "body": body, "at": time.time()}
                with platforms.lock:
                    platforms.requests.append(record)
                    status, answer = platforms.answer(self.command, url.path, record["query"], record["headers"],
                                                      body)
                if status is None:
                    self.close_connection = True
                    return
                data = answer if isinstance(answer, bytes) else json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "image/jpeg" if isinstance(answer, bytes) else "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = _serve

            def log_message(self, *args):
                pass

        return Handler


def json_of(request):
    return json.loads(request["body"])


def multipart_files(request):
    """{field name: (filename, bytes)} of a multipart request the stand-in recorded."""
    head = f"Content-Type: {request['headers']['Content-Type']}\r\n\r\n".encode()
    message = BytesParser(policy=HTTP).parsebytes(head + request["body"])
    return {part.get_param("name", header="content-disposition"): (part.get_filename(), part.get_content())
            for part in message.iter_parts()}
