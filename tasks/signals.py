"""Wagtail and Django signals → indexing tasks, queued only once the transaction commits.

What can change a guide's place in the index: publish, unpublish, delete, move, a view restriction
added or removed on it or an ancestor, and an edit of a commodity, technology or officer whose text the
guide's document carries.
"""
import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from kb.models import Commodity, GuidePage, Officer, Technology
from search.signals import stale_hits
from tasks.indexing import index_guide, index_guides, remove_guide

logger = logging.getLogger(__name__)


def _queue(task, *args):
    """Queue after commit. A broker that is down must not fail the editor's publish: log it, and let the
    periodic reconcile repair the index."""
    def send():
        try:
            task.delay(*args)
        except Exception:  # any broker failure: the page is saved, only the index update is late
            logger.exception("could not queue %s%s; the next reconcile will repair the index", task.name, args)

    transaction.on_commit(send)


def _guide_ids_under(page):
    """The guide itself, or every guide below a section page."""
    return list(GuidePage.objects.descendant_of(page, inclusive=True).values_list("pk", flat=True))


def guide_published_or_unpublished(sender, instance, **kwargs):
    _queue(index_guide, instance.pk)


def guide_deleted(sender, instance, **kwargs):
    _queue(remove_guide, instance.pk)


def page_moved(sender, instance, **kwargs):
    ids = _guide_ids_under(instance)
    if ids:
        _queue(index_guides, ids)


def restriction_changed(sender, instance, **kwargs):
    """A view restriction hides (or, removed, shows again) the page and everything below it."""
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        ids = _guide_ids_under(page)
        if ids:
            _queue(index_guides, ids)


def related_changed(sender, instance, **kwargs):
    """A commodity, technology or officer edited (or about to be deleted) changes the text of the live
    guides that show it; their ids are taken now, while the relation still exists."""
    lookup = {Commodity: "commodities", Officer: "officers", Technology: "technology"}[sender]
    ids = list(GuidePage.objects.live().filter(**{lookup: instance}).values_list("pk", flat=True).distinct())
    if ids:
        _queue(index_guides, ids)


def stale_hits_found(sender, page_ids, **kwargs):
    """A search met guides the index should no longer hold (and did not show them): write them again."""
    _queue(index_guides, page_ids)


def connect():
    stale_hits.connect(stale_hits_found, dispatch_uid="search-stale-hits")
    page_published.connect(guide_published_or_unpublished, sender=GuidePage, dispatch_uid="search-published")
    page_unpublished.connect(guide_published_or_unpublished, sender=GuidePage, dispatch_uid="search-unpublished")
    post_delete.connect(guide_deleted, sender=GuidePage, dispatch_uid="search-deleted")
    post_page_move.connect(page_moved, dispatch_uid="search-moved")
    post_save.connect(restriction_changed, sender=PageViewRestriction, dispatch_uid="search-privacy-saved")
    post_delete.connect(restriction_changed, sender=PageViewRestriction, dispatch_uid="search-privacy-deleted")
    for model in (Commodity, Officer, Technology):
        post_save.connect(related_changed, sender=model, dispatch_uid=f"search-{model.__name__}-saved")
        pre_delete.connect(related_changed, sender=model, dispatch_uid=f"search-{model.__name__}-deleted")
