"""The daily counts of the reports: every hour the days not yet counted and the last week are counted again,
then the raw events past their retention that are counted are purged — in that order, in one task."""
import logging

from reports.aggregation import aggregate, purge
from tasks.celery import task

logger = logging.getLogger(__name__)


@task()
def count_and_purge():
    first, last, rows = aggregate()
    searches, uses = purge()
    logger.info("counted %s–%s (%d rows); purged %d search records and %d usage events", first, last, rows,
                searches, uses)
    return rows, searches, uses
