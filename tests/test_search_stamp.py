"""The visible stamp every search reads first is kept apart from the answers cached per query: filling the
default cache (facet counts, fallback answers) past its size never drops it, since a dropped stamp starts a
new generation and the next search reads the vocabulary again from every guide."""
import time

import pytest
from django.core.cache import cache

from search.stamp import visible_stamp
from search.vocabulary import vocabulary

pytestmark = pytest.mark.django_db


def test_the_stamp_and_vocabulary_outlive_a_default_cache_filled_past_its_size():
    stamp = visible_stamp()
    vocabulary(stamp)
    for number in range(1000):  # more than the default cache holds before it drops a third
        cache.set(f"answer:{number}", number)
    assert visible_stamp() == stamp


def test_a_publication_moves_the_stamp_which_then_holds_past_the_caches_default_timeout(settings, tmp_path):
    """On the file cache (the embedded default) Django's `incr` wrote the counter back with the default
    timeout, so a generation ended that long after every publication."""
    from kb.importer import import_lines
    from tests.helpers import guide_line

    settings.CACHES = {**settings.CACHES, "search": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(tmp_path), "TIMEOUT": 1}}
    before = visible_stamp()
    assert import_lines([guide_line("lua-moi", "Giống lúa mới cho vụ hè thu")], publish=True).ok
    after = visible_stamp()
    assert after != before
    time.sleep(1.5)
    assert visible_stamp() == after


def test_the_worker_syncing_a_publication_reads_the_new_vocabulary_before_any_search(search_index):
    """The first farmer's search after a publication finds the words visible guides use in the shared cache:
    the worker that indexed it read them (at 10,000 guides a search would wait 1.2 s for them)."""
    from django.core.cache import caches

    from kb.importer import import_lines
    from kb.models import GuidePage
    from search.vocabulary import CACHE_KEY
    from tasks.indexing import sync_guides
    from tests.helpers import guide_line

    assert import_lines([guide_line("ca-keo", "Nuôi cá kèo trong ao", commodities=["Cá kèo"])], publish=True).ok
    key = f"{CACHE_KEY}:{visible_stamp()}"
    assert caches["search"].get(key) is None

    sync_guides(page_ids=[GuidePage.objects.get(slug="ca-keo").pk])

    assert "keo" in caches["search"].get(key).counts
