"""Pages the index may still hold that a farmer may no longer see, kept out of every count.

The index follows the database through the worker, which may be slow or stopped. A page that is hidden
(unpublished, deleted, put under a view restriction, moved under one) is recorded here in the same
transaction as the change (`record`, connected in `search.apps` to the changes `search.dependencies`
marks `visibility`); the engine query leaves the recorded pages out (`must_not`), so hits, totals, the
number of pages and facet counts never count them, and the worker, once it has removed a document,
forgets the page (`forget`). A page past its expiry time is left out by the engine itself (each document
carries `expire_at`). A hidden page met anyway by a search (a bulk update no signal reports) is recorded
then, and reported for repair once: repeated searches queue no more than that one repair (`noticed`).
"""
from django.db import IntegrityError, transaction
from django.utils import timezone

from search.documents import visible_ids
from search.models import HiddenPage
from search.stamp import bump

_by_stamp = {}


def record(page_ids):
    """After a change of visibility: remember the pages of `page_ids` a farmer may not see now, forget the
    ones they may."""
    page_ids = set(page_ids)
    if not page_ids:
        return
    visible = visible_ids(page_ids)
    HiddenPage.objects.filter(page_id__in=visible).delete()
    _add(page_ids - visible)


def receiver(dependency):
    """The receiver of one change of visibility (a `search.dependencies.Dependency`)."""
    def changed(sender, instance, **kwargs):
        record(dependency.guides(instance))

    changed.__qualname__ = f"changed.{dependency.name}"
    return changed


def _add(page_ids):
    if not page_ids:  # the usual search: no write transaction (on SQLite, the database's one write lock)
        return []
    now = timezone.now()
    known = set(HiddenPage.objects.filter(page_id__in=page_ids).values_list("page_id", flat=True))
    added = sorted(set(page_ids) - known)
    try:
        with transaction.atomic():
            HiddenPage.objects.bulk_create([HiddenPage(page_id=pk, since=now) for pk in added],
                                           ignore_conflicts=True)
    except IntegrityError:  # another request recorded them first
        return []
    return added


def noticed(page_ids):
    """A search met these hidden pages in the index: remember them (so the next searches leave them out);
    the ones not remembered before."""
    added = _add(page_ids)
    if added:
        bump()
    return added


def forget(page_ids, before):
    """The index agrees with the database about these pages since `before` (a time taken before the
    database was read): no need to leave them out any longer. None: every page."""
    pages = HiddenPage.objects.filter(since__lte=before)
    (pages if page_ids is None else pages.filter(page_id__in=page_ids)).delete()


def ids(stamp):
    """The pages to leave out of a search under the visible stamp `stamp` (read once per stamp in each
    process: every change that hides a page moves the stamp)."""
    found = _by_stamp.get(stamp)
    if found is None:
        found = frozenset(HiddenPage.objects.values_list("page_id", flat=True))
        _by_stamp.clear()
        _by_stamp[stamp] = found
    return found
