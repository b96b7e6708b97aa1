"""Serve a benchmark site (bench/served_site.py: gunicorn, the bundled engine, a fresh database) until
interrupted, printing its address, so the relevance scripts can be run against it:

    .venv/bin/python bench/serve.py [--guides FILE.jsonl] [--count N] &
    .venv/bin/python bench/demo_relevance.py --base-url http://127.0.0.1:PORT --queries bench/demo_messages.jsonl

Without --guides it holds the demo content (and synthetic guides up to --count); with --guides only the
guides of that import file (the shared relevance set, say).
"""
import argparse
import signal
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from served_site import prepared, served  # noqa: E402  (beside this script)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--guides", type=Path, help="an import file: serve only its guides")
    parser.add_argument("--count", type=int, help="demo plus synthetic guides up to this many")
    args = parser.parse_args()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with prepared(guides=args.guides, count=args.count), served() as base:
        print(base, flush=True)
        try:
            stop.wait()
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
