"""Farmers' photos: how long the safety pass takes (decode, orient, resize to 1600 px, re-encode without
metadata) for a typical phone photo, JPEG and HEIC, and how many bytes the farmer's form page weighs.

    .venv/bin/python bench/question_photo.py [--runs 5]
"""
import argparse
import os
import statistics
import sys
import time
from io import BytesIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

import django  # noqa: E402

django.setup()

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from PIL import Image, ImageDraw  # noqa: E402

from questions.photos import clean_photo  # noqa: E402


def phone_photo(fmt, size=(4000, 3000)):
    """A 12-megapixel picture with detail (a flat colour would compress unrealistically well)."""
    image = Image.new("RGB", size, (80, 130, 60))
    draw = ImageDraw.Draw(image)
    for x in range(0, size[0], 37):
        draw.line([(x, 0), (size[0] - x, size[1])], fill=(x % 255, 160, 90), width=3)
    out = BytesIO()
    image.save(out, fmt, quality=90)
    return out.getvalue()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from pillow_heif import register_heif_opener

    register_heif_opener()
    for fmt, name in (("JPEG", "anh.jpg"), ("HEIF", "anh.heic")):
        data = phone_photo(fmt)
        times, size = [], 0
        for _ in range(args.runs):
            started = time.perf_counter()
            result = clean_photo(SimpleUploadedFile(name, data))
            times.append(time.perf_counter() - started)
            size = len(result.read())
        print(f"{fmt}: 4000x3000 upload {len(data) / 1e6:.1f} MB -> stored {size / 1e3:.0f} KB JPEG, "
              f"median {statistics.median(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms")

    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    from django.db import connection
    from django.test.utils import setup_databases

    setup_databases(verbosity=0, interactive=False)
    page = Client().get("/hoi-dap/gui/", HTTP_ACCEPT_ENCODING="gzip")
    print(f"form page /hoi-dap/gui/: {len(page.content)} bytes on the wire ({page.get('Content-Encoding', 'plain')})")
    connection.close()


if __name__ == "__main__":
    main()
