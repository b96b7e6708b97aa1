"""Queueing tasks from requests and signals: after the commit, and never at the caller's expense.

A task queued inside a transaction could run before its rows are visible to the worker, or act on rows
that a rollback then removes, so tasks are sent only once the transaction commits. A broker that is down
must not turn an editor's publish, an officer's print request or a farmer's search into an error: the
failure is logged, and the periodic reconcile (for the index) repairs what the task would have done.

Receivers are connected with `receive`, which names each connection by one scheme (the receiver's
dotted path and its sender), so connecting twice never doubles a task.
"""
import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def enqueue(task, *args, **kwargs):
    """Send `task(*args, **kwargs)` to the broker now; a broker that is down is logged, never raised."""
    try:
        task.delay(*args, **kwargs)
    except Exception:  # any broker failure: the caller's work is saved, only the task is late or lost
        logger.exception("could not queue %s%s: the broker is unreachable (the caller's change is saved)",
                         task.name, args)


def enqueue_on_commit(task, *args, **kwargs):
    """`enqueue` when the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: enqueue(task, *args, **kwargs))


def dispatch_uid(receiver, sender=None):
    """The one naming scheme for signal connections: receiver path, and the sender's model label if any."""
    name = f"{receiver.__module__}.{receiver.__qualname__}"
    return f"{name}:{sender._meta.label}" if sender is not None else name


def receive(signal, receiver, sender=None):
    """Connect `receiver` to `signal` (from `sender` only, when given) under its `dispatch_uid`."""
    signal.connect(receiver, sender=sender, dispatch_uid=dispatch_uid(receiver, sender), weak=False)
