"""The kinds of document the index holds, and the index actions that write them.

Three kinds: technique guides, farmers' questions answered and published ("Hỏi đáp") and alerts while in
force, all keyed by page id in one index. Each kind names its page model, what of it a farmer may see
(loaded for its builder, `search.builders`), and the rows its document copies (`search.dependencies`).
Everything that walks the index's contents — rebuild, reconcile, the check of a page of results — goes
through `KINDS`.
"""
from collections.abc import Callable
from typing import NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from wagtail.models import Page

from kb.models import AlertPage, GuidePage, QuestionAnswerPage
from kb.models.visibility import VisiblePageQuerySet, in_force_q
from search.builders import (
    build_alert,
    build_answer,
    build_guide,
    indexable_alerts,
    indexable_answers,
    indexable_guides,
)
from search.dependencies import ALERT_DEPENDENCIES, ANSWER_DEPENDENCIES, GUIDE_DEPENDENCIES
from search.digest import states


class Kind(NamedTuple):
    """One kind of document in the index."""

    model: type  # its page model
    queryset: Callable  # what of it a farmer may see, loaded for `build`
    build: Callable  # one page → its document source
    dependencies: tuple  # the rows its document copies
    narrower: Callable | None = None  # a Q on Page its pages must also meet beyond being visible (see visible_ids)


KINDS = (Kind(GuidePage, indexable_guides, build_guide, GUIDE_DEPENDENCIES),
         Kind(QuestionAnswerPage, indexable_answers, build_answer, ANSWER_DEPENDENCIES),
         Kind(AlertPage, indexable_alerts, build_alert, ALERT_DEPENDENCIES,
              narrower=lambda: in_force_q("alertpage__")))


def source_of(page, cache=None):
    return next(kind.build for kind in KINDS if isinstance(page, kind.model))(page, cache)


def indexable(page_id):
    """The page of any kind with this id if a farmer may see it (loaded for `source_of`), else None."""
    return next((page for kind in KINDS for page in kind.queryset().filter(pk=page_id)), None)


def visible_ids(page_ids):
    """Which of `page_ids` a farmer may see, whatever their kind: one query, since every kind takes kb's one
    rule (`VisiblePageQuerySet.visible()`); asked for every page of results, so kept cheap."""
    types = ContentType.objects.get_for_models(*(kind.model for kind in KINDS))
    shown = Q()
    for kind in KINDS:  # each kind's own pages, and those only as far as its narrower rule allows
        shown |= Q(content_type=types[kind.model]) & (kind.narrower() if kind.narrower else Q())
    pages = VisiblePageQuerySet(Page).filter(shown, pk__in=page_ids)
    return set(pages.visible().values_list("pk", flat=True))


def indexable_count():
    return sum(kind.queryset().count() for kind in KINDS)


def expected_states(page_ids=None):
    """page id → (live revision, content hash) of every page of every kind a farmer may see (only
    `page_ids`, when given): what a reconcile compares with the index."""
    return states(KINDS, page_ids)


def iter_documents(page_ids=None):
    """Every indexable page of every kind (only `page_ids`, when given), in chunks as `iter_pages`."""
    for kind in KINDS:
        pages = kind.queryset() if page_ids is None else kind.queryset().filter(pk__in=page_ids)
        yield from iter_pages(pages)


def iter_pages(queryset, chunk_size=500):
    """Pages of `queryset` in primary-key chunks, each chunk with its relations prefetched in a few queries."""
    last_pk = 0
    while True:
        chunk = list(queryset.filter(pk__gt=last_pk).order_by("pk")[:chunk_size])
        if not chunk:
            return
        yield from chunk
        last_pk = chunk[-1].pk


def version_of(page):
    """The external version: the live revision id, so an older revision can never overwrite a newer."""
    return page.live_revision_id or 0


def index_action(index, page, cache=None):
    """A bulk `index` action for `page` into `index` (an alias or a concrete index). `external_gte` lets a
    related edit (a renamed commodity) rewrite a guide at the same revision."""
    return {"_op_type": "index", "_index": index, "_id": str(page.pk), "version": version_of(page),
            "version_type": "external_gte", "_source": source_of(page, cache)}


def delete_action(index, page_id, page=None):
    """A bulk `delete` action. While the page row exists the delete carries its revision as the version:
    an unversioned delete would bump the version past the revision and refuse the guide when it comes
    back (published again, or its restriction lifted)."""
    action = {"_op_type": "delete", "_index": index, "_id": str(page_id)}
    revision = page and (page.live_revision_id or page.latest_revision_id)
    if revision:
        action.update(version=revision, version_type="external_gte")
    return action
