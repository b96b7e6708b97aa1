"""hit@3, MRR@10 and median request time of farmer searches on the demo guides, through a running site's
GET /api/search.

Two sets, both written before the search was tuned to them:
- bench/demo_queries.jsonl (default): keyword searches — no diacritics, regional names, typos, upper case,
  partial titles.
- bench/demo_questions.jsonl: whole questions, symptoms, dictated sentences, Central Vietnamese forms,
  regional words, run-together syllables, Telex / VNI residue, codes and English, and negatives (filler or
  gibberish, which must find nothing).
- bench/demo_messages.jsonl: messages as farmers send them to a Q&A column or on Zalo: several sentences
  with the place, numbers and what they tried, signs instead of a disease's name, folk and regional names,
  with and without diacritics, Central Vietnamese, a few long ones (up to 700 characters), three in
  English, and five greetings or gibberish that must find nothing.
Each line is {"q", "expect", "kind"?}: `expect` is a slug or a list of slugs (any one counts); an empty list
means the search must return no guide.

    scripts/run &   # the demo site (or: .venv/bin/python bench/serve.py &, which prints its address)
    .venv/bin/python bench/demo_relevance.py [--base-url http://127.0.0.1:8000] [--queries bench/demo_questions.jsonl]
"""
import argparse
import json
import statistics
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from pathlib import Path

QUERIES = Path(__file__).with_name("demo_queries.jsonl")


def ask(base_url, q):
    """(the result slugs, seconds); a refused search (say, a message over the length limit) finds nothing."""
    url = f"{base_url}/api/search?{urllib.parse.urlencode({'q': q})}"
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url) as response:
            slugs = [r["slug"] for r in json.load(response)["results"]]
    except urllib.error.HTTPError as exc:
        print(f"refused ({exc.code}): {q[:60]!r}…")
        slugs = []
    return slugs, time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--queries", type=Path, default=QUERIES)
    args = parser.parse_args()
    cases = [json.loads(line) for line in args.queries.read_text(encoding="utf-8").splitlines() if line.strip()]
    hits, reciprocal, times, by_kind = 0, 0.0, [], defaultdict(lambda: [0, 0])
    for case in cases:
        expected = [case["expect"]] if isinstance(case["expect"], str) else case["expect"]
        slugs, elapsed = ask(args.base_url, case["q"])
        times.append(elapsed)
        ranks = [slugs.index(slug) + 1 for slug in expected if slug in slugs]
        rank = min(ranks, default=None)
        hit = not slugs if not expected else bool(rank and rank <= 3)
        hits += hit
        reciprocal += (1.0 if hit else 0.0) if not expected else (1 / rank if rank else 0.0)
        by_kind[case.get("kind", "keyword")][0] += hit
        by_kind[case.get("kind", "keyword")][1] += 1
        if not hit:
            print(f"miss: {case['q']!r} -> {slugs[:3]} (expected {expected or 'nothing'}, rank {rank})")
    if len(by_kind) > 1:
        print("  ".join(f"{kind} {h}/{n}" for kind, (h, n) in by_kind.items()))
    print(f"hit@3 {hits}/{len(cases)} = {hits / len(cases):.3f}  MRR@10 {reciprocal / len(cases):.3f}  "
          f"median request {statistics.median(times) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
