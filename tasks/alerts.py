"""Alerts: a published alert is planned and sent in batches (each channel at its own rate), the beat task
starts alerts whose period began, resumes deferred SMS and lost batches, closes alerts that ended and keeps
their search documents in step; "HUY" in a chat stops the farmer's alerts in the same transaction."""
from datetime import timedelta

from celery import current_task
from django.utils import timezone
from wagtail.signals import page_published

from alerts import delivery
from alerts.delivery import PlatformDown
from alerts.subscriptions import stop_conversation
from chat.models import Conversation
from chat.signals import conversation_stopped
from kb.models import AlertPage
from tasks.celery import task
from tasks.indexing import sync_guides
from tasks.queue import enqueue, enqueue_on_commit, receive

TICK_SECONDS = 60


@task()
def dispatch_alert(alert_id):
    """Plan an alert's deliveries and queue its batches, once (a second run finds the plan made)."""
    if delivery.plan(alert_id):
        resume_alert(alert_id)


@task()
def resume_alert(alert_id, due_only=False):
    """Queue batches for the alert's pending rows (`due_only`: those deferred until now or earlier)."""
    for channel, first, last in delivery.batches(alert_id, due_only=due_only):
        enqueue(send_batch, alert_id, channel, first, last)


@task(retry_for=(PlatformDown,))
def send_batch(alert_id, channel, first, last):
    # The task id is the attempt: a redelivered or retried run of this batch has the same one.
    return delivery.send_batch(alert_id, channel, first, last, attempt=current_task.request.id or "eager")


@task()
def tick():
    """Every minute (beat): start due alerts, resume what waits, close what ended, resync what changed."""
    for alert_id in delivery.due_alerts():
        enqueue(dispatch_alert, alert_id)
    for alert_id, due_only in delivery.resumable():
        enqueue(resume_alert, alert_id, due_only=due_only)
    for alert_id in delivery.finished_alerts():
        delivery.close(alert_id)
    changed = delivery.changed_state(timezone.now() - timedelta(seconds=2 * TICK_SECONDS))
    if changed:
        enqueue(sync_guides, changed)


def alert_published(sender, instance, **kwargs):
    enqueue_on_commit(dispatch_alert, instance.pk)


def connect():
    receive(page_published, alert_published, sender=AlertPage)
    receive(conversation_stopped, stop_conversation, sender=Conversation)
