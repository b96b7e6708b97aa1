"""Queueing a task never fails the caller: sent after commit, and a broker that is down is logged."""
import logging

import pytest
from celery import Celery
from django.db import transaction

from tasks.queue import dispatch_uid, enqueue_on_commit

unreachable = Celery("unreachable", set_as_current=False)
# The write URL, because CELERY_BROKER_URL in the environment overrides any app's broker; nothing listens on 1.
unreachable.conf.broker_write_url = "redis://127.0.0.1:1/0"


@unreachable.task(name="tests.ping")
def ping(value):
    return value


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_broker_that_is_down_is_logged_after_commit_and_the_caller_goes_on(caplog):
    with caplog.at_level(logging.ERROR, logger="tasks.queue"):
        with transaction.atomic():
            enqueue_on_commit(ping, 42)
            assert not caplog.records, "nothing is sent before the commit"
    assert "could not queue tests.ping(42,)" in caplog.text


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_rolled_back_transaction_queues_nothing(caplog):
    with caplog.at_level(logging.ERROR, logger="tasks.queue"), pytest.raises(RuntimeError):
        with transaction.atomic():
            enqueue_on_commit(ping, 42)
            raise RuntimeError("the caller's work failed")
    assert not caplog.records


def region_saved(sender, **kwargs):
    pass


def test_dispatch_uids_name_the_receiver_and_its_sender():
    from kb.models import Region

    assert dispatch_uid(region_saved) == "tests.test_task_queue.region_saved"
    assert dispatch_uid(region_saved, Region) == "tests.test_task_queue.region_saved:kb.Region"
