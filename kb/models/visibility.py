"""What a farmer may see: the one rule, for every page type shown to the public.

A page is visible when it is live, public (no view restriction — password, login or groups — on the page
or any ancestor) and not past its expiry time. Wagtail marks a page `expired` only when
`publish_scheduled` next runs; until then the page is still `live`, so the expiry time is checked here.

Search documents, print packs, listings, field sheets and the indexing signals all ask this rule. A new
page type shown to farmers (a published farmer question, say) takes the same rule by declaring
`objects = VisiblePageManager()` and mixing in `VisiblePage`.
"""
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from wagtail.models import Page, PageManager, PageViewRestriction
from wagtail.query import PageQuerySet


class VisibleQuerySetMixin:
    """`visible()` for any page queryset."""

    def current(self):
        """Live and not past its expiry time, whatever its view restrictions."""
        return self.live().filter(Q(expire_at__isnull=True) | Q(expire_at__gt=timezone.now()))

    def visible(self):
        # The view restrictions are read when this is called, so the queryset is right at evaluation time
        # only if built then: build it per request or task, never at import.
        restricted = restricted_q()
        return self.current().exclude(restricted) if restricted else self.current()


def restricted_q():
    """The pages under a view restriction (password, sign-in or groups), its own page included: Wagtail's
    `public()` rule, reading only each restricted page's place in the tree (its own query loads every
    restricted page whole, which took a search page 1 ms twice)."""
    restricted = Q()
    for path, depth in PageViewRestriction.objects.values_list("page__path", "page__depth"):
        restricted |= Q(path__startswith=path, depth__gte=depth)
    return restricted


class VisiblePageQuerySet(VisibleQuerySetMixin, PageQuerySet):
    pass


VisiblePageManager = PageManager.from_queryset(VisiblePageQuerySet)


def visible_pages():
    """The visible pages of every type, for what may point at any page (the page a question was asked from)."""
    return VisiblePageQuerySet(Page).visible()


class VisiblePage:
    """The per-object twin of `visible()`: asks the same queryset, so the rule is written once."""

    def is_visible(self):
        return self.pk is not None and type(self).objects.visible().filter(pk=self.pk).exists()

    def serve(self, request, *args, **kwargs):
        """Past its expiry time a page is gone at once (404), not when publish_scheduled next unpublishes it.
        View restrictions stay Wagtail's to answer (a password or sign-in form), so only expiry is asked."""
        if self.expire_at and not type(self).objects.current().filter(pk=self.pk).exists():
            raise Http404
        return super().serve(request, *args, **kwargs)


class InForceQuerySetMixin(VisibleQuerySetMixin):
    """For content valid for a period (an alert): in force = visible, from `valid_from`, before `valid_until`,
    not ended early (`ended_at`) and not replaced by an update (which ends it). Past ones stay visible as
    pages (a farmer's old link still says what it was, marked ended), but only those in force are shown
    on banners, searched, fed and sent."""

    def in_force(self):
        return self.visible().filter(in_force_q())

    def past(self):
        return self.visible().exclude(in_force_q()).filter(valid_from__lte=timezone.now())


def in_force_q(prefix=""):
    """The period part of the rule as a Q, `prefix` reaching the fields from another model ("alertpage__")."""
    now = timezone.now()
    return Q(**{f"{prefix}valid_from__lte": now, f"{prefix}valid_until__gt": now, f"{prefix}ended_at__isnull": True})


class InForcePageQuerySet(InForceQuerySetMixin, PageQuerySet):
    pass


InForcePageManager = PageManager.from_queryset(InForcePageQuerySet)
