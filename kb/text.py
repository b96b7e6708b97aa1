"""Text helpers for Vietnamese names."""
from django.utils.text import slugify


def ascii_slug(name):
    """A URL slug for a Vietnamese name: slugify drops “đ” (it has no decomposition), so map it first."""
    return slugify(name.replace("đ", "d").replace("Đ", "D"))
