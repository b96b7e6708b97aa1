"""Text helpers for Vietnamese names."""
import unicodedata

from django.utils.text import slugify


def ascii_slug(name):
    """A URL slug for a Vietnamese name: slugify drops “đ” (it has no decomposition), so map it first."""
    return slugify(name.replace("đ", "d").replace("Đ", "D"))


def fold(text):
    """Lower-case text without diacritics (đ → d): "Đạo ôn" → "dao on"."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
