"""Load: throughput, latency percentiles and errors for a realistic mix of farmers' requests, on gunicorn and
on Django's development server, at each size of content; and what a whole message costs next to a short query.

The mix: 70 % searches (the search page, with farmers' queries from bench/demo_queries.jsonl, a third of
them with a sector facet), 25 % guide pages, 5 % field sheets, sent by CLIENTS threads with keep-alive
connections for SECONDS each, on loopback only. Before the load, one client sends 200 searches in a row
for the single-client median and 95th percentile, then the same 200 again (facet counts and vocabulary
cached, as on a server that has been running), with the engine's own time from `Server-Timing: engine;dur=…`
and our overhead above it (request time minus engine time, per request); and above the engine calls' round
trips (`engine-calls;dur=…`), since the in-memory engine reads the query and highlights outside its `took`
(Elasticsearch counts both in it). Then messages against short queries, each asked once, in turn:
farmers' messages (bench/demo_messages.jsonl, 50–700 characters), long letters (bench/demo_long_letters.jsonl:
one story each, 1,400–2,000 characters, without facet counts) and 2,000-character messages (several
messages about different crops and animals run together and cut at 2,000: the worst case, matching most
guides), beside as many short queries, each with the API's facet counts (its default) and without (the
search page's default): the ratio of their medians, asked the same way, is what a long message costs.
Facet counts are cached for a minute: a run started within a minute of another finds the short queries'
counts cached. Rate limits are off (RATE_LIMITS=off). Sizes are the demo guides plus synthetic ones
(`generate_guides`). The machine's load average is printed with the figures.

    .venv/bin/python bench/load.py [--sizes 100 10000] [--clients 50] [--seconds 60] [--servers gunicorn runserver]
                                   [--single-only] [--base-url http://127.0.0.1:PORT]

--base-url measures a site already running (prepared once, say by bench/serve.py --count 10000, and served
again after each change) instead of preparing one per size.
"""
import argparse
import http.client
import json
import os
import random
import re
import statistics
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from served_site import ROOT, prepared, served  # noqa: E402  (beside this script)

QUERIES = [json.loads(line)["q"] for line in (ROOT / "bench/demo_queries.jsonl").open(encoding="utf-8")]
MESSAGES = [json.loads(line)["q"] for line in (ROOT / "bench/demo_messages.jsonl").open(encoding="utf-8")
            if json.loads(line)["expect"]]
LETTERS = [json.loads(line)["q"] for line in (ROOT / "bench/demo_long_letters.jsonl").open(encoding="utf-8")]
LONGEST = 2000
SECTORS = ["crop", "livestock", "aquaculture"]
ENGINE_TIME = re.compile(r"engine;dur=([\d.]+), engine-calls;dur=([\d.]+)")


def percentile(values, share):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(share * len(values))) - 1)] if values else float("nan")


def search_path(chance):
    params = {"q": chance.choice(QUERIES)}
    if chance.random() < 1 / 3:
        params["sector"] = chance.choice(SECTORS)
    return "/tim-kiem/?" + urllib.parse.urlencode(params)


def page_paths(base, wanted=600):
    """(every page, the guides) among live guides and answered questions, read through the JSON API like
    any client would: only a guide has a field sheet."""
    paths, guides = [], []
    for page in range(1, wanted // 50 + 1):
        with urllib.request.urlopen(f"{base}/api/search?page_size=50&page={page}&sort=newest", timeout=60) as r:
            results = json.load(r)["results"]
        for hit in results:
            path = urllib.parse.urlsplit(hit["url"]).path
            paths.append(path)
            if hit["kind"] == "guide":
                guides.append(path)
        if len(results) < 50:
            break
    return paths, guides


def request(connection, path):
    started = time.perf_counter()
    connection.request("GET", path, headers={"Accept-Encoding": "gzip, br"})
    response = connection.getresponse()
    response.read()
    return response, time.perf_counter() - started


def timed(connection, path):
    """(request ms, engine ms or None, engine calls' ms or None) of one search; an error answer is printed
    and timed as it came."""
    response, elapsed = request(connection, path)
    if response.status != 200:
        print(f"  {response.status} for {path[:90]}…")
    found = ENGINE_TIME.search(response.getheader("Server-Timing") or "")
    return (elapsed * 1000, *(map(float, found.groups()) if found else (None, None)))


def single_client(base, chance, count=200):
    """`timed` figures of `count` searches in a row on one keep-alive connection."""
    host = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(host.hostname, host.port, timeout=60)
    timings = [timed(connection, search_path(chance)) for _ in range(count)]
    connection.close()
    return timings


def long_message(chance):
    """Farmers' messages run together up to 2,000 characters, cut at a word."""
    text = ""
    while len(text) < LONGEST:
        text += chance.choice(MESSAGES) + " "
    return text[:LONGEST].rsplit(" ", 1)[0]


def messages_against_queries(base, chance, count=60):
    """{kind: [(request ms, engine ms)]}: short queries, farmers' messages and 2,000-character messages, each
    asked once, one of each in turn (so a change of the machine's load falls on every kind alike)."""
    host = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(host.hostname, host.port, timeout=60)
    shuffled = chance.sample(QUERIES, k=len(QUERIES))  # two halves: no query is asked twice
    half = len(shuffled) // 2
    asked = {"short query": shuffled[:half][:count], "short, no facets": shuffled[half:][:count],
             "message": chance.sample(MESSAGES, k=min(count, len(MESSAGES))),
             "long letter, no facets": chance.sample(LETTERS, k=min(count, len(LETTERS))),
             "2,000-character message": [long_message(chance) for _ in range(count)],
             "2,000 characters, no facets": [long_message(chance) for _ in range(count)]}
    found = {kind: [] for kind in asked}
    for turn in range(max(len(texts) for texts in asked.values())):
        for kind, texts in ((kind, texts) for kind, texts in asked.items() if turn < len(texts)):
            extra = {"facets": "false"} if "no facets" in kind else {}
            found[kind].append(timed(connection, "/api/search?" + urllib.parse.urlencode({"q": texts[turn], **extra})))
    connection.close()
    return found


def engine_figures(timings):
    """The engine's median took and our overhead above it and above its calls' round trips, or ""."""
    engine = [(elapsed, took, calls) for elapsed, took, calls in timings if took is not None]
    if not engine:
        return ""
    return (f"; engine median {statistics.median(took for _, took, _ in engine):.0f} ms, our overhead "
            f"(request − engine) median {statistics.median(e - took for e, took, _ in engine):.0f} ms, "
            f"above the engine calls {statistics.median(e - calls for e, _, calls in engine):.0f} ms")


def messages_report(found):
    medians = {}
    for kind, timings in found.items():
        times = [elapsed for elapsed, _, _ in timings]
        medians[kind] = statistics.median(times)
        print(f"  {kind:24s} ({len(times)}, each asked once): median {medians[kind]:.0f} ms, p95 "
              f"{percentile(times, 0.95):.0f} ms{engine_figures(timings)}")
    print(f"  a 2,000-character message costs {medians['2,000-character message'] / medians['short query']:.2f}× "
          f"a short query (a farmer's message {medians['message'] / medians['short query']:.2f}×); without facet "
          f"counts, as the search page asks, "
          f"{medians['2,000 characters, no facets'] / medians['short, no facets']:.2f}× a short query, and a "
          f"farmer's long letter {medians['long letter, no facets'] / medians['short, no facets']:.2f}×")


def load(base, pages, guides, clients, seconds, seed):
    host = urllib.parse.urlsplit(base)
    results = defaultdict(list)
    errors = defaultdict(Counter)  # kind → {status or exception name: count}
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client(number):
        chance = random.Random(seed * 1000 + number)
        connection = http.client.HTTPConnection(host.hostname, host.port, timeout=60)
        while time.monotonic() < deadline:
            draw = chance.random()
            kind = "search" if draw < 0.70 else "guide" if draw < 0.95 else "sheet"
            path = (search_path(chance) if kind == "search" else chance.choice(pages) if kind == "guide"
                    else chance.choice(guides) + "phieu-ky-thuat.pdf")
            try:
                response, elapsed = request(connection, path)
                outcome = response.status
            except (OSError, http.client.HTTPException) as exc:
                connection.close()
                connection = http.client.HTTPConnection(host.hostname, host.port, timeout=60)
                outcome, elapsed = type(exc).__name__, 0
            with lock:
                if outcome == 200:
                    results[kind].append(elapsed * 1000)
                else:
                    errors[kind][outcome] += 1
        connection.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


def _outcomes(failed):
    return f" ({', '.join(f'{outcome}: {count}' for outcome, count in failed.most_common())})" if failed else ""


def single_report(label, timings):
    times = [elapsed for elapsed, _, _ in timings]
    print(f"  single client, {label}: median {statistics.median(times):.0f} ms, p95 {percentile(times, 0.95):.0f} ms"
          f"{engine_figures(timings)}")


def report(size, server, singles, results, errors, seconds, clients):
    total = sum(len(times) for times in results.values())
    failures = sum(sum(kinds.values()) for kinds in errors.values())
    under = (f": {clients} clients for {seconds:.0f} s → {total / seconds:.1f} requests/s, {failures} errors"
             if clients else "")
    print(f"\n{size} guides, {server}{under}")
    for label, timings in singles:
        single_report(label, timings)
    for kind in ("search", "guide", "sheet") if clients else ():
        times = results.get(kind, [])
        failed = errors.get(kind, Counter())
        print(f"  {kind:6s} {len(times):6d} ok, {sum(failed.values())} errors{_outcomes(failed)}; "
              f"p50 {percentile(times, 0.5):.0f} ms, "
              f"p95 {percentile(times, 0.95):.0f} ms, p99 {percentile(times, 0.99):.0f} ms")
    return total / seconds if clients else 0


def measure(base, args, size, server):
    """The figures of one served site; its throughput (0 with --single-only)."""
    load_average = os.getloadavg()
    pages, guides = page_paths(base)
    # The same 200 searches twice: first asked of a fresh server, then again with its caches warm.
    singles = [("200 searches, first asked", single_client(base, random.Random(args.seed))),
               ("the same 200 again", single_client(base, random.Random(args.seed)))]
    found = messages_against_queries(base, random.Random(args.seed))
    if args.single_only:
        results, errors, seconds, clients = {}, {}, 0, 0
    else:
        results, errors = load(base, pages, guides, args.clients, args.seconds, args.seed)
        seconds, clients = args.seconds, args.clients
    throughput = report(size, server, singles, results, errors, seconds, clients)
    messages_report(found)
    print(f"  load average: {' '.join(f'{v:.2f}' for v in load_average)} before, "
          f"{' '.join(f'{v:.2f}' for v in os.getloadavg())} after (2 cores, shared)")
    return throughput


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 10_000])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--servers", nargs="+", default=["gunicorn", "runserver"])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--single-only", action="store_true", help="one client only: no load of many clients")
    parser.add_argument("--base-url", help="measure this running site instead of preparing one")
    args = parser.parse_args()
    if args.base_url:
        measure(args.base_url, args, "the running site's", "as served")
        return
    for size in args.sizes:
        with prepared(count=size):
            throughput = {}
            for server in args.servers:
                with served(server) as base:
                    throughput[server] = measure(base, args, size, server)
            if {"gunicorn", "runserver"} <= throughput.keys() and throughput["runserver"]:
                print(f"  gunicorn / development server throughput: "
                      f"{throughput['gunicorn'] / throughput['runserver']:.2f}×")


if __name__ == "__main__":
    main()
