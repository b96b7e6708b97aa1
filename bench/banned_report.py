"""How fast the banned-substance report scans live guides, and what one check costs an officer's publish.

The report reads every live guide's body once after each publish or list change (then it is cached), so
its rate says how long the first dashboard load after a change waits. Runs in a throw-away SQLite database:
    .venv/bin/python bench/banned_report.py [--count 10000]
"""
import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kb-bench-") as var:
        os.environ.update(VAR_DIR=var, DJANGO_SETTINGS_MODULE="config.settings")
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from django.core.management import call_command

        from kb.admin_views import live_guides_naming_banned
        from kb.checks import problems
        from kb.models import GuidePage

        call_command("migrate", "--noinput", verbosity=0)
        call_command("load_demo", verbosity=0)
        call_command("generate_guides", "--count", str(args.count), "--seed", "1", verbosity=0)
        live = GuidePage.objects.live().count()
        started = time.perf_counter()
        found = live_guides_naming_banned()
        elapsed = time.perf_counter() - started
        print(f"report scan: {live} live guides in {elapsed:.1f} s = {live / elapsed:.0f} guides/s "
              f"({len(found)} naming a banned substance)")
        bodies = [(page.body.raw_data, page.sector) for page in GuidePage.objects.live().order_by("pk")[:200]]
        started = time.perf_counter()
        for raw, sector in bodies:
            problems(raw, sector)
        print(f"publish check: {(time.perf_counter() - started) / len(bodies) * 1000:.2f} ms per guide")


if __name__ == "__main__":
    main()
