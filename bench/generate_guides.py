"""Guides generated per second by `manage.py generate_guides` (target: at least 500/s).

Runs in a throw-away database (a fresh SQLite file, or DATABASE_URL if set — use a scratch database):
    .venv/bin/python bench/generate_guides.py [--count 10000]
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def manage(env, *args):
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True,
                          capture_output=True, text=True).stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kb-bench-") as var:
        env = {**os.environ, "VAR_DIR": var, "DJANGO_SETTINGS_MODULE": "config.settings"}
        manage(env, "migrate", "--noinput")
        manage(env, "load_demo")
        started = time.perf_counter()
        manage(env, "generate_guides", "--count", str(args.count), "--seed", "1")
        elapsed = time.perf_counter() - started
        database = os.environ.get("DATABASE_URL", "sqlite (fresh file)").split("@")[-1]
        print(f"generate_guides: {args.count} guides in {elapsed:.1f} s = {args.count / elapsed:.0f} guides/s "
              f"(whole command incl. start-up; database: {database})")


if __name__ == "__main__":
    main()
