"""The site's URL map and its error handlers, plus addresses that fail on purpose (tests/test_error_pages.py):
no page of the site raises a 400, 403 or 500 on demand, and the handlers must be seen answering one."""
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from config.urls import handler400, handler403, handler404, handler500  # noqa: F401
from config.urls import urlpatterns as site

FAILURES = {"400": SuspiciousOperation, "403": PermissionDenied, "500": RuntimeError}


def fail(request, status):
    raise FAILURES[status]("failing on purpose")


urlpatterns = [path("loi/<str:status>/", fail), path("en/loi/<str:status>/", fail), *site]
