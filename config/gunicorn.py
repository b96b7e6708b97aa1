"""gunicorn settings for scripts/run and production: `gunicorn -c config/gunicorn.py config.wsgi`.

Threaded workers: a request mostly waits on the database, the search engine or a PDF render, so a few
processes per core with several threads each keep the cores busy without a process per connection.
Every value can be changed from the environment (README, "Production").
"""
import ctypes
import ctypes.util
import multiprocessing
import os

bind = os.environ.get("BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
# One process per core, eight threads each: measured with bench/load.py on the 2-core machine, 2 × 8
# served 25.9 requests/s where 5 × 4 (2 × CPUs + 1) served 15.2 (each process warms and caches on its own).
workers = int(os.environ.get("WEB_WORKERS", multiprocessing.cpu_count()))
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS", 8))
# A field sheet renders in well under a second; a request still running after this is stuck.
timeout = int(os.environ.get("WEB_TIMEOUT", 60))
graceful_timeout = 30
keepalive = 5
# A farmer's message of 2,000 characters (search.params.MAX_QUERY) arrives as a request line of up to about
# 20 KB: a Vietnamese letter with its marks is up to 9 bytes percent-encoded. gunicorn refuses lines over
# 4 KB by default (414) and over 8 KB at most; 0 lifts its own limit, leaving its 1 MB ceiling.
limit_request_line = 0
# Recycle workers now and then so a slow leak never grows without bound.
max_requests = 2000
max_requests_jitter = 200
# Access log and errors to stderr, where the service manager (or scripts/run's terminal) keeps them.
accesslog = "/dev/stderr"
errorlog = "-"
loglevel = os.environ.get("WEB_LOG_LEVEL", "info")
# No control socket: it lives in a fixed place under ~/.gunicorn, which two servers on one machine would share.
control_socket_disable = True


def return_freed_memory(mmap_threshold=1024 * 1024):
    """Make glibc hand blocks over 1 MB (decoded photos, rendered sheets) back to the system when freed.
    Otherwise each of a worker's threads keeps its own heap holding the largest image it ever decoded,
    and a process's resident size creeps towards threads × that peak (bench/question_photo.py: four
    photos of 25 MP cleaned in turn by four threads rose 198 MB without this, 122 MB with it). Set in the
    master before it forks, so every worker has it; a no-op where the C library is not glibc."""
    libc_name = ctypes.util.find_library("c")
    libc = ctypes.CDLL(libc_name) if libc_name else None
    if libc is not None and hasattr(libc, "mallopt"):
        libc.mallopt(-3, mmap_threshold)  # M_MMAP_THRESHOLD; setting it also stops glibc raising it


return_freed_memory()
