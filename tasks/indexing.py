"""Celery tasks that keep the search index equal to what is published.

Each task reads the database when it runs, not when it was queued, and writes with the live revision id
as an external version: running a task twice, or an old task after a newer one, leaves the index right.
While the engine is unreachable the tasks retry with exponential backoff (capped at a minute).
"""
import logging

from celery import shared_task
from elastic_transport import ConnectionError, ConnectionTimeout
from elasticsearch import ApiError

from search import indexes

logger = logging.getLogger(__name__)

RETRYING = {
    "acks_late": True,
    "ignore_result": True,
    "autoretry_for": (ConnectionError, ConnectionTimeout),
    "retry_backoff": 1,
    "retry_backoff_max": 60,
    "retry_jitter": False,
    "max_retries": 50,  # about 45 minutes; beyond that the periodic reconcile repairs it
}


@shared_task(**RETRYING)
def index_guide(page_id):
    """Index the guide if it is live and public, remove it otherwise."""
    outcome = indexes.write_guide(page_id)
    logger.info("guide %s %s", page_id, outcome)


@shared_task(**RETRYING)
def remove_guide(page_id):
    """Remove a deleted guide (the database no longer has it, so the same write removes it)."""
    outcome = indexes.write_guide(page_id)
    logger.info("guide %s %s", page_id, outcome)


@shared_task(**RETRYING)
def index_guides(page_ids):
    """Re-index several guides, e.g. after a commodity, technology or officer they show was edited."""
    for page_id in page_ids:
        indexes.write_guide(page_id)
    logger.info("re-indexed %d guides", len(page_ids))


@shared_task(acks_late=True, ignore_result=True)
def reconcile():
    """Periodic safety net: repair every difference between the live index and the database."""
    try:
        fixed = indexes.reconcile()
    except (ConnectionError, ConnectionTimeout, ApiError) as exc:
        logger.warning("reconcile skipped: search engine unavailable (%s)", exc)
        return
    if fixed.total:
        logger.warning("reconcile repaired %s", fixed)
