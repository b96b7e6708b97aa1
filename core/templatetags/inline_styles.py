"""`{% inline_stylesheet "css/site.css" %}`: a `<style>` element the page's CSP allows by its hash."""
from django import template
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from core.inline_styles import allow_style, inline_style

register = template.Library()


@register.simple_tag(takes_context=True)
def inline_stylesheet(context, name):
    request = context.get("request")
    if request is None:  # rendered without a request (Django's 500 page): no response to allow it on
        return format_html('<link rel="stylesheet" href="{}">', static(name))
    css, source = inline_style(name)
    allow_style(request, source)
    # Not escaped: quotes in font names must stay quotes. The file is ours and holds no "</" (checked).
    return mark_safe(f"<style>{css}</style>")  # noqa: S308
