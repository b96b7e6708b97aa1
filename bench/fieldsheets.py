"""Warm render time of one field sheet and of a 50-guide print pack (targets: under 1 s and under 30 s).

Runs in a throw-away database holding guides of the size officers write (seven steps, a dose table,
two warnings), imported through `manage.py import_guides`:
    .venv/bin/python bench/fieldsheets.py [--sheets 10] [--pack 50]
"Warm" means a process that has already rendered once (fonts and stylesheet loaded), with the sheet cache
emptied so every sheet is really rendered; the cached figures show what a repeat request costs.
"""
import argparse
import io
import json
import logging
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


STEPS = ["Làm đất, bón lót", "Ngâm ủ hạt giống", "Gieo sạ đúng mật độ", "Bón thúc đẻ nhánh",
         "Quản lý nước ướt khô xen kẽ", "Phòng trừ rầy nâu", "Thu hoạch khi chín 85%"]
TEXT = "Thực hiện đúng thời điểm, theo dõi đồng ruộng hằng ngày và ghi chép vào sổ nhật ký sản xuất. "


def guide(number, steps=STEPS):
    """One import line. Called after django.setup(): kb's blocks read Wagtail's settings when imported."""
    from kb.blocks import MATERIALS, PHI, PPE, STEP, WARNING
    from kb.units import HA, M2_1000, SAO

    body = [{"type": STEP, "title": title, "text": TEXT * 2} for title in steps]
    body.insert(1, {"type": MATERIALS, "rows": [
        {"name": "Phân chuồng hoai", "quantity": 500, "unit": "kg", "per": SAO},
        {"name": "Vôi bột", "quantity": 15, "unit": "kg", "per": SAO},
        {"name": "Đạm urê", "quantity": 150, "unit": "kg", "per": HA},
        {"name": "Chế phẩm vi sinh", "quantity": 2, "unit": "lít", "per": M2_1000}]})
    body += [{"type": WARNING, "kind": PHI, "days": 14, "text": "Ngừng phun thuốc trước thu hoạch."},
             {"type": WARNING, "kind": PPE, "text": "Đeo khẩu trang, găng tay khi phun thuốc."}]
    return {"slug": f"bench-{number}", "title": f"Thâm canh lúa vụ Hè Thu, mô hình số {number}",
            "summary": "Giống ngắn ngày, sạ thưa, bón cân đối, tưới ướt khô xen kẽ.", "sector": "crop",
            "commodities": ["Lúa"], "regions": ["Phú Vang"], "months": [4, 5, 6], "body": body}


def timed(function):
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sheets", type=int, default=10, help="sheets to time (median reported)")
    parser.add_argument("--pack", type=int, default=50, help="guides in the pack")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kb-bench-") as var:
        # The pack is built in this process: the task a new pack queues goes to an in-memory broker nobody reads.
        env = {**os.environ, "VAR_DIR": var, "DJANGO_SETTINGS_MODULE": "config.settings",
               "CELERY_BROKER_URL": "memory://"}
        # Set up before writing the guides, which name their blocks by kb's constants; the database is made
        # (migrate, import) by the commands below and first opened by run().
        os.environ.update(env)
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from kb.blocks import MATERIALS
        from kb.units import SAO

        guides = Path(var) / "guides.jsonl"
        lines = [guide(n) for n in range(args.pack + 1)]
        # The longest guide the blocks allow: 40 steps and 5 dose tables (one of 4 rows, four of 40).
        longest = guide("dai", steps=[f"{title} (lần {n})" for n in range(1, 7) for title in STEPS][:40])
        longest["body"] += [{"type": MATERIALS, "rows": [
            {"name": f"Vật tư {n}", "quantity": n, "unit": "kg", "per": SAO} for n in range(1, 41)]}] * 4
        lines.append(longest)
        guides.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in lines))
        for command in (["migrate", "--noinput"], ["import_guides", str(guides), "--publish"]):
            done = subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, capture_output=True,
                                  text=True)
            if done.returncode:
                sys.exit(f"manage.py {command[0]} failed:\n{done.stdout}{done.stderr}")
        logging.getLogger("fieldsheets").setLevel(logging.WARNING)  # one line per render drowns the figures
        run(args)


def run(args):
    from django.core.cache import cache
    from pypdf import PdfReader

    from fieldsheets.models import PrintPack
    from fieldsheets.options import SheetOptions
    from fieldsheets.packs import build_pack
    from fieldsheets.render import live_sheet_pdf
    from kb.models import GuidePage

    longest = GuidePage.objects.get(slug="bench-dai")
    guides = list(GuidePage.objects.visible().exclude(pk=longest.pk).order_by("pk"))
    options = SheetOptions()
    live_sheet_pdf(guides[0], options)  # warm-up: fonts, stylesheet, templates

    renders = []
    for guide in guides[1:args.sheets + 1]:
        cache.clear()
        renders.append(timed(lambda guide=guide: live_sheet_pdf(guide, options))[0])
    hits = [timed(lambda: live_sheet_pdf(guides[1], options))[0] for _ in range(20)]
    print(f"one sheet, warm render: median {statistics.median(renders) * 1000:.0f} ms, "
          f"max {max(renders) * 1000:.0f} ms over {len(renders)} guides (target < 1000 ms)")
    print(f"one sheet, cache hit:   median {statistics.median(hits) * 1000:.1f} ms")
    cache.clear()
    elapsed, pdf = timed(lambda: live_sheet_pdf(longest, options))
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    print(f"longest guide (40 steps, 164 dose rows), warm render: {elapsed * 1000:.0f} ms, {pages} A4 pages")

    chosen = [guide.pk for guide in guides[:args.pack]]
    for label in ("empty sheet cache", "sheets cached"):
        if label == "empty sheet cache":
            cache.clear()
        pack = PrintPack.objects.create(title="Bench", guide_ids=chosen)
        elapsed, built = timed(lambda pack=pack: build_pack(pack.pk))
        print(f"{len(chosen)}-guide pack, {label}: {elapsed:.1f} s, {built.page_count} pages "
              f"(target < 30 s)")


if __name__ == "__main__":
    main()
