"""Wagtail's scheduled publishing and expiry, run by Celery beat instead of a cron job."""
from django.core.management import call_command

from tasks.celery import task


@task()
def publish_scheduled():
    """Publish pages whose go-live time has come and unpublish expired ones (sending Wagtail's signals)."""
    call_command("publish_scheduled")
