"""Views that are not Wagtail pages: a technology-transfer record with the live guides applying it."""
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language

from kb.models import GuidePage, Technology


def technology_detail(request, slug):
    technology = get_object_or_404(Technology, slug=slug)
    guides = (
        GuidePage.objects.visible().filter(technology=technology, locale__language_code=get_language())
        .order_by("title").prefetch_related("commodities")
    )
    return render(request, "kb/technology.html", {"technology": technology, "guides": guides})
