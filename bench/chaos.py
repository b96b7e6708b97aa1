"""Chaos: publishes, edits, unpublishes and moves while the worker, the search engine and Redis are killed and
restarted at random; then the drift between the index and the database after recovery (target 0).

Everything runs on this machine with services of its own: a fresh SQLite database under a temporary VAR_DIR
with the demo content, a Redis on a free port (append-only, as in production), the bundled search engine
(which keeps nothing across a restart, so its index comes back empty), and real Celery worker processes.
Recovery is what production does: the services come back, queued tasks run, beat's reconcile repairs.

    .venv/bin/python bench/chaos.py [--seconds 90] [--seed 1]
"""
import argparse
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Services:
    """The worker, the engine and Redis as processes that can be killed and started again."""

    def __init__(self, var):
        from osmem_server import OsmemServer

        self.engine_class, self.var = OsmemServer, var
        self.redis_port, self.engine_address = free_port(), f"127.0.0.1:{free_port()}"
        os.environ.update(CELERY_BROKER_URL=f"redis://127.0.0.1:{self.redis_port}/0",
                          ELASTICSEARCH_URL=f"http://{self.engine_address}", CELERY_VISIBILITY_TIMEOUT="5")
        self.redis = self.engine = self.worker = None
        self.events = []

    def start_redis(self):
        self.redis = subprocess.Popen(["redis-server", "--port", str(self.redis_port), "--bind", "127.0.0.1",
                                       "--appendonly", "yes", "--save", "", "--dir", self.var],
                                      stdout=subprocess.DEVNULL)
        while subprocess.run(["redis-cli", "-p", str(self.redis_port), "ping"], capture_output=True,
                             text=True).stdout.strip() != "PONG":
            time.sleep(0.1)

    def start_engine(self):
        self.engine = self.engine_class.start(japanese=False, addr=self.engine_address)

    def start_worker(self):
        self.worker = subprocess.Popen([sys.executable, "-m", "celery", "-A", "tasks.celery", "worker",
                                        "-Q", "celery,analytics", "--pool", "solo", "--without-gossip",
                                        "--without-mingle", "--loglevel", "ERROR"], cwd=ROOT,
                                       stdout=subprocess.DEVNULL, stderr=open(Path(self.var) / "worker.log", "a"))

    def start_all(self):
        self.start_redis()
        self.start_engine()
        self.start_worker()

    def kill(self, name):
        """SIGKILL the worker, stop the engine (it loses everything), or restart Redis (it keeps its queue)."""
        self.events.append(name)
        if name == "worker":
            self.worker.send_signal(signal.SIGKILL)
            self.worker.wait()
            self.start_worker()
        elif name == "engine":
            self.engine.close()
            time.sleep(random.uniform(1, 3))
            self.start_engine()
        else:
            self.redis.terminate()
            self.redis.wait()
            time.sleep(random.uniform(0.5, 2))
            self.start_redis()

    def stop_all(self):
        self.worker.terminate()
        self.worker.wait(timeout=30)
        self.engine.close()
        self.redis.terminate()
        self.redis.wait()


def edit_at_random(chance, deadline):
    """Publish new guides, edit, unpublish and move existing ones until `deadline`; returns the count."""
    from kb.blocks import STEP
    from kb.importer import import_guide
    from kb.models import GuidePage, SectorIndexPage

    crops = SectorIndexPage.objects.get(sector="crop", locale__language_code="vi")
    count = 0
    while time.monotonic() < deadline:
        guides = list(GuidePage.objects.filter(locale__language_code="vi").only("pk"))
        page = GuidePage.objects.get(pk=chance.choice(guides).pk)
        action = chance.choice(["publish", "edit", "edit", "unpublish", "move"])
        if action == "publish":
            import_guide({"slug": f"hon-loan-{count}", "title": f"Trồng lúa chịu hạn đợt {count}",
                          "summary": "Hướng dẫn thử nghiệm.", "sector": "crop", "commodities": ["Lúa"],
                          "body": [{"type": STEP, "title": "Làm đất", "text": "Cày bừa kỹ."}]}, publish=True)
        elif action == "edit" or not page.live:
            page.title = f"{page.title.split(' · ')[0]} · {count}"
            page.save_revision().publish()
        elif action == "unpublish":
            page.unpublish()
        elif page.get_parent().pk != crops.pk and page.sector == "crop":
            page.move(crops, pos="last-child")
        count += 1
    return count


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=90)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    chance = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="kb-chaos-") as var:
        os.environ.update(VAR_DIR=var, DJANGO_SETTINGS_MODULE="config.settings", RATE_LIMITS="off")
        os.environ.pop("DATABASE_URL", None)
        services = Services(var)
        services.start_all()
        for command in (["migrate", "--noinput"], ["load_demo"], ["search_index", "rebuild"]):
            subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from search import indexes
        from tasks.indexing import reconcile

        stop = threading.Event()

        def havoc():
            while not stop.wait(chance.uniform(3, 8)):
                services.kill(chance.choice(["worker", "engine", "redis"]))

        chaos = threading.Thread(target=havoc, daemon=True)
        chaos.start()
        started = time.monotonic()
        operations = 0
        while time.monotonic() - started < args.seconds:
            try:
                operations += edit_at_random(chance, started + args.seconds)
            except Exception as exc:  # an edit that failed while a service was down: the editor tries again
                print(f"  edit failed during an outage, retried: {type(exc).__name__}", file=sys.stderr)
        stop.set()
        chaos.join()
        print(f"{operations} operations in {args.seconds:.0f} s; faults: " +
              ", ".join(f"{services.events.count(n)} {n}" for n in ("worker", "engine", "redis")))
        recovered = time.monotonic()
        reconcile.delay()  # beat's periodic reconcile, once the services are back
        drift = None
        while time.monotonic() - recovered < 300:
            try:
                status = indexes.status()
                drift = status.drift
                if drift is not None and drift.total == 0 and status.count == status.database:
                    break
            except Exception:
                pass
            time.sleep(1)
        print(f"drift after recovery: {drift} ({status.count} indexed, {status.database} visible), "
              f"recovered in {time.monotonic() - recovered:.1f} s (target: 0 drift)")
        services.stop_all()
        return 0 if drift is not None and drift.total == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
