"""Farmers' photos: what the safety pass (decode, orient, resize to 1600 px, re-encode without metadata)
costs in time and memory, and how many bytes the farmer's form page weighs.

- time for a typical 12-megapixel phone photo, JPEG and HEIC;
- peak memory per image at the pixel cap of each format (a JPEG of MAX_PIXELS, a PNG and a HEIC at the
  most their decode budget allows, a palette PNG of MAX_PIXELS), each measured in a fresh process as the
  rise of its peak resident size (VmHWM, reset just before) with the upload's bytes already read;
- the same with several uploads at once, to show that at most PHOTO_DECODES_AT_ONCE are decoded together
  (the memory allocator set as config/gunicorn.py sets it for the web server).

    .venv/bin/python bench/question_photo.py [--runs 5] [--at-once 4]
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")


def setup():
    import django

    django.setup()
    from pillow_heif import register_heif_opener

    register_heif_opener()


def picture(size, mode="RGB"):
    """A picture with detail (a flat colour would compress unrealistically well); a palette picture, like a
    drawing, with less of it (so that one of MAX_PIXELS still fits the 8 MB upload limit)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", size, (80, 130, 60))
    draw = ImageDraw.Draw(image)
    for x in range(0, size[0], 37 if mode == "RGB" else 997):
        draw.line([(x, 0), (size[0] - x, size[1])], fill=(x % 255, 160, 90), width=3)
    return image.convert(mode, palette=Image.Palette.ADAPTIVE, colors=16) if mode == "P" else image


def encoded(image, fmt):
    out = BytesIO()
    image.save(out, fmt, **({"quality": 90} if fmt in ("JPEG", "HEIF") else {}))
    return out.getvalue()


def make(path, fmt, width, height, mode):
    """Child process: write the test picture, so making it costs the measuring process nothing."""
    setup()
    Path(path).write_bytes(encoded(picture((width, height), mode), fmt))


def peak_mb():
    """This process's peak resident size (Linux), in MB."""
    status = Path("/proc/self/status").read_text()
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:"))) / 1024


def reset_peak():
    """Start the peak over from the present size (a process inherits its parent's peak across fork)."""
    Path("/proc/self/clear_refs").write_text("5")


def measure(path, name, at_once):
    """Child process: clean `at_once` copies of the upload at the same time; print the peak's rise and time.
    The process's memory allocator is set as gunicorn sets it in production (config/gunicorn.py)."""
    import config.gunicorn  # noqa: F401  (its return_freed_memory() runs on import)

    setup()
    from django.core.files.uploadedfile import SimpleUploadedFile

    from questions.photos import clean_photo

    data = Path(path).read_bytes()
    uploads = [SimpleUploadedFile(name, data) for _ in range(at_once)]
    errors = []

    def clean(upload):
        try:
            clean_photo(upload)
        except Exception as exc:  # a refusal is a result too: print it
            errors.append(f"{type(exc).__name__}: {' '.join(getattr(exc, 'messages', [str(exc)]))}")

    reset_peak()
    before = peak_mb()
    started = time.perf_counter()
    threads = [threading.Thread(target=clean, args=(upload,)) for upload in uploads]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(f"{peak_mb() - before:.0f} {time.perf_counter() - started:.2f} {len(data)} {errors[0] if errors else ''}")


def child(*args):
    out = subprocess.run([sys.executable, __file__, *map(str, args)], capture_output=True, text=True, check=True,
                         cwd=ROOT)
    return out.stdout.strip()


def timings(runs):
    setup()
    from django.core.files.uploadedfile import SimpleUploadedFile

    from questions.photos import clean_photo

    for fmt, name in (("JPEG", "anh.jpg"), ("HEIF", "anh.heic")):
        data = encoded(picture((4000, 3000)), fmt)
        times, size = [], 0
        for _ in range(runs):
            started = time.perf_counter()
            result = clean_photo(SimpleUploadedFile(name, data))
            times.append(time.perf_counter() - started)
            size = len(result.read())
        print(f"{fmt}: 4000x3000 upload {len(data) / 1e6:.1f} MB -> stored {size / 1e3:.0f} KB JPEG, "
              f"median {statistics.median(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms")


def form_page():
    setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_databases, setup_test_environment

    setup_test_environment()
    setup_databases(verbosity=0, interactive=False)
    page = Client().get("/hoi-dap/gui/", HTTP_ACCEPT_ENCODING="gzip")
    print(f"form page /hoi-dap/gui/: {len(page.content)} bytes on the wire ({page.get('Content-Encoding', 'plain')})")
    connection.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--at-once", type=int, default=4, help="uploads cleaned at the same time")
    args = parser.parse_args()
    setup()
    from django.conf import settings

    from questions.photos import DECODE_BUDGET, MAX_PIXELS, budget_side

    print(child("timings", args.runs))
    print(f"pixel cap {MAX_PIXELS / 1e6:.0f} MP; decode budget {DECODE_BUDGET / 2**20:.0f} MiB; "
          f"PHOTO_DECODES_AT_ONCE = {settings.PHOTO_DECODES_AT_ONCE} per process; load average "
          f"{os.getloadavg()[0]:.1f}")
    side = int(MAX_PIXELS ** 0.5)
    cases = [("JPEG", "anh.jpg", side, side, "RGB"),
             ("PNG", "anh.png", *budget_side("RGB", "PNG"), "RGB"),
             ("PNG", "anh-bang-mau.png", side, side, "P"),
             ("HEIF", "anh.heic", *budget_side("RGB", "HEIF"), "RGB"),
             ("PNG", "qua-lon.png", side, side, "RGB")]  # over its budget: refused before decoding
    with tempfile.TemporaryDirectory() as tmp:
        for fmt, name, width, height, mode in cases:
            path = Path(tmp) / name
            child("make", path, fmt, width, height, mode)
            for at_once in (1, args.at_once):
                rise, seconds, size, error = (child("measure", path, name, at_once).split(" ", 3) + [""])[:4]
                print(f"{fmt} {mode} {width}x{height} ({width * height / 1e6:.0f} MP, {int(size) / 1e3:.0f} KB), "
                      f"{at_once} at once: peak +{rise} MB, {seconds} s{'; ' + error if error else ''}")
    print(child("form"))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "make":
        make(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), sys.argv[6])
    elif len(sys.argv) > 1 and sys.argv[1] == "measure":
        measure(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    elif len(sys.argv) > 1 and sys.argv[1] == "timings":
        timings(int(sys.argv[2]))
    elif len(sys.argv) > 1 and sys.argv[1] == "form":
        form_page()
    else:
        main()
