"""Chat channels: how fast the webhook answers, how long from a farmer's message to the reply being sent, and
how many messages a second one worker handles.

A production-like site (bench/served_site.py: gunicorn, SQLite, the bundled engine) holding the demo plus
synthetic guides up to --guides (10,000 by default), one Celery worker process (solo pool) on Redis
(CELERY_BROKER_URL, default redis://127.0.0.1:6379/15), and the test suite's local stand-in for Zalo's API
(tests/platforms.py). Signed Zalo `user_send_text` events carry the demo's farmer queries.

1. Latency: --count events one after another (each waits for its reply): the webhook's answer time and the
   time from posting the event to the stand-in receiving `message/cs` (p50, p95). Targets: p95 < 100 ms and
   p95 < 2 s.
2. Throughput: --burst events posted at once; messages answered per second by the one worker.

    .venv/bin/python bench/chat.py [--guides 10000] [--count 200] [--burst 300]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.served_site import manage, prepared, served  # noqa: E402
from tests.platforms import Platforms, zalo_body, zalo_headers  # noqa: E402

CS = "/v3.0/oa/message/cs"


def percentile(values, share):
    ordered = sorted(values)
    return ordered[max(0, round(share * len(ordered)) - 1)]


def queries():
    lines = (ROOT / "bench" / "demo_queries.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["q"] for line in lines if line.strip()]


def post(client, base, user, text, msg_id):
    body = zalo_body(USER_ID=user, TEXT=text, MSG_ID=msg_id)
    headers = {"Content-Type": "application/json",
               "X-ZEvent-Signature": zalo_headers(body)["HTTP_X_ZEVENT_SIGNATURE"]}
    wall, started = time.time(), time.perf_counter()
    response = client.post(f"{base}/webhooks/zalo/", content=body, headers=headers)
    elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise SystemExit(f"webhook answered {response.status_code}: {response.text[:200]}")
    return wall, elapsed


def replied(stand_in, user):
    return [r for r in stand_in.calls(CS) if json.loads(r["body"])["recipient"]["user_id"] == user]


def wait(predicate, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = predicate()
        if found:
            return found
        time.sleep(0.005)
    raise SystemExit("no reply within 60 s")


def rebuild(tries=3):
    """The index, built again when the engine timed out (a machine shared with other work can stall it)."""
    for attempt in range(1, tries + 1):
        try:
            return manage("search_index", "rebuild")
        except SystemExit as failed:
            if attempt == tries:
                raise
            print(f"rebuild failed, trying again: {str(failed).splitlines()[-1]}", file=sys.stderr)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--guides", type=int, default=10_000)
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--burst", type=int, default=300)
    args = parser.parse_args()
    broker = os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/15")
    texts = queries()
    with Platforms() as stand_in, prepared(count=args.guides, index=False):
        rebuild()
        os.environ.update({name: str(value) for name, value in stand_in.settings().items()})
        os.environ["CELERY_BROKER_URL"] = broker
        subprocess.run([str(Path(sys.executable).with_name("celery")), "-A", "tasks.celery", "purge", "-f"],
                       cwd=ROOT, check=True, capture_output=True)
        worker = subprocess.Popen([str(Path(sys.executable).with_name("celery")), "-A", "tasks.celery", "worker",
                                   "--pool=solo", "--loglevel=WARNING", "-Q", "celery,analytics,chat"], cwd=ROOT,
                                  env=os.environ, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            with served() as base, httpx.Client(timeout=30) as client:
                run(args, stand_in, client, base, texts)
        finally:
            worker.terminate()
            worker.wait(timeout=30)


def run(args, stand_in, client, base, texts):
    post(client, base, "warm-up", texts[0], "warm-up")  # the first search builds the vocabulary
    wait(lambda: replied(stand_in, "warm-up"))
    answer_times, reply_times = [], []
    for n in range(args.count):
        user = f"lat-{n}"
        started, elapsed = post(client, base, user, texts[n % len(texts)], f"lat-{n}")
        answer_times.append(elapsed)
        reply = wait(lambda user=user: replied(stand_in, user))[0]
        reply_times.append(reply["at"] - started)
    print(f"{args.guides} guides, {args.count} messages one after another:")
    print(f"  webhook answer: median {statistics.median(answer_times) * 1000:.1f} ms, "
          f"p95 {percentile(answer_times, 0.95) * 1000:.1f} ms (target p95 < 100 ms)")
    print(f"  event → reply sent: median {statistics.median(reply_times) * 1000:.0f} ms, "
          f"p95 {percentile(reply_times, 0.95) * 1000:.0f} ms (target p95 < 2,000 ms)")

    before = len(stand_in.calls(CS))
    started = time.perf_counter()
    burst = [post(client, base, f"burst-{n}", texts[n % len(texts)], f"burst-{n}")[1] for n in range(args.burst)]
    wait(lambda: len(stand_in.calls(CS)) >= before + args.burst, timeout=600)
    seconds = time.perf_counter() - started
    print(f"  burst of {args.burst}: posted in {sum(burst):.1f} s (p95 {percentile(burst, 0.95) * 1000:.1f} ms "
          f"each), all answered after {seconds:.1f} s: {args.burst / seconds:.1f} messages/s by one worker")
    print(f"  load average {os.getloadavg()[0]:.1f} (2 cores shared)")


if __name__ == "__main__":
    main()
