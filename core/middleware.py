"""A database that refuses connections for a moment must not show a farmer a traceback or a bare 500.

Connections can blink (a PostgreSQL restart, a fail-over, a full connection pool). The request that hits
it gets a short page in the visitor's language with 503 and Retry-After, so phones and load balancers
try again; the error is logged with its traceback for the operator. The page is rendered without the
request's context processors, since they may need the database that just failed.
"""
import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger("django.request")
RETRY_AFTER_SECONDS = 30


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error("database unavailable for %s", request.path, exc_info=exception)
        response = HttpResponse(render_to_string("core/503.html", {"retry_after": RETRY_AFTER_SECONDS}), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
