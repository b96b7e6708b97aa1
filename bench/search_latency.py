"""Publish-to-searchable latency: median and 95th percentile over 200 publishes (target p95 ≤ 2 s).

A real Celery worker (a separate process) consumes from Redis (CELERY_BROKER_URL, default
redis://127.0.0.1:6379/15); each publish is a Wagtail publish whose on_commit hook queues the indexing
task, and the clock stops when search_guides() finds the guide.

    .venv/bin/python bench/search_latency.py [--count 200]
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kb-bench-") as var:
        os.environ.update(VAR_DIR=var, DJANGO_SETTINGS_MODULE="config.settings")
        os.environ.setdefault("CELERY_BROKER_URL", "redis://127.0.0.1:6379/15")
        os.environ["SEARCH_INDEX_ALIAS"] = f"bench-{os.getpid()}"
        server = None
        if not os.environ.get("ELASTICSEARCH_URL"):
            from osmem_server import OsmemServer

            server = OsmemServer.start(japanese=False)
            os.environ["ELASTICSEARCH_URL"] = server.url
        subprocess.run([sys.executable, "manage.py", "migrate", "--noinput"], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
        worker = subprocess.Popen([str(Path(sys.executable).with_name("celery")), "-A", "tasks.celery", "worker",
                                   "--concurrency=2", "--loglevel=WARNING"], cwd=ROOT, env=os.environ)
        try:
            latencies = run(args.count)
        finally:
            worker.terminate()
            worker.wait(timeout=30)
            if server:
                server.close()
    latencies.sort()
    p95 = latencies[max(0, int(round(0.95 * len(latencies))) - 1)]
    median = statistics.median(latencies)
    print(f"publish-to-searchable over {len(latencies)} publishes: median {median * 1000:.0f} ms, "
          f"p95 {p95 * 1000:.0f} ms, max {latencies[-1] * 1000:.0f} ms "
          f"(broker {os.environ['CELERY_BROKER_URL']}, engine {os.environ['ELASTICSEARCH_URL']})")


def run(count):
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from kb.blocks import STEP
    from kb.importer import import_guide
    from search import indexes
    from search.queries import search_guides
    from search.types import SearchParams
    from tasks.celery import app

    app.control.purge()
    indexes.ensure_live_index()
    latencies = []
    for n in range(count):
        word = f"mau{n:04d}x"
        started = time.perf_counter()
        import_guide({"slug": f"do-tre-{n}", "title": f"Đo độ trễ {word}", "summary": "Hướng dẫn đo.",
                      "sector": "crop", "commodities": ["Lúa"],
                      "body": [{"type": STEP, "title": "Bước", "text": "Làm."}]}, publish=True)
        while not search_guides(SearchParams(q=word)).total:
            time.sleep(0.005)
            if time.perf_counter() - started > 60:
                raise SystemExit(f"guide {n} not searchable after 60 s: is the worker running?")
        latencies.append(time.perf_counter() - started)
    return latencies


if __name__ == "__main__":
    main()
