"""What a search costs while the engine's host drops packets: the first search waits for the timeout, the
next ones within SEARCH_ENGINE_RETRY_SECONDS answer from the database at once. Prints the median of each.

    .venv/bin/python bench/engine_down.py [--searches 20] [--timeout 5]
"""
import argparse
import os
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def silent_host():
    """A listener that accepts connections and never answers."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    held = []
    threading.Thread(target=lambda: [held.append(sock.accept()) for _ in iter(int, 1)], daemon=True).start()
    return f"http://127.0.0.1:{sock.getsockname()[1]}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--searches", type=int, default=20)
    parser.add_argument("--timeout", type=float, default=5.0)
    args = parser.parse_args()
    os.environ.update(VAR_DIR=tempfile.mkdtemp(prefix="kb-bench-"), DJANGO_SETTINGS_MODULE="config.settings",
                      CELERY_BROKER_URL="memory://", ELASTICSEARCH_URL=silent_host(),
                      SEARCH_ENGINE_TIMEOUT_SECONDS=str(args.timeout))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from search import service
    from search.types import SearchParams

    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    for window in (0, 5):
        settings.SEARCH_ENGINE_RETRY_SECONDS = window
        time.sleep(window)  # the previous round's failure is forgotten
        times = []
        for n in range(args.searches):
            started = time.perf_counter()
            answer = service.search(SearchParams(q=f"lua {n}"), source="api")
            times.append(time.perf_counter() - started)
            assert answer.degraded
        later = statistics.median(times[1:]) * 1000
        print(f"SEARCH_ENGINE_RETRY_SECONDS={window}: first search {times[0] * 1000:.0f} ms, "
              f"median of the next {args.searches - 1}: {later:.0f} ms")


if __name__ == "__main__":
    main()
