"""The web side of a vote: a small POST form under a page, answered as a page (no script) or as JSON (the
script in static/js/vote.js sends `Accept: application/json` and swaps the form for the answer in place).

The visitor is a random cookie (`VISITOR_COOKIE`, a day long, never stored: only digested, see
feedback.votes); a first vote without it is keyed by the address as well, so clearing the cookie does not
make a second vote count.
"""
import functools
import secrets

from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.ratelimit import RATES, client_ip, exceeded, retry_later
from feedback.models import Kind
from feedback.votes import COMMENT_MAX, Item, cast, comment, visible_item

VISITOR_COOKIE = "phieu"
VISITOR_MAX_AGE = 24 * 3600
WEB_KINDS = {Kind.GUIDE, Kind.ANSWER, Kind.ALERT}


def _visitors(request):
    """(keys naming this visitor, the cookie to set or None)."""
    known = request.COOKIES.get(VISITOR_COOKIE, "")
    if len(known) == 32 and known.isalnum():
        return [f"c:{known}"], None
    new = secrets.token_hex(16)
    return [f"c:{new}", f"ip:{client_ip(request)}"], new


def _wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


def _answer(request, status, context, cookie=None):
    if _wants_json(request):
        data = {key: str(value) if key in ("message", "error") else value for key, value in context.items()
                if key in ("state", "message", "error", "comment", "kind", "item")}
        response = JsonResponse(data, status=status)
    else:
        response = render(request, "feedback/answer.html", {**context, "comment_max": COMMENT_MAX}, status=status)
    if cookie:
        response.set_cookie(VISITOR_COOKIE, cookie, max_age=VISITOR_MAX_AGE, httponly=True, samesite="Lax",
                            secure=request.is_secure())
    return response


def _item(request):
    """(Item, page) from the form, or (None, error answer)."""
    kind, item_id = request.POST.get("kind", ""), request.POST.get("item", "")
    if kind not in WEB_KINDS or not item_id.isdigit() or len(item_id) > 12:
        return None, _answer(request, 400, {"state": "error", "error": _("Phiếu không hợp lệ: không rõ bà con "
                                                                            "góp ý cho trang nào.")})
    page = visible_item(kind, int(item_id))
    if page is None:
        return None, _answer(request, 404, {"state": "error", "error": _("Trang này không còn được đăng, nên không "
                                                                            "nhận góp ý.")})
    return Item(kind, page.pk), page


def _for_visible_item(view):
    """POST only, rate-limited, for a visible item: `view(request, item, page, visitors, cookie, context)`."""
    @functools.wraps(view)
    @require_POST
    def wrapped(request):
        if exceeded(request, "vote"):
            return retry_later(_answer(request, 429, {"state": "error", "error": RATES["vote"].message}), "vote")
        item, page = _item(request)
        if item is None:
            return page  # the error answer
        visitors, cookie = _visitors(request)
        return view(request, item, page, visitors, cookie, {"page": page, "kind": item.kind, "item": item.item_id})
    return wrapped


@_for_visible_item
def vote(request, item, page, visitors, cookie, context):
    """One tap: "Có" (helped=1) or "Chưa" (helped=0)."""
    helped = request.POST.get("helped", "")
    if helped not in ("0", "1"):
        return _answer(request, 400, {"state": "error", "error": _("Bà con chọn “Có” hoặc “Chưa”.")})
    counted = cast(item, helped == "1", visitors)
    return _answer(request, 200, {**context, "state": "counted" if counted else "repeated",
                                  "message": _("Cảm ơn bà con đã góp ý.") if counted else _("Đã ghi nhận."),
                                  "comment": counted and helped == "0"}, cookie)


@_for_visible_item
def add_comment(request, item, page, visitors, cookie, context):
    """The one line after "Chưa": what was missing. Checked and masked; shown to officers, never published."""
    text = request.POST.get("text", "")
    try:
        kept = comment(item, text, visitors)
    except ValidationError as error:
        return _answer(request, 400, {**context, "state": "error", "error": error.messages[0], "comment": True,
                                      "text": text}, cookie)
    message = _("Cảm ơn bà con, cán bộ khuyến nông sẽ đọc góp ý này.") if kept else _("Đã ghi nhận.")
    return _answer(request, 200, {**context, "state": "commented" if kept else "repeated", "message": message},
                   cookie)
