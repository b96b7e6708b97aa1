"""The farmer's side: the question form and the private status page reached by its token.

Everything works without JavaScript. The status page is private (no-store, noindex, no referrer), since
its address is the farmer's only key to the question.
"""
from io import BytesIO

import segno
from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from core.ratelimit import RATES, exceeded, retry_later
from questions.forms import AskForm
from questions.models import FarmerQuestion
from questions.photos import MAX_BYTES

# A request larger than the biggest photo plus the text fields is refused before it is used.
MAX_REQUEST_BYTES = MAX_BYTES + 64 * 1024


def _uncached(response):
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex"
    return response


def _private(response):
    """For pages under the token: the address must not leak to another site either. (Not for the form:
    with no referrer the browser sends "Origin: null" and the CSRF check refuses the post.)"""
    response["Referrer-Policy"] = "no-referrer"
    return _uncached(response)


def _initial(request):
    initial = {"source_query": request.GET.get("q", "")[:200]}
    if request.GET.get("trang", "").isdigit():
        initial["source_page"] = int(request.GET["trang"])
    return initial


def _refuse(request, message, status):
    form = AskForm(request.POST or None, initial=_initial(request)) if status == 429 else AskForm()
    return _uncached(render(request, "questions/ask.html", {"form": form, "refused": message}, status=status))


def ask(request):
    if request.method != "POST":
        return _uncached(render(request, "questions/ask.html", {"form": AskForm(initial=_initial(request))}))
    if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_REQUEST_BYTES:
        return _refuse(request, _("Tệp gửi lên quá lớn: ảnh tối đa 8 MB. Câu hỏi chưa được gửi, bạn chọn ảnh "
                                  "nhỏ hơn rồi gửi lại."), 413)
    if exceeded(request, "question"):  # its own 429 page keeps what the farmer typed
        return retry_later(_refuse(request, RATES["question"].message, 429), "question")
    form = AskForm(request.POST, request.FILES)
    if not form.is_valid():
        return _uncached(render(request, "questions/ask.html", {"form": form}, status=400))
    question = form.save()
    return redirect(reverse("question-status", kwargs={"token": question.token}) + "?moi=1")


def status_url(question):
    return settings.SITE_URL + reverse("question-status", kwargs={"token": question.token})


def status(request, token):
    question = get_object_or_404(FarmerQuestion.objects.select_related("commodity", "district"), token=token)
    link = status_url(question)
    return _private(render(request, "questions/status.html", {
        "question": question, "link": link, "just_sent": "moi" in request.GET,
        "sms_body": _("Câu hỏi của tôi cho cán bộ khuyến nông: %(link)s") % {"link": link},
    }))


def photo(request, token):
    question = get_object_or_404(FarmerQuestion, token=token)
    if not question.photo:
        raise Http404
    return _private(FileResponse(question.photo.open("rb"), content_type="image/jpeg"))


def qr(request, token):
    question = get_object_or_404(FarmerQuestion, token=token)
    out = BytesIO()
    segno.make(status_url(question), error="m").save(out, kind="svg", scale=4, border=4, dark="#000")
    return _private(HttpResponse(out.getvalue(), content_type="image/svg+xml"))
