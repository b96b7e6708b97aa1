"""A farmer's photo, made safe to keep and to show: decoded for real (a renamed PDF is refused), bounded
in bytes and pixels (a decompression bomb is refused with a message, not a crash), turned upright,
re-encoded as a JPEG of at most 1600 px, with no EXIF block left (so no GPS position, no phone model).
"""
import math
import warnings
from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 8 * 1024 * 1024
MAX_PIXELS = 60_000_000  # above any phone camera (48 MP); a 20,000 × 20,000 image is 400 MP
MAX_SIDE = 1600
FORMATS = {"JPEG", "MPO", "PNG", "HEIF"}  # MPO: how Pillow names many phones' multi-picture JPEGs
ACCEPT = "image/jpeg,image/png,image/heic,image/heif,.heic,.heif"

TOO_BIG = _("Ảnh quá lớn: tối đa 8 MB. Bạn chụp lại hoặc gửi ảnh nhỏ hơn.")
TOO_MANY_PIXELS = _("Ảnh có kích thước quá lớn (quá nhiều điểm ảnh). Bạn chụp lại bằng điện thoại rồi gửi.")
NOT_A_PHOTO = _("Tệp này không phải ảnh JPEG, PNG hoặc HEIC. Bạn chọn lại ảnh chụp từ điện thoại.")


def _open(upload):
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(upload)
            if image.format not in FORMATS:
                raise ValidationError(NOT_A_PHOTO, code="format")
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError(TOO_MANY_PIXELS, code="pixels")
            # A JPEG can decode at 1/2, 1/4 or 1/8 size: ask for the smallest that still gives 1600 px.
            shrink = min(1, MAX_SIDE / max(image.size))
            image.draft("RGB", (math.ceil(image.width * shrink), math.ceil(image.height * shrink)))
            image.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ValidationError(TOO_MANY_PIXELS, code="pixels") from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
            raise ValidationError(NOT_A_PHOTO, code="format") from None
    return image


def clean_photo(upload):
    """The uploaded file as a stripped, resized JPEG (a ContentFile), or a ValidationError saying why not."""
    if upload.size > MAX_BYTES:
        raise ValidationError(TOO_BIG, code="size")
    image = ImageOps.exif_transpose(_open(upload))
    if image.mode != "RGB":
        image = image.convert("RGB")
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    out = BytesIO()
    image.save(out, "JPEG", quality=82, optimize=True)  # no exif= argument: the metadata is not written
    return ContentFile(out.getvalue(), name="photo.jpg")
