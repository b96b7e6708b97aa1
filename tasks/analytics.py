"""Search analytics: every search the page or the API answers becomes a SearchRecord, written by the
worker in batches on its own queue ("analytics", CELERY_TASK_ROUTES), so a burst of searches never
delays indexing or expiry on the default queue, and recording never slows a farmer's search or fails it.

Each web process buffers the events of its searches (queries already masked: no phone number or e-mail
address leaves the request) and queues them as one task when BATCH_SIZE have gathered or FLUSH_SECONDS
after the first. A process that dies loses at most that buffer: analytics, never content.
"""
import atexit
import logging
import threading
from dataclasses import replace

from django.db import transaction

from analytics.models import SearchRecord
from analytics.privacy import masked_query
from search.signals import SearchEvent, search_performed
from tasks.celery import task
from tasks.queue import enqueue, receive

logger = logging.getLogger(__name__)
BATCH_SIZE = 100
FLUSH_SECONDS = 5.0


@task()
def record_searches(events):
    """Write a batch of searches (SearchEvent.as_dict() each) in one query."""
    SearchRecord.objects.bulk_create(SearchRecord.from_event(SearchEvent.from_dict(e)) for e in events)


class Buffer:
    """The events of this process not yet queued."""

    def __init__(self):
        self.events, self.lock, self.timer = [], threading.Lock(), None

    def add(self, event):
        with self.lock:
            self.events.append(event.as_dict())
            full = len(self.events) >= BATCH_SIZE
            if not full and self.timer is None:
                self.timer = threading.Timer(FLUSH_SECONDS, self.flush)
                self.timer.daemon = True
                self.timer.start()
        if full:
            self.flush()

    def take(self):
        """The events gathered so far, no longer this buffer's (its timer stopped)."""
        with self.lock:
            events, self.events = self.events, []
            if self.timer is not None:
                self.timer.cancel()
                self.timer = None
        return events

    def flush(self):
        events = self.take()
        if events:  # from a timer thread too, outside any transaction: sent now
            enqueue(record_searches, events)


buffer = Buffer()
atexit.register(buffer.flush)


def search_was_performed(sender, event, **kwargs):
    event = replace(event, query=masked_query(event.query))
    transaction.on_commit(lambda: buffer.add(event))


def connect():
    receive(search_performed, search_was_performed)
