"""Search analytics: each search the page or API answers is written to SearchRecord by a Celery task,
so recording never slows a farmer's search or fails it."""
import logging

from django.db import transaction

from search.models import SearchRecord
from search.signals import search_performed
from tasks.celery import app

logger = logging.getLogger(__name__)


@app.task(ignore_result=True)
def record_search(query, filters, sector, total, duration_ms, degraded, source):
    SearchRecord.objects.create(query=query, sector=sector, filters=filters,
                                result_count=total, duration_ms=duration_ms, degraded=degraded, source=source)


def search_was_performed(sender, event, **kwargs):
    fields = {key: getattr(event, key) for key in ("query", "filters", "sector", "total", "duration_ms", "degraded",
                                                   "source")}

    def send():
        try:
            record_search.delay(**fields)
        except Exception:  # a broker that is down costs one analytics row, never the search
            logger.exception("could not queue the search record")

    transaction.on_commit(send)


def connect():
    search_performed.connect(search_was_performed, dispatch_uid="analytics-search-performed")
