"""Search analytics: each search the page or API answers is written to SearchRecord by a Celery task,
so recording never slows a farmer's search or fails it."""
from search.models import SearchRecord
from search.signals import search_performed
from tasks.celery import task
from tasks.queue import enqueue_on_commit, receive

FIELDS = ("query", "filters", "sector", "total", "duration_ms", "degraded", "source")


@task()
def record_search(query, filters, sector, total, duration_ms, degraded, source):
    SearchRecord.objects.create(query=query, sector=sector, filters=filters,
                                result_count=total, duration_ms=duration_ms, degraded=degraded, source=source)


def search_was_performed(sender, **data):
    enqueue_on_commit(record_search, **{key: data[key] for key in FIELDS})


def connect():
    receive(search_performed, search_was_performed)
