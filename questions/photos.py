"""A farmer's photo, made safe to keep and to show: decoded for real (a renamed PDF is refused), bounded
in bytes, pixels and decoding memory (a decompression bomb is refused with a message, not a crash), turned
upright, re-encoded as a JPEG of at most 1600 px with no metadata left (no EXIF, so no GPS position and no
phone model; no comment, XMP or ICC segment either).

Memory is what a small upload can cost most: a 250 KB PNG of 60 megapixels decodes to 240 MB. So a photo
is never held at full size more than once, and never more than its format must:
- a JPEG is decoded straight at 1/2, 1/4 or 1/8 of its size (the decoder's draft mode), just above 1600 px;
- a HEIC is decoded by libheif into its own buffer (3 bytes a pixel) and shrunk from it strip by strip;
- a PNG is decoded whole (the format has no smaller decode) and shrunk in place, strip by strip when its
  colours must first be converted;
and a format that must be decoded whole is refused above DECODE_BUDGET bytes, even under MAX_PIXELS
(about 25 MP for a colour PNG, 20 MP for a HEIC: iPhones' browsers send their photos as JPEG, so a HEIC
comes from a computer or a file manager).
At most settings.PHOTO_DECODES_AT_ONCE photos are decoded at a time in a process; the others wait their
turn, up to PHOTO_DECODE_WAIT_SECONDS, then get a message to send again. bench/question_photo.py measures
the peak per image and with several at once.
"""
import math
import threading
import warnings
from io import BytesIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

MAX_BYTES = 8 * 1024 * 1024
MAX_PIXELS = 60_000_000  # above any phone camera's JPEG (48 MP); a 20,000 × 20,000 image is 400 MP
DECODE_BUDGET = 96 * 1024 * 1024  # bytes a full decode may take (PNG, HEIC); a JPEG's draft takes far less
MAX_SIDE = 1600
REDUCING_GAP = 2  # shrink by whole factors to at least twice the final size, then resample (as thumbnail())
FORMATS = {"JPEG", "MPO", "PNG", "HEIF"}  # MPO: how Pillow names many phones' multi-picture JPEGs
DRAFTABLE = {"JPEG", "MPO"}
ACCEPT = "image/jpeg,image/png,image/heic,image/heif,.heic,.heif"
# Bytes a pixel takes in Pillow's memory by mode (every other mode takes 4). libheif holds a picture's
# YCbCr planes and its RGB buffer together: about 5 bytes a pixel, measured (6 with alpha).
PIXEL_BYTES = {"1": 1, "L": 1, "P": 1, "I;16": 2, "I;16B": 2, "I;16L": 2}
HEIF_PIXEL_BYTES = 5
REDUCIBLE = {"L", "LA", "PA", "RGB", "RGBA", "RGBX", "CMYK", "I", "F"}  # modes Image.reduce() takes
STRIP_ROWS = 256
ORIENTATIONS = {2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180,
                4: Image.Transpose.FLIP_TOP_BOTTOM, 5: Image.Transpose.TRANSPOSE, 6: Image.Transpose.ROTATE_270,
                7: Image.Transpose.TRANSVERSE, 8: Image.Transpose.ROTATE_90}

TOO_BIG = _("Ảnh quá lớn: tối đa 8 MB. Bạn chụp lại hoặc gửi ảnh nhỏ hơn.")
TOO_MANY_PIXELS = _("Ảnh có kích thước quá lớn (quá nhiều điểm ảnh). Bạn chụp lại bằng điện thoại rồi gửi.")
NOT_A_PHOTO = _("Tệp này không phải ảnh JPEG, PNG hoặc HEIC. Bạn chọn lại ảnh chụp từ điện thoại.")
BUSY = _("Máy chủ đang bận xử lý ảnh khác. Bạn chờ một phút rồi gửi lại; câu hỏi chưa được gửi.")


def decode_bytes(width, height, mode, fmt):
    """The memory a full decode of a `fmt` image of this size and mode takes."""
    per_pixel = HEIF_PIXEL_BYTES + ("A" in mode) if fmt == "HEIF" else PIXEL_BYTES.get(mode, 4)
    return width * height * per_pixel


def budget_side(mode, fmt):
    """(width, height) of the largest square `fmt` picture in `mode` accepted: for the benchmark."""
    side = math.isqrt(min(MAX_PIXELS, DECODE_BUDGET // decode_bytes(1, 1, mode, fmt)))
    return side, side


_slots = {}
_slots_lock = threading.Lock()


def _decode_slot():
    """This process's semaphore bounding the photos decoded at once (settings.PHOTO_DECODES_AT_ONCE)."""
    with _slots_lock:
        return _slots.setdefault(settings.PHOTO_DECODES_AT_ONCE,
                                 threading.BoundedSemaphore(settings.PHOTO_DECODES_AT_ONCE))


def _factor(size):
    """The whole factor to shrink by: to about REDUCING_GAP × MAX_SIDE, never below MAX_SIDE."""
    longest = max(size)
    return max(1, min(math.ceil(longest / (REDUCING_GAP * MAX_SIDE)), longest // MAX_SIDE))


def _shrunk(image):
    """A decoded image shrunk by a whole factor to at least REDUCING_GAP × MAX_SIDE, in a mode the JPEG
    encoder and resampling take; converting modes strip by strip, so no second full-size copy is made."""
    factor = _factor(image.size)
    if image.mode in REDUCIBLE:
        return image.reduce(factor) if factor > 1 else image
    mode = "RGBA" if image.mode in ("PA", "LA") or "transparency" in image.info else "RGB"
    out = Image.new(mode, (math.ceil(image.width / factor), math.ceil(image.height / factor)))
    rows = STRIP_ROWS * factor
    for top in range(0, image.height, rows):
        strip = image.crop((0, top, image.width, min(top + rows, image.height))).convert(mode)
        out.paste(strip.reduce(factor) if factor > 1 else strip, (0, top // factor))
    return out


def _heif_shrunk(upload):
    """A HEIC shrunk from libheif's decoded buffer strip by strip (it is already upright: libheif applies
    the picture's rotation and mirroring)."""
    from pillow_heif import open_heif

    upload.seek(0)
    heif = open_heif(upload, convert_hdr_to_8bit=True)
    frame = heif[heif.primary_index]
    data, (width, height), mode, stride = frame.data, frame.size, frame.mode, frame.stride
    factor = _factor(frame.size)
    out = Image.new(mode, (math.ceil(width / factor), math.ceil(height / factor)))
    rows = STRIP_ROWS * factor
    for top in range(0, height, rows):
        count = min(rows, height - top)
        strip = Image.frombuffer(mode, (width, count), bytes(data[top * stride:(top + count) * stride]), "raw",
                                 mode, stride, 1)
        out.paste(strip.reduce(factor) if factor > 1 else strip, (0, top // factor))
    return out


def _opened(upload):
    """The upload opened (not decoded), checked: a photo format, within the pixel cap and decode budget."""
    image = Image.open(upload)
    if image.format not in FORMATS:
        raise ValidationError(NOT_A_PHOTO, code="format")
    if image.width * image.height > MAX_PIXELS:
        raise ValidationError(TOO_MANY_PIXELS, code="pixels")
    if image.format in DRAFTABLE:
        # A JPEG can decode at 1/2, 1/4 or 1/8 size: ask for the smallest that still gives 1600 px.
        shrink = min(1, MAX_SIDE / max(image.size))
        image.draft("RGB", (math.ceil(image.width * shrink), math.ceil(image.height * shrink)))
    elif decode_bytes(image.width, image.height, image.mode, image.format) > DECODE_BUDGET:
        raise ValidationError(TOO_MANY_PIXELS, code="pixels")
    return image


def _decoded(upload):
    """The upload decoded and shrunk, upright; one of at most PHOTO_DECODES_AT_ONCE at a time."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = _opened(upload)
            slot = _decode_slot()
            if not slot.acquire(timeout=settings.PHOTO_DECODE_WAIT_SECONDS):
                raise ValidationError(BUSY, code="busy")
            try:
                if image.format == "HEIF":
                    return _heif_shrunk(upload)
                orientation = image.getexif().get(0x0112)
                image.load()
                shrunk = _shrunk(image)
                del image
                return shrunk.transpose(ORIENTATIONS[orientation]) if orientation in ORIENTATIONS else shrunk
            finally:
                slot.release()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ValidationError(TOO_MANY_PIXELS, code="pixels") from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
            raise ValidationError(NOT_A_PHOTO, code="format") from None


def clean_photo(upload):
    """The uploaded file as a stripped, resized JPEG (a ContentFile), or a ValidationError saying why not."""
    if upload.size > MAX_BYTES:
        raise ValidationError(TOO_BIG, code="size")
    image = _decoded(upload)
    if image.mode != "RGB":
        image = image.convert("RGB")
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    image.info = {}  # nothing of the upload's metadata (comment, ICC, XMP, EXIF) reaches the encoder
    out = BytesIO()
    image.save(out, "JPEG", quality=82, optimize=True)
    return ContentFile(out.getvalue(), name="photo.jpg")
