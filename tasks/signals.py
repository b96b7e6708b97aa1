"""Signals → indexing tasks, generated from the documents' own declarations.

`search.dependencies.GUIDE_DEPENDENCIES` lists every change that alters guide documents (publish, unpublish,
delete, move, a slug or privacy change, an edit of any row a document copies) and how to find the guides
concerned. Here each becomes a receiver that reads those guide ids when the signal is sent and queues
their sync once the transaction commits. A new document type declares its own dependencies and adds a
line to DOCUMENTS.
"""
from search.dependencies import ALERT_DEPENDENCIES, ANSWER_DEPENDENCIES, GUIDE_DEPENDENCIES
from search.signals import stale_hits
from tasks.indexing import sync_guides
from tasks.queue import enqueue_on_commit, receive

# Published farmers' questions live in the same index as guides (by page id), so one sync task serves both.
DOCUMENTS = ((GUIDE_DEPENDENCIES, sync_guides), (ANSWER_DEPENDENCIES, sync_guides),
             (ALERT_DEPENDENCIES, sync_guides))


def documents_changed(dependency, sync):
    """The receiver for one dependency: the ids are read at once (before a delete removes the links that
    find them), the task is queued after commit."""

    def receiver(sender, instance, **kwargs):
        ids = list(dependency.guides(instance))
        if ids:
            enqueue_on_commit(sync, ids)

    receiver.__qualname__ = f"{documents_changed.__qualname__}.{sync.__name__}.{dependency.name}"
    return receiver


def stale_hits_found(sender, page_ids, **kwargs):
    """A search met guides the index should no longer hold (and did not show them): sync their documents."""
    enqueue_on_commit(sync_guides, page_ids)


def connect():
    receive(stale_hits, stale_hits_found)
    for dependencies, sync in DOCUMENTS:
        for dependency in dependencies:
            receiver = documents_changed(dependency, sync)
            for signal in dependency.signals:
                receive(signal, receiver, sender=dependency.sender)
