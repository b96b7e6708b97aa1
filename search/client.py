"""The Elasticsearch client, for a real Elasticsearch 8/9 or the bundled in-memory engine.

The in-memory engine answers 406 to elasticsearch-py 8's `compatible-with=8` media types. The client
asks the server what it is (`GET /`) and, only when it says distribution "opensearch", sends plain JSON
through a transport node class (the `headers=` option cannot do it: the client rewrites those headers).
No setting is needed for either engine.

A farmer's search reads through `read()`: an engine that failed to answer (refused, timed out, dropped)
is remembered as down for SEARCH_ENGINE_RETRY_SECONDS, and searches in that window go straight to the
database fallback instead of each waiting SEARCH_ENGINE_TIMEOUT_SECONDS on a host that drops packets.
"""
import threading
import time

from django.conf import settings
from elastic_transport import ConnectionError as EngineConnectionError
from elastic_transport import TransportError, Urllib3HttpNode
from elasticsearch import Elasticsearch

_clients = {}
_lock = threading.Lock()
_failed_at = {}  # URL → time.monotonic() of its last transport failure


class PlainJsonNode(Urllib3HttpNode):
    """Sends `application/json` (or ndjson) instead of the versioned `compatible-with=8` media types."""

    def perform_request(self, method, target, body=None, headers=None, **kwargs):
        if headers:
            headers = headers.copy()
            for name in ("content-type", "accept"):
                value = headers.get(name, "")
                if "compatible-with" in value:
                    headers[name] = "application/x-ndjson" if "ndjson" in value else "application/json"
        return super().perform_request(method, target, body=body, headers=headers, **kwargs)


def _options():
    options = {"request_timeout": 30}
    if settings.ELASTICSEARCH_API_KEY:
        options["api_key"] = settings.ELASTICSEARCH_API_KEY
    elif settings.ELASTICSEARCH_USERNAME:
        options["basic_auth"] = (settings.ELASTICSEARCH_USERNAME, settings.ELASTICSEARCH_PASSWORD)
    return options


def _is_opensearch_like(url, options):
    """Ask the root endpoint without the client's media types (which such a server refuses)."""
    probe = Elasticsearch(url, node_class=PlainJsonNode, max_retries=0,
                          **{**options, "request_timeout": settings.SEARCH_ENGINE_TIMEOUT_SECONDS})
    try:
        info = probe.perform_request("GET", "/", headers={"accept": "application/json"}).body
    finally:
        probe.close()
    return (info.get("version") or {}).get("distribution") == "opensearch"


def get_client():
    """The client for settings.ELASTICSEARCH_URL, made once per URL (raises ConnectionError while down)."""
    url = settings.ELASTICSEARCH_URL
    client = _clients.get(url)
    if client is None:
        with _lock:
            client = _clients.get(url)
            if client is None:
                options = _options()
                if _is_opensearch_like(url, options):
                    options["node_class"] = PlainJsonNode
                client = _clients[url] = Elasticsearch(url, **options)
    return client


def _reader(url, timeout):
    """The client with a farmer's short timeout and no retry, made once (`options()` copies the client)."""
    key = (url, "read", timeout)
    client = _clients.get(key)
    if client is None:
        client = _clients[key] = get_client().options(request_timeout=timeout, max_retries=0)
    return client


def read(method, **kwargs):
    """Call the client's `method` ("search", …) for a farmer's request, failing at once while the engine is
    remembered as down; a transport failure (not an error answer) starts that window."""
    url = settings.ELASTICSEARCH_URL
    if time.monotonic() - _failed_at.get(url, float("-inf")) < settings.SEARCH_ENGINE_RETRY_SECONDS:
        raise EngineConnectionError(f"{url} failed less than {settings.SEARCH_ENGINE_RETRY_SECONDS} s ago")
    try:
        return getattr(_reader(url, settings.SEARCH_ENGINE_TIMEOUT_SECONDS), method)(**kwargs)
    except TransportError:
        _failed_at[url] = time.monotonic()
        raise


def health(timeout):
    """The engine's part of /healthz (core.health): it answers, and which version it is."""
    info = get_client().options(request_timeout=timeout).info()
    return {"version": (info.get("version") or {}).get("number", "")}
