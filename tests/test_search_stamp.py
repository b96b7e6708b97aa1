"""The visible stamp every search reads first is kept apart from the answers cached per query: filling the
default cache (facet counts, fallback answers) past its size never drops it, since a dropped stamp starts a
new generation and the next search reads the vocabulary again from every guide."""
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
