"""Reading a query (`search.understanding.read`: the Python a search runs before it asks the engine), timed in
this process over the demo content: short queries, farmers' messages, long letters and 2,000-character
messages (several run together, as bench/load.py asks them), each the fastest of `--repeat` readings, so the
figure is the code's and not the machine's neighbours'. A site's requests read slower than this (the engine,
on the same cores, leaves the caches cold: 1.7–2× for a 2,000-character message).

    .venv/bin/python bench/reading.py [--count 60] [--repeat 9]
"""
import argparse
import random
import statistics
import sys
import time

from load import LETTERS, MESSAGES, QUERIES, long_message
from served_site import ROOT, prepared


def fastest(read, text, repeat):
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        read(text, "vi")
        best = min(best, time.perf_counter() - started)
    return best * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=60, help="texts of each kind")
    parser.add_argument("--repeat", type=int, default=9, help="readings of each text")
    args = parser.parse_args()
    chance = random.Random(7)
    kinds = {"short query": chance.sample(QUERIES, k=min(args.count, len(QUERIES))),
             "message": chance.sample(MESSAGES, k=min(args.count, len(MESSAGES))),
             "long letter": chance.sample(LETTERS, k=min(args.count, len(LETTERS))),
             "2,000-character message": [long_message(chance) for _ in range(args.count)]}
    with prepared(index=False):
        sys.path.insert(0, str(ROOT))  # the project's apps before this folder's scripts ("offline")
        import django

        django.setup()
        from search.understanding import read

        for texts in kinds.values():  # the vocabulary, the names and the caches of words, once
            for text in texts:
                read(text, "vi")
        for kind, texts in kinds.items():
            times = [fastest(read, text, args.repeat) for text in texts]
            print(f"{kind:24s} ({len(texts)}): median {statistics.median(times):.2f} ms, mean "
                  f"{statistics.mean(times):.2f} ms, slowest {max(times):.2f} ms")


if __name__ == "__main__":
    main()
