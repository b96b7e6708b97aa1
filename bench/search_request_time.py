"""Median GET /api/search request time of running sites, asked the same queries in turn.

The machine's load changes from one minute to the next, so comparing two runs made one after the other
says little. Give two sites (say, one on the main branch and one with a change, over the same database and
index): every query is asked of each site in turn, `--rounds` times, and each site's median is printed.

    .venv/bin/python bench/search_request_time.py --base-url http://127.0.0.1:8000 [http://127.0.0.1:8001] \
        [--queries bench/demo_queries.jsonl bench/demo_questions.jsonl] [--rounds 3]
"""
import argparse
import json
import statistics
import time
import urllib.parse
import urllib.request
from pathlib import Path

HERE = Path(__file__).parent


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", nargs="+", default=["http://127.0.0.1:8000"])
    parser.add_argument("--queries", nargs="+", type=Path,
                        default=[HERE / "demo_queries.jsonl", HERE / "demo_questions.jsonl"])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    queries = [json.loads(line)["q"] for path in args.queries
               for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    times = {url: [] for url in args.base_url}
    for _ in range(args.rounds):
        for q in queries:
            for url in args.base_url:
                started = time.perf_counter()
                with urllib.request.urlopen(f"{url}/api/search?{urllib.parse.urlencode({'q': q})}") as response:
                    response.read()
                times[url].append(time.perf_counter() - started)
    for url, found in times.items():
        print(f"{url}: {len(found)} requests, median {statistics.median(found) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
