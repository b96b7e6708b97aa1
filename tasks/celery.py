"""The Celery application, configured from Django settings (CELERY_*), and the one way to declare a task.

Every task is idempotent — it reads the database when it runs, not when it was queued — so every task is
acknowledged late (a worker that dies mid-task leaves it to run again) and stores no result (nothing
reads one). A task that talks to a service that can be down retries with exponential backoff instead of
failing; beyond its retries a periodic job repairs what it missed (the search reconcile).
"""
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("kb")
app.config_from_object("django.conf:settings", namespace="CELERY")

RETRY_POLICY = {
    "retry_backoff": 1,
    "retry_backoff_max": 60,
    "retry_jitter": False,
    "max_retries": 50,  # about 45 minutes
}


def task(*, retry_for=(), name=None):
    """Declare a task: late acknowledgement, no result, and backoff retries on the `retry_for` exceptions."""
    options = {"acks_late": True, "ignore_result": True}
    if retry_for:
        options.update(autoretry_for=tuple(retry_for), **RETRY_POLICY)
    if name:
        options["name"] = name
    return app.task(**options)
