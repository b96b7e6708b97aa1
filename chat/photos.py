"""A photo sent in a chat, fetched from the platform's address and put through the web form's checks
(questions/photos.py: size, pixels, EXIF stripped, re-encoded), so a chat photo is kept exactly like one
from the form."""
import httpx
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from questions.photos import MAX_BYTES, TOO_BIG, clean_photo

TIMEOUT = httpx.Timeout(15.0, connect=5.0)


def fetch_photo(url):
    """The checked JPEG (a ContentFile), or ValidationError with the message the farmer is shown. Stops
    reading past MAX_BYTES, whatever the server announced."""
    data = bytearray()
    with httpx.stream("GET", url, timeout=TIMEOUT, follow_redirects=True) as response:
        response.raise_for_status()
        for chunk in response.iter_bytes():
            data += chunk
            if len(data) > MAX_BYTES:
                raise ValidationError(TOO_BIG, code="size")
    return clean_photo(ContentFile(bytes(data), name="photo"))
