"""hit@3 of farmer-style queries against the demo guides, through a running site's GET /api/search.

The queries (bench/demo_queries.jsonl) were written after the search was built, to check it on queries it
was not tuned to: no diacritics, regional names, typos, upper case, partial titles.

    scripts/run &   # the demo site
    .venv/bin/python bench/demo_relevance.py [--base-url http://127.0.0.1:8000]
"""
import argparse
import json
import urllib.parse
import urllib.request
from pathlib import Path

QUERIES = Path(__file__).with_name("demo_queries.jsonl")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    args = parser.parse_args()
    cases = [json.loads(line) for line in QUERIES.read_text(encoding="utf-8").splitlines() if line.strip()]
    hits = 0
    for case in cases:
        url = f"{args.base_url}/api/search?{urllib.parse.urlencode({'q': case['q']})}"
        slugs = [r["slug"] for r in json.load(urllib.request.urlopen(url))["results"]]
        hits += case["expect"] in slugs[:3]
        if case["expect"] not in slugs[:3]:
            print(f"miss: {case['q']!r} -> {slugs[:3]} (expected {case['expect']})")
    print(f"hit@3 {hits}/{len(cases)} = {hits / len(cases):.3f}")


if __name__ == "__main__":
    main()
