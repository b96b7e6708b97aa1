"""The language switch: every other language links to this page in that language, else to that language's home.

A Wagtail page links to its translation when a farmer may see it (`kb.models.visibility`); any other view
(search, technology, saved pages, the question form) links to the same route in the other language through
Django's `translate_url`, query string kept. No address is written here: they all come from the URL map.
"""
from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation

from kb.models.visibility import VisiblePage

register = template.Library()


def home_url(language_code):
    with translation.override(language_code):
        return reverse("wagtail_serve", args=[""])


def _translated_page_url(page, language_code, request):
    translation_ = page.get_translations().live().public().filter(locale__language_code=language_code).first()
    if translation_ is None:
        return None
    translation_ = translation_.specific
    if isinstance(translation_, VisiblePage) and not translation_.is_visible():
        return None
    return translation_.get_url(request)


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
