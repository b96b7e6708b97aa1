"""Alerts: publish one alert to --subscribers synthetic subscribers across the channels and print the time to
the last delivery and the workers' peak memory.

Subscribers (all in one commune, all for rice): Zalo 40 % (a tenth of them last wrote 8 days ago and have a
phone: ZNS), SMS 25 %, Messenger 15 %, Web Push 20 %. The platforms are the test suite's local stand-ins
(tests/platforms.py for Zalo, ZNS, Messenger and the SMS gateway; tests/pushservice.py, which checks VAPID and
decrypts every push message as a phone would). Each channel is paced at the default `ALERT_RATES`, counted
in Redis (CACHE_URL) across --workers Celery worker processes on Redis (CELERY_BROKER_URL, default
redis://127.0.0.1:6379/7), each a pool of --threads threads as deploy/docker-compose.yml runs the alerts worker
(a batch mostly waits on its channel's rate). SMS hours are opened to the whole day so the run does not depend on the
clock. The database is a fresh SQLite file, or --database-url (a PostgreSQL database it may empty).

Memory: each worker's peak resident size (VmHWM) at the end; run with 10,000 and 100,000 subscribers to see
it flat (subscribers are planned and sent in chunks, never loaded at once). Target: under 10 minutes for
100,000 on the 2-core machine.

    .venv/bin/python bench/alerts.py [--subscribers 100000] [--workers 1] [--threads 4] [--database-url postgres://…]
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SHARES = {"zalo": 0.40, "sms": 0.25, "messenger": 0.15, "webpush": 0.20}
CHUNK = 5000


def manage(*args):
    done = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{done.stderr[-3000:]}")


def recreate(url):
    """An empty PostgreSQL database at `url` (dropped and made again: migrations make the site's tree)."""
    from urllib.parse import urlsplit

    import psycopg

    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def peak_kb(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def cpu_seconds(pid):
    """User and system CPU a process has used (its own, from /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def make_subscribers(count, push):
    """Conversations and subscriptions in bulk, CHUNK at a time (the benchmark's own memory stays flat too)."""
    from datetime import timedelta

    from django.utils import timezone

    from alerts.models import Subscription
    from chat.models import Conversation
    from kb.models import Commodity, Commune

    commune = Commune.objects.get(name="Phường Phong Điền")
    rice = Commodity.objects.get(name="Lúa")
    now = timezone.now()
    plan = [channel for channel, share in SHARES.items() for _ in range(round(count * share))][:count]
    through = Subscription.commodities.through
    for start in range(0, len(plan), CHUNK):
        conversations, subscriptions = [], []
        for n, channel in enumerate(plan[start:start + CHUNK], start):
            if channel == "webpush":
                info = push.phone(f"p{n}").subscription()
                subscriptions.append(Subscription(channel=channel, commune=commune, endpoint=info["endpoint"],
                                                  p256dh=info["keys"]["p256dh"], auth=info["keys"]["auth"]))
                continue
            closed = channel == "zalo" and n % 10 == 0
            user = f"09{n:08d}" if channel == "sms" else f"{channel}-{n}"
            conversations.append(Conversation(
                channel=channel, user_id=user, commune=commune, phone=f"08{n:08d}" if closed else "",
                last_inbound_at=now - timedelta(days=8 if closed else 0)))
        Conversation.objects.bulk_create(conversations)
        saved = Conversation.objects.filter(user_id__in=[c.user_id for c in conversations])
        subscriptions += [Subscription(channel=c.channel, commune=commune, conversation=c) for c in saved]
        made = Subscription.objects.bulk_create(subscriptions)
        through.objects.bulk_create([through(subscription_id=s.pk, commodity_id=rice.pk) for s in made])
    return len(plan)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    broker = os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/7")
    with tempfile.TemporaryDirectory(prefix="kb-bench-alerts-") as var:
        from tests.platforms import Platforms
        from tests.pushservice import PushService

        with Platforms() as platforms, PushService() as push:
            os.environ.update({name: str(value) for name, value in platforms.settings().items()})
            os.environ.update(VAR_DIR=var, DJANGO_SETTINGS_MODULE="config.settings", CELERY_BROKER_URL=broker,
                              CACHE_URL=broker, RATE_LIMITS="off", ALERT_SMS_HOURS="0-24",
                              WEBPUSH_SERVICES=push.url, ZALO_ZNS_TEMPLATE_ID="318492",
                              DATABASE_URL=args.database_url or f"sqlite:///{var}/db.sqlite3")
            if args.database_url:
                recreate(args.database_url)
            manage("migrate", "--noinput")
            manage("load_demo")
            import django

            django.setup()
            started = time.perf_counter()
            count = make_subscribers(args.subscribers, push)
            print(f"{count:,} subscribers made in {time.perf_counter() - started:.0f} s")
            run(args, platforms, push, broker, count)


def publish():
    """A rice alert for Phong Điền, published (the worker is told once the transaction commits)."""
    from datetime import timedelta

    from django.db import transaction
    from django.utils import timezone

    from kb.models import AlertPage, Commodity, Commune
    from kb.tree import alert_index

    with transaction.atomic():
        alert = AlertPage(title="Rầy nâu gây hại lúa hè thu", slug="ray-nau-he-thu", severity="warning",
                          situation="Rầy nâu đang lên, mật độ 2.000–3.000 con/m² ở chân ruộng trũng.",
                          action="Thăm đồng 2 lần mỗi tuần; trên 3.000 con/m² thì xử lý theo hướng dẫn.",
                          valid_until=timezone.now() + timedelta(days=2))
        alert.commodities = Commodity.objects.filter(name="Lúa")
        alert.communes = Commune.objects.filter(name="Phường Phong Điền")
        alert_index().add_child(instance=alert)
        alert.save_revision().publish()
    return alert


def run(args, platforms, push, broker, count):
    from django.db.models import Count, Max, Min
    from django.utils import timezone

    from alerts.models import Delivery, Dispatch
    from tests.helpers import wait_for

    celery = str(Path(sys.executable).with_name("celery"))
    subprocess.run([celery, "-A", "tasks.celery", "purge", "-f"], cwd=ROOT, check=True, capture_output=True)
    workers = [subprocess.Popen([celery, "-A", "tasks.celery", "worker", "--pool=threads",
                                 f"--concurrency={args.threads}", "--loglevel=WARNING",
                                 "-n", f"alerts{n}@%h", "-Q", "alerts"], cwd=ROOT, env=os.environ,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for n in range(args.workers)]
    try:
        time.sleep(5)  # the workers start
        published, published_at = time.perf_counter(), timezone.now()
        alert = publish()
        wait_for(lambda: Delivery.objects.filter(alert=alert).count() == count
                 and not Delivery.objects.filter(alert=alert, status__in=["pending", "sending"]).exists(),
                 timeout=3600, interval=1)
        seconds = time.perf_counter() - published
        peaks = [peak_kb(worker.pid) for worker in workers]
        cpu = sum(cpu_seconds(worker.pid) for worker in workers)
    finally:
        for worker in workers:
            worker.terminate()
            worker.wait(timeout=60)
    outcome = dict(Delivery.objects.filter(alert=alert).values_list("status").annotate(n=Count("pk")))
    ways = dict(Delivery.objects.filter(alert=alert, status="sent").values_list("via").annotate(n=Count("pk")))
    received = len(platforms.requests) + len(push.received)
    print(f"{count:,} subscribers, {args.workers} worker(s) × {args.threads} threads: last delivery {seconds:.0f} s "
          f"after publishing ({count / seconds:.0f} messages/s); {outcome}; sent by {ways}")
    planned = Dispatch.objects.get(alert=alert).planned_at
    print(f"  planned {(planned - published_at).total_seconds():.0f} s after publishing; each channel's first and "
          "last message: " + ", ".join(
              f"{channel} {(first - published_at).total_seconds():.0f}–{(last - published_at).total_seconds():.0f} s"
              for channel, first, last in Delivery.objects.filter(alert=alert).values_list("channel")
              .annotate(first=Min("sent_at"), last=Max("sent_at")).order_by("channel")))
    print(f"  stand-ins received {received:,} calls (Zalo token refreshes included); push errors: {len(push.errors)}")
    print(f"  workers' peak memory (VmHWM): {', '.join(f'{kb / 1024:.0f} MB' for kb in peaks)}")
    print(f"  workers' CPU: {cpu:.0f} s in all, {cpu / count * 1000:.1f} ms a message "
          f"(one core: {count / cpu:.0f} messages/s at most)")
    print(f"  load average {os.getloadavg()[0]:.1f} (2 cores shared)")


if __name__ == "__main__":
    main()
