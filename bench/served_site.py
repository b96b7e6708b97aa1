"""A production-like site of the benchmarks' own: a fresh SQLite database under a temporary VAR_DIR, the
bundled search engine, DEBUG off, collected static files, rate limits off, and content (the demo guides,
an import file, or the demo plus synthetic guides up to a count). Served by gunicorn or, for comparison,
Django's development server, on a free loopback port."""
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def manage(*args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def prepared(guides=None, count=None):
    """Environment variables set, database migrated and filled, index rebuilt; yields nothing else."""
    from osmem_server import OsmemServer

    with tempfile.TemporaryDirectory(prefix="kb-bench-") as var:
        engine = OsmemServer.start(japanese=False)
        os.environ.update(VAR_DIR=var, DJANGO_SETTINGS_MODULE="config.settings", DEBUG="false",
                          ELASTICSEARCH_URL=engine.url, CELERY_BROKER_URL="memory://", RATE_LIMITS="off",
                          ALLOWED_HOSTS="127.0.0.1,localhost")
        os.environ.pop("DATABASE_URL", None)
        try:
            manage("migrate", "--noinput")
            manage("collectstatic", "--noinput")
            if guides:
                manage("import_guides", str(Path(guides).resolve()), "--publish")
            else:
                manage("load_demo")
                if count:
                    live = int(subprocess.run(
                        [sys.executable, "manage.py", "shell", "-c",
                         "from kb.models import GuidePage; print(GuidePage.objects.visible().count())"],
                        cwd=ROOT, check=True, capture_output=True, text=True).stdout.split()[-1])
                    if count > live:
                        manage("generate_guides", "--count", str(count - live), "--seed", "1")
            manage("search_index", "rebuild")
            yield
        finally:
            engine.close()


@contextmanager
def served(server="gunicorn"):
    """The prepared site served by `server` ("gunicorn" or "runserver"); yields its base URL."""
    port = free_port()
    os.environ["SITE_URL"] = base = f"http://127.0.0.1:{port}"
    if server == "gunicorn":
        command = [str(Path(sys.executable).with_name("gunicorn")), "-c", "config/gunicorn.py",
                   "--bind", f"127.0.0.1:{port}", "--access-logfile", "/dev/null", "config.wsgi"]
    else:
        command = [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)
