"""The web app manifest, the service worker at the site root, and the "Đã lưu" page it shows offline.

The service worker must be served from `/` to control every page, and must never be cached for long, or
a fixed version would wait days to reach phones. Its script is `static/js/sw.js`, written for this site;
this view prepends what it needs to know about the site (hashed static names, the "Đã lưu" page of each
language, the bounds of the guide cache) so that a deploy that changes any of them changes the worker.
"""
import hashlib
import json
import re
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse, HttpResponseNotModified, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

THEME_COLOR = "#0b6b2e"  # --accent in static/css/site.css
WORKER_MAX_AGE = 3600


@cache
def _worker_source():
    """sw.js without its comment blocks and indentation: they are for its readers, not for phones."""
    text = re.sub(r"^\s*/\*.*?\*/\n", "", Path(finders.find("js/sw.js")).read_text(), flags=re.S | re.M)
    return "".join(line.strip() + "\n" for line in text.splitlines() if line.strip())


def worker_config():
    """What the worker needs to know about this deploy of the site."""
    shells = []
    for code, _name in settings.LANGUAGES:  # i18n_patterns: the default language has no prefix
        with translation.override(code):
            shells.append(["/" if code == settings.LANGUAGE_CODE else f"/{code}/", reverse("saved")])
    shells.sort(key=lambda shell: -len(shell[0]))
    return {
        "shells": shells,  # [path prefix, that language's "Đã lưu" page], the longest prefix first
        # What every page loads (so the install costs nothing; the stylesheet is inline), and what the "Đã lưu"
        # page adds.
        "assets": [static(name) for name in ("js/offline.js", "js/suggest.js", "js/vote.js")],
        "shellAssets": [static("js/saved.js")],
        "revisions": reverse("guide-revisions"),
        "maxGuides": settings.OFFLINE_MAX_GUIDES,
        "maxBytes": int(settings.OFFLINE_MAX_MB * 1_000_000),
        "checkMs": int(settings.OFFLINE_CHECK_MINUTES * 60_000),
    }


@require_GET
def service_worker(request):
    config = worker_config()
    source = _worker_source()
    config["version"] = hashlib.sha256((json.dumps(config) + source).encode()).hexdigest()[:16]
    etag = f'"{config["version"]}"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(f"var CONFIG = {json.dumps(config)};\n{source}",
                                content_type="text/javascript; charset=utf-8")
    response["ETag"] = etag
    response["Service-Worker-Allowed"] = "/"
    # Short: the offline.js registration asks browsers to check for a new worker through their HTTP cache,
    # so a phone does not download the worker again on every page, and sees a deploy within the hour.
    response["Cache-Control"] = f"max-age={WORKER_MAX_AGE}"
    return response


@require_GET
@cache_control(max_age=24 * 3600)
def manifest(request):
    with translation.override(settings.LANGUAGE_CODE):
        data = {
            "name": gettext("Khuyến nông Thừa Thiên Huế"),
            "short_name": gettext("Khuyến nông Huế"),
            "description": gettext("Hướng dẫn kỹ thuật trồng trọt, chăn nuôi, thủy sản; đọc được cả khi mất sóng."),
            "lang": settings.LANGUAGE_CODE,
            "start_url": "/",
            "scope": "/",
            "display": "standalone",
            "background_color": "#ffffff",
            "theme_color": THEME_COLOR,
            "icons": [
                {"src": static("icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
                {"src": static("icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
                {"src": static("icons/maskable-512.png"), "sizes": "512x512", "type": "image/png",
                 "purpose": "maskable"},
            ],
        }
    return JsonResponse(data, content_type="application/manifest+json",
                        json_dumps_params={"ensure_ascii": False})


def saved(request):
    """The page that lists the guides kept on the phone and searches them offline; saved.js fills it."""
    return render(request, "offline/saved.html")
