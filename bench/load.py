"""Load: throughput, latency percentiles and errors for a realistic mix of farmers' requests, on gunicorn and
on Django's development server, at each size of content.

The mix: 70 % searches (the search page, with farmers' queries from bench/demo_queries.jsonl, a third of
them with a sector facet), 25 % guide pages, 5 % field sheets, sent by CLIENTS threads with keep-alive
connections for SECONDS each, on loopback only. Before the load, one client sends 200 searches in a row
for the single-client median and 95th percentile, then the same 200 again (facet counts and vocabulary
cached, as on a server that has been running), with the engine's own time from `Server-Timing: engine;dur=…`
and our overhead above it (request time minus engine time, per request). Rate limits are off
(RATE_LIMITS=off). Sizes are the demo guides plus synthetic ones (`generate_guides`).

    .venv/bin/python bench/load.py [--sizes 100 10000] [--clients 50] [--seconds 60] [--servers gunicorn runserver]
"""
import argparse
import http.client
import json
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
SECTORS = ["crop", "livestock", "aquaculture"]
ENGINE_TIME = re.compile(r"engine;dur=([\d.]+)")


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


def single_client(base, chance, count=200):
    """(request ms, engine ms or None) of `count` searches in a row on one keep-alive connection."""
    host = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(host.hostname, host.port, timeout=60)
    timings = []
    for _ in range(count):
        response, elapsed = request(connection, search_path(chance))
        found = ENGINE_TIME.search(response.getheader("Server-Timing") or "")
        timings.append((elapsed * 1000, float(found[1]) if found else None))
    connection.close()
    return timings


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
    times = [elapsed for elapsed, _ in timings]
    engine = [(elapsed, took) for elapsed, took in timings if took is not None]
    line = f"  single client, {label}: median {statistics.median(times):.0f} ms, p95 {percentile(times, 0.95):.0f} ms"
    if engine:
        line += (f"; engine median {statistics.median(took for _, took in engine):.0f} ms, our overhead "
                 f"(request − engine) median {statistics.median(e - t for e, t in engine):.0f} ms")
    print(line)


def report(size, server, singles, results, errors, seconds, clients):
    total = sum(len(times) for times in results.values())
    print(f"\n{size} guides, {server}: {clients} clients for {seconds:.0f} s → {total / seconds:.1f} requests/s, "
          f"{sum(sum(kinds.values()) for kinds in errors.values())} errors")
    for label, timings in singles:
        single_report(label, timings)
    for kind in ("search", "guide", "sheet"):
        times = results.get(kind, [])
        failed = errors.get(kind, Counter())
        print(f"  {kind:6s} {len(times):6d} ok, {sum(failed.values())} errors{_outcomes(failed)}; "
              f"p50 {percentile(times, 0.5):.0f} ms, "
              f"p95 {percentile(times, 0.95):.0f} ms, p99 {percentile(times, 0.99):.0f} ms")
    return total / seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 10_000])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--servers", nargs="+", default=["gunicorn", "runserver"])
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    for size in args.sizes:
        with prepared(count=size):
            throughput = {}
            for server in args.servers:
                with served(server) as base:
                    pages, guides = page_paths(base)
                    # The same 200 searches twice: first asked of a fresh server, then again with its caches warm.
                    singles = [("200 searches, first asked", single_client(base, random.Random(args.seed))),
                               ("the same 200 again", single_client(base, random.Random(args.seed)))]
                    results, errors = load(base, pages, guides, args.clients, args.seconds, args.seed)
                    throughput[server] = report(size, server, singles, results, errors, args.seconds,
                                                args.clients)
            if {"gunicorn", "runserver"} <= throughput.keys() and throughput["runserver"]:
                print(f"  gunicorn / development server throughput: "
                      f"{throughput['gunicorn'] / throughput['runserver']:.2f}×")


if __name__ == "__main__":
    main()
