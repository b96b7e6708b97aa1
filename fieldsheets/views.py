"""The field sheet of a guide as a PDF: publicly for live guides, in the admin for an editor's draft."""
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header
from wagtail.models import Page, Site

from analytics.models import UsageEvent
from analytics.usage import record
from core.ratelimit import rate_limited
from fieldsheets.options import BadOption, SheetOptions
from fieldsheets.render import draft_sheet_pdf, live_sheet_pdf
from kb.models import GuidePage

SHEET_NAME = "phieu-ky-thuat.pdf"


def pdf_response(pdf, filename):
    response = HttpResponse(pdf, content_type="application/pdf")
    # An ASCII name as is, a Vietnamese slug as RFC 5987 filename*=utf-8''… that browsers decode.
    response["Content-Disposition"] = content_disposition_header(False, filename)
    return response


def _options(request):
    try:
        return SheetOptions.from_query(request.GET), None
    except BadOption as exc:
        return None, HttpResponseBadRequest(str(exc), content_type="text/plain; charset=utf-8")


def public_guide(request, path):
    """The visible guide at `path`, exactly as Wagtail would serve it, or 404."""
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    components = [part for part in path.split("/") if part]
    page, args, kwargs = site.root_page.localized.specific.route(request, components)
    page = page.specific
    # A sheet is handed out: only a guide any farmer may see has one (a view-restricted guide has none).
    if not isinstance(page, GuidePage) or args or kwargs or not page.is_visible():
        raise Http404
    return page


@rate_limited("sheet")
def guide_sheet(request, path):
    options, error = _options(request)
    if error:
        return error
    page = public_guide(request, path)
    response = pdf_response(live_sheet_pdf(page, options), f"{page.slug}-{SHEET_NAME}")
    record(UsageEvent.Kind.SHEET, page)
    return response


def preview_sheet(request, page_id):
    """Admin: the sheet of the latest revision, for whoever may edit the guide."""
    page = get_object_or_404(Page, pk=page_id).specific
    if not isinstance(page, GuidePage):
        raise Http404
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    options, error = _options(request)
    if error:
        return error
    return pdf_response(draft_sheet_pdf(page, options), f"{page.slug}-{SHEET_NAME}")
