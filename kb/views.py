"""Views that are not Wagtail pages: a technology-transfer record with the visible guides applying it, and
a guide's short address and SMS text."""
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language

from kb.models import AlertPage, GuidePage, QuestionAnswerPage, Technology
from kb.share import sms_text


def technology_detail(request, slug):
    technology = get_object_or_404(Technology, slug=slug)
    guides = (
        GuidePage.objects.visible().filter(technology=technology, locale__language_code=get_language())
        .order_by("title").prefetch_related("commodities")
    )
    if not guides:  # transfer terms are public only while a guide a farmer can see applies the technology
        raise Http404
    return render(request, "kb/technology.html", {"technology": technology, "guides": guides})


MAX_REVISION_IDS = 500


def _shared_guide(pk):
    return get_object_or_404(GuidePage.objects.visible(), pk=pk)


def short_link(request, pk):
    """/g/<id> → the guide, the published answer ("Hỏi đáp") or the alert, wherever it now lives; temporary,
    because the page may move again. Chats, SMS and alerts answer with these addresses."""
    page = next((found for model in (GuidePage, QuestionAnswerPage, AlertPage)
                 for found in model.objects.visible().filter(pk=pk)), None)
    if page is None:
        raise Http404
    return redirect(page.get_url(request))


def short_text(request, pk):
    """/g/<id>.txt: the guide as an SMS (ASCII, at most 160 characters)."""
    return HttpResponse(sms_text(_shared_guide(pk)), content_type="text/plain; charset=utf-8")


def guide_revisions(request):
    """/g/revisions.json?id=1&id=2: the live revision of each guide still public, so a phone re-downloads
    only the saved guides that changed (and forgets those withdrawn)."""
    ids = [int(value) for value in request.GET.getlist("id")[:MAX_REVISION_IDS] if value.isdigit() and len(value) < 12]
    rows = GuidePage.objects.visible().filter(pk__in=ids).values_list("pk", "live_revision_id")
    return JsonResponse({str(pk): str(revision or "") for pk, revision in rows})
