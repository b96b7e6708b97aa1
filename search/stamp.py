"""The key under which answers computed from what farmers may see are cached (the vocabulary, facet
counts, the database fallback's answers): a generation counter in the shared cache.

Every write that changes what a farmer may see (a page published, unpublished, deleted, moved or put under
a restriction: the dependencies marked `restamp` in `search.dependencies`), or what the search's words mean
(a commodity's or a problem's names), bumps the counter as it happens and once more when its transaction
commits, so nothing computed from the uncommitted state outlives it. An expiry writes nothing, so the time
the next live page expires is kept beside the counter, and the first search after it bumps the counter and
records the expired pages as hidden.
Reading the stamp is one cache read; no query over the guide table.

A cache that lost the counter (restarted, evicted) starts it again from the clock in milliseconds: higher
than any value it reached before, so a key of the old generation is never reused.
"""
import hashlib
import json
import time

from django.core.cache import caches
from django.db import transaction
from django.utils import timezone
from django.utils.connection import ConnectionProxy
from wagtail.models import Page

from search.models import HiddenPage

# Its own cache: never culled by the answers cached per query (config/settings.py, "search").
cache = ConnectionProxy(caches, "search")
GENERATION = "search:generation"
NEXT_EXPIRY = "search:next-expiry"  # time.time() when the next live page expires; 0: none is due to
KEEP = None  # both keys are kept until replaced


def _next_expiry():
    """When the next live page with an expiry time expires (seconds since the epoch), or 0."""
    upcoming = (Page.objects.filter(live=True, expire_at__gt=timezone.now()).order_by("expire_at")
                .values_list("expire_at", flat=True).first())
    return upcoming.timestamp() if upcoming else 0


def bump():
    """A new generation: every answer cached under the previous stamp is no longer used."""
    try:
        generation = cache.incr(GENERATION)
        # Django's `incr` writes the counter back with the cache's default timeout on some backends (the
        # file cache: five minutes), after which a search would start a new generation for nothing and
        # read the vocabulary again from every guide (1.2 s at 10,000 guides).
        cache.touch(GENERATION, KEEP)
    except ValueError:  # no counter in the cache
        generation = int(time.time() * 1000)
        cache.set(GENERATION, generation, KEEP)
    cache.set(NEXT_EXPIRY, _next_expiry(), KEEP)
    return generation


def bump_now_and_on_commit(**kwargs):
    """The receiver of every change that alters what a farmer may see or what the search's words mean."""
    bump()
    transaction.on_commit(bump)


def _expired():
    """Live pages past their expiry time are hidden from every count at once (`search.hidden`), even if
    their documents were written before the expiry time was set and the worker is stopped."""
    now = timezone.now()
    pages = Page.objects.filter(live=True, expire_at__lte=now).values_list("pk", flat=True)
    HiddenPage.objects.bulk_create([HiddenPage(page_id=pk, since=now) for pk in pages], ignore_conflicts=True)


def visible_stamp():
    """The current generation, as a short string to put in cache keys."""
    found = cache.get_many([GENERATION, NEXT_EXPIRY])
    generation, expiry = found.get(GENERATION), found.get(NEXT_EXPIRY)
    if expiry and time.time() >= expiry:
        _expired()
    if generation is None or expiry is None or (expiry and time.time() >= expiry):
        generation = bump()
    return str(generation)


def stamped_key(prefix, stamp, asked):
    """A cache key for an answer computed from the visible pages: `asked` (anything JSON can write) under
    `stamp` (a `visible_stamp()`), so the key changes when what a farmer may see does."""
    digest = hashlib.sha1(json.dumps(asked, sort_keys=True, default=str).encode()).hexdigest()
    return f"{prefix}:{stamp}:{digest}"
