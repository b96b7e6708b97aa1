"""Celery tasks that keep the search index equal to what farmers may see.

Each task reads the database when it runs, not when it was queued, and writes with the live revision id
as an external version: running a task twice, or an old task after a newer one, leaves the index right.
While the engine is unreachable the tasks retry with exponential backoff (`tasks.celery.task`).
"""
import logging

from elastic_transport import ConnectionError, ConnectionTimeout
from elasticsearch import ApiError

from search import indexes
from search.stamp import visible_stamp
from search.vocabulary import vocabulary
from tasks.celery import task

logger = logging.getLogger(__name__)

ENGINE_DOWN = (ConnectionError, ConnectionTimeout)


@task(retry_for=ENGINE_DOWN)
def sync_guides(page_ids):
    """Make the index agree with the database about these guides: index each one a farmer may see, remove
    the others (unpublished, restricted, expired or deleted)."""
    outcomes = [indexes.write_guide(page_id) for page_id in page_ids]
    logger.info("synced %d guides (%d indexed, %d removed)", len(outcomes), outcomes.count("indexed"),
                outcomes.count("removed"))
    # The words visible guides use, read again here for what is visible now, so that the first farmer's
    # search after a publication finds them in the shared cache instead of reading every guide (1.2 s at
    # 10,000 guides).
    vocabulary(visible_stamp())


# Earlier releases queued these three names. A message already in the broker names its task; a worker that
# does not know the name drops it, and the index would stay wrong until the next reconcile. They run the
# one task; remove them once no message of a release older than sync_guides can be waiting.
@task(retry_for=ENGINE_DOWN)
def index_guide(page_id):
    sync_guides(page_ids=[page_id])


@task(retry_for=ENGINE_DOWN)
def remove_guide(page_id):
    sync_guides(page_ids=[page_id])


@task(retry_for=ENGINE_DOWN)
def index_guides(page_ids):
    sync_guides(page_ids=page_ids)


@task()
def reconcile():
    """Periodic safety net: repair every difference between the live index and the database."""
    try:
        fixed = indexes.reconcile()
    except (*ENGINE_DOWN, ApiError) as exc:
        logger.warning("reconcile skipped: search engine unavailable (%s)", exc)
        return
    if fixed.total:
        logger.warning("reconcile repaired %s", fixed)
