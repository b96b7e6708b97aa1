"""Template access to a guide's short address, its SMS text and absolute addresses for link previews."""
from django import template

from kb import share

register = template.Library()


@register.simple_tag
def short_url(page):
    return share.short_url(page)


@register.simple_tag
def sms_text(page):
    return share.sms_text(page)


@register.filter
def absolute(path):
    """SITE_URL + path: link previews (Zalo, Messenger) need absolute addresses."""
    return share.absolute(path)
