"""The language switch: every other language links to this page in that language, else to that language's home.

A Wagtail page links to its translation when a farmer may see it (`kb.models.visibility`); any other view
(search, technology, saved pages, the question form) links to the same route in the other language through
Django's `translate_url`, query string kept. No address is written here: they all come from the URL map.
"""
from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation
from wagtail.models import Page

from kb.models.visibility import VisiblePageQuerySet

register = template.Library()


def home_url(language_code):
    with translation.override(language_code):
        return reverse("wagtail_serve", args=[""])


def _translated_page_url(page, language_code, request):
    """The page's translation in that language while a farmer may see it (kb's one rule), else None."""
    translations = page.get_translations().filter(locale__language_code=language_code).values("pk")
    translation_ = VisiblePageQuerySet(Page).filter(pk__in=translations).visible().first()
    return translation_.specific.get_url(request) if translation_ else None


def _translated_route(request, language_code):
    here = request.get_full_path()
    there = translate_url(here, language_code)
    return there if there != here else None  # unchanged: the route could not be resolved in that language


@register.inclusion_tag("includes/languages.html", takes_context=True)
def language_links(context):
    request = context.get("request")
    page = context.get("page")
    current = translation.get_language()
    links = []
    for code, _name in settings.LANGUAGES:
        if code == current:
            continue
        if hasattr(page, "get_translations"):
            url = _translated_page_url(page, code, request)
        else:
            url = _translated_route(request, code) if request is not None else None
        info = translation.get_language_info(code)
        links.append({"code": code, "name": info["name_local"], "url": url or home_url(code)})
    return {"links": links}


@register.simple_tag
def current_home_url():
    """The brand link: this language's home."""
    return home_url(translation.get_language())
