"""`scripts/run`, the README's first command, as a new user runs it: with PORT set, every address it prints
and the site writes (the admin line, share links) uses that port, and a TERM stops everything it started
(the search engine, the Celery worker, gunicorn) and frees the ports. Runs the real script end to end."""
import os
import re
import signal
import socket
import subprocess
import threading
import urllib.request
from pathlib import Path

import pytest

from tests.helpers import free_port, wait_for

ROOT = Path(__file__).resolve().parent.parent


def session_processes(sid):
    """The processes still alive in the session the script leads (everything it started, however deep)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[3]) == sid and fields[0] != "Z":
                found.append(int(entry.name))
    return found


def port_is_free(port):
    """A server can listen there again (with SO_REUSEADDR, as servers do: the connections the test made may
    linger in TIME_WAIT on the server's side for a minute, which holds no one up)."""
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
            sock.listen()
        except OSError:
            return False
        return True


@pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="the script runs its own embedded set-up "
                    "(SQLite, the engine, a queue on disk) whatever the pass: the SQLite pass runs it")
def test_scripts_run_serves_at_its_port_and_stops_everything_on_term(tmp_path):
    port, engine_port = free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if k not in {
        "DATABASE_URL", "CELERY_BROKER_URL", "ELASTICSEARCH_URL", "SITE_URL", "CACHE_URL", "DJANGO_SETTINGS_MODULE"}}
    env.update(PORT=str(port), SEARCH_ENGINE_PORT=str(engine_port), VAR_DIR=str(tmp_path), WEB_WORKERS="1",
               WEB_THREADS="2")
    script = subprocess.Popen(["nice", "-n", "10", "scripts/run"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, start_new_session=True)
    lines = []
    threading.Thread(target=lambda: lines.extend(script.stdout), daemon=True).start()
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: any(line.startswith("Site:") for line in lines) or script.poll() is not None, timeout=900)
        output = "".join(lines)
        assert f"Site: {base}/   admin: {base}/admin/" in output, output[-3000:]
        assert re.search(rf"^Admin: {re.escape(base)}/admin/  user: admin  password: \S+$", output, re.M)
        assert ":8000" not in output

        def guide_page():
            try:
                return urllib.request.urlopen(base + "/chan-nuoi/ga-tha-vuon/", timeout=10).read().decode()
            except OSError:
                return None

        page = wait_for(guide_page, timeout=120)
        short = re.search(rf"{re.escape(base)}/g/(\d+)", page).group(0)  # the share links
        sms = urllib.request.urlopen(short + ".txt", timeout=10).read().decode()  # the SMS text
        assert sms.rstrip().endswith(short)
        started = session_processes(script.pid)
        assert len(started) >= 4  # the script, the engine, the worker (and its pool), gunicorn (and its worker)

        script.send_signal(signal.SIGTERM)
        assert script.wait(timeout=120) == 143
        wait_for(lambda: not session_processes(script.pid), timeout=60)
        assert port_is_free(port) and port_is_free(engine_port)
    finally:
        if session_processes(script.pid):
            os.killpg(script.pid, signal.SIGKILL)
