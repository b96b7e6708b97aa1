"""The database fallback at scale: how long a search takes when the engine is down, at 20,000 guides
(target: under 300 ms), first asked (nothing cached) and asked again.

A fresh SQLite database (or DATABASE_URL) with the demo guides plus synthetic ones; every farmer's query of
bench/demo_queries.jsonl goes through `search.fallback.database_search`, the function the page and the
API call while the engine cannot answer.

    .venv/bin/python bench/fallback.py [--count 20000]
"""
import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from served_site import ROOT, prepared  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=20_000)
    args = parser.parse_args()
    queries = [json.loads(line)["q"] for line in (ROOT / "bench/demo_queries.jsonl").open(encoding="utf-8")]
    with prepared(count=args.count, index=False):
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from django.core.cache import cache

        from kb.models import GuidePage
        from search.fallback import database_search
        from search.types import SearchParams

        print(f"{GuidePage.objects.live().count()} live guides")
        for label in ("first asked", "asked again"):
            times, totals = [], []
            for q in queries:
                if label == "first asked":
                    cache.clear()
                started = time.perf_counter()
                totals.append(database_search(SearchParams(q=q)).total)
                times.append((time.perf_counter() - started) * 1000)
            times.sort()
            print(f"fallback search, {label}: median {statistics.median(times):.0f} ms, "
                  f"p95 {times[int(0.95 * len(times)) - 1]:.0f} ms, max {times[-1]:.0f} ms over {len(times)} queries "
                  f"(median {statistics.median(totals):.0f} guides found; target < 300 ms)")


if __name__ == "__main__":
    main()
