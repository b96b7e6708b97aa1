"""The officers' page of one item's votes (its editors only)."""
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from wagtail.models import Page

from feedback.summary import kind_of, page_votes


def page_votes_view(request, page_id):
    page = get_object_or_404(Page, pk=page_id)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    kind = kind_of(page)
    if kind is None:
        raise Http404
    return render(request, "feedback/admin/page_votes.html", {
        "page": page, "title": _("Có giúp được không? %(title)s") % {"title": page.title},
        "columns": [_("Có"), _("Chưa")],
        **page_votes(kind, page.pk)})
