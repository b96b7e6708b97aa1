"""The site's stylesheet written into each page's head, allowed by the hash of exactly those bytes.

On slow 3G a round trip costs two seconds: a page that links its stylesheet paints only after a second one.
The stylesheet is small (about 2 KB compressed), so every page carries it inline and still fits in the first
14 KB a server sends; a separate cached file would save those 2 KB on a later visit at the price of a second
round trip on the first. The Content-Security-Policy keeps refusing inline styles it has no hash for (never
'unsafe-inline'): the template tag records the hash of what it wrote, and the middleware below adds it to
`style-src` of that response only.
"""
import base64
import hashlib
import re
from functools import lru_cache
from pathlib import Path

from csp.middleware import CSPMiddleware
from django.contrib.staticfiles import finders

COMMENT = re.compile(r"/\*.*?\*/", re.S)


@lru_cache(maxsize=8)
def _compiled(path, modified):
    """`path`'s text without comments and line breaks, and its CSP source expression ('sha256-…')."""
    css = COMMENT.sub("", Path(path).read_text(encoding="utf-8"))
    css = "".join(line.strip() for line in css.splitlines())
    if "</" in css:
        raise ValueError(f"{path} holds '</', which would end the <style> element it is written into")
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    return css, f"'sha256-{digest}'"


def inline_style(name):
    """The static file `name` ("css/site.css") ready to inline, and its hash; read again when it changes."""
    path = finders.find(name)
    if not path:
        raise FileNotFoundError(f"static file {name} not found")
    return _compiled(path, Path(path).stat().st_mtime_ns)


def allow_style(request, source):
    """Let this request's response apply the inline style whose hash is `source`."""
    hashes = getattr(request, "_inline_style_hashes", None)
    if hashes is None:
        hashes = request._inline_style_hashes = []
    if source not in hashes:
        hashes.append(source)


class InlineStyleCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, adding the hashes of the styles the page inlined to its `style-src`."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        hashes = getattr(request, "_inline_style_hashes", None)
        if hashes and not report_only:
            update = dict(parts.update or {})
            update["style-src"] = [*update.get("style-src", []), *hashes]
            parts.update = update
        return parts
