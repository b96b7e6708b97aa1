"""Every row a document is built from, declared once: which change alters which documents.

A document copies text from other rows (commodities, regions, topics, the technology, officers), so each
kind of document declares here every change that alters it, which fields of the row it copies, and how to
find the pages that show the row. `tasks.signals` connects a receiver for each; `search.digest` digests
exactly the copied fields, so a reconcile finds a document whose copied text changed even when the task
that should have rewritten it was lost.
"""
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models.signals import post_delete, post_save, pre_delete
from taggit.models import Tag
from wagtail.models import Locale, Page, PageViewRestriction
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from kb.models import AlertPage, Commodity, Commune, GuidePage, Officer, Problem, QuestionAnswerPage, Region, Technology


@dataclass(frozen=True)
class Dependency:
    """One kind of change that alters documents: `signals` sent by `sender` (any sender when None), and
    `guides(instance)`, the ids of the pages whose documents it changes. The ids are read when the signal
    is sent — for a delete, before the rows that link a page to the instance are gone. `copies` names
    what the document copies from it, as a lookup from the page and the fields read at its end (none: the
    lookup's own value): `content_hash` digests exactly these. `visibility`: the change may show or hide
    the pages (a publication, a move, a restriction; `search.hidden` keeps the hidden ones out of every
    count until the worker has caught up). `restamp`: it changes what a cached answer may say — which pages
    are visible, or what the search's words mean (a commodity's or a place's names) — so answers cached under the
    visible stamp (`search.stamp`) are stale."""

    name: str
    sender: type | None
    signals: tuple
    guides: Callable
    copies: tuple = ()  # ((lookup from the page, (field, …)), …)
    restamp: bool = False
    visibility: bool = False


def _showing(model):
    """For a lookup `path`: the pages of `model` a farmer sees that show the instance through it (the others
    are not in the index)."""
    return lambda path: lambda instance: model.objects.visible().filter(**{path: instance}).values_list(
        "pk", flat=True).distinct()


def _under(model):
    """A page's pages of `model`, or the page itself: every one, visible or not, since a restriction or a
    move may have just hidden them."""
    def pages(page_id):
        page = Page.objects.filter(pk=page_id).first()
        return model.objects.descendant_of(page, inclusive=True).values_list("pk", flat=True) if page else []
    return pages


guides_under, answers_under = _under(GuidePage), _under(QuestionAnswerPage)
guides_showing, answers_showing = _showing(GuidePage), _showing(QuestionAnswerPage)

COPIED = (post_save, pre_delete)  # a copied row edited, or about to be deleted
PUBLICATION = (page_published, page_unpublished, post_delete)
MOVE = (post_page_move, page_slug_changed)
PRIVACY = (post_save, post_delete)

TREE = (("url_path", ()),)  # a move or a renamed parent changes the page's URL, not its revision
COMMODITY = ("name", "name_en", "alt_names", "slug")
REGION = ("name", "slug")
LOCALE = ("language_code",)
PROBLEM = ("name", "alt_names", "scientific_name", "signs")


def _copied(name, model, path, fields, showing, restamp=False):
    """A row the document copies `fields` of, reached from the page through `path`."""
    return Dependency(name, model, COPIED, showing(path), copies=((path, fields),), restamp=restamp)


def _page_changes(prefix, model, under):
    """The changes of a page itself: published, unpublished or deleted; moved or renamed; restricted."""
    return (
        Dependency(prefix, model, PUBLICATION, lambda page: [page.pk], restamp=True, visibility=True),
        Dependency(f"{prefix}-tree", None, MOVE, lambda page: under(page.pk), TREE, restamp=True, visibility=True),
        Dependency(f"{prefix}-privacy", PageViewRestriction, PRIVACY,
                   lambda restriction: under(restriction.page_id), restamp=True, visibility=True),
    )


GUIDE_DEPENDENCIES = (
    *_page_changes("guide", GuidePage, guides_under),
    _copied("commodity", Commodity, "commodities", COMMODITY, guides_showing, restamp=True),
    _copied("region", Region, "regions", REGION, guides_showing, restamp=True),  # a place's name: search.synonyms
    _copied("topic", Tag, "tagged_items__tag", ("name", "slug"), guides_showing),
    _copied("technology", Technology, "technology", ("name", "provider", "ip_status"), guides_showing),
    _copied("officer", Officer, "officers", ("name", "phone", "zalo"), guides_showing),
    _copied("locale", Locale, "locale", LOCALE, guides_showing),
    # A problem renamed links other guides (kb.models.problems): those that name it now count too.
    Dependency("problem", Problem, COPIED, lambda problem: GuidePage.objects.visible().filter(
        pk__in=problem.concerned_guides().values("pk")).values_list("pk", flat=True),
        copies=(("problems", PROBLEM),), restamp=True),
)

ANSWER_DEPENDENCIES = (
    *_page_changes("answer", QuestionAnswerPage, answers_under),
    _copied("answer-commodity", Commodity, "commodity", COMMODITY, answers_showing, restamp=True),
    _copied("answer-region", Region, "region", REGION, answers_showing),
    _copied("answer-locale", Locale, "locale", LOCALE, answers_showing),
)


def _alerts_showing(path):
    """Alerts in force (the third kind, searched only while in force) that show the instance through `path`."""
    return lambda instance: AlertPage.objects.in_force().filter(**{path: instance}).values_list(
        "pk", flat=True).distinct()


alerts_under = _under(AlertPage)
ALERT_DEPENDENCIES = (
    # post_save too: ending an alert early changes no revision (kb.AlertPage.end); the period's own end is
    # found by the beat task that syncs alerts whose period began or ended (tasks.alerts).
    Dependency("alert", AlertPage, (*PUBLICATION, post_save), lambda page: [page.pk], restamp=True,
               visibility=True),
    Dependency("alert-tree", None, MOVE, lambda page: alerts_under(page.pk), TREE, restamp=True, visibility=True),
    Dependency("alert-privacy", PageViewRestriction, PRIVACY, lambda restriction: alerts_under(restriction.page_id),
               restamp=True, visibility=True),
    _copied("alert-commodity", Commodity, "commodities", COMMODITY, _alerts_showing),
    _copied("alert-commune", Commune, "communes", ("name", "former_names"), _alerts_showing, restamp=True),
    _copied("alert-locale", Locale, "locale", LOCALE, _alerts_showing),
)

ALL = (*GUIDE_DEPENDENCIES, *ANSWER_DEPENDENCIES, *ALERT_DEPENDENCIES)
RESTAMPING = {(signal, dependency.sender) for dependency in ALL if dependency.restamp for signal in dependency.signals}
HIDING = tuple(dependency for dependency in ALL if dependency.visibility)
