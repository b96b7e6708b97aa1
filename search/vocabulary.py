"""The words visible guides use, for the query steps that must know them: did-you-mean (`search.spelling`)
and query understanding (`search.understanding`: keyboard residue, run-together syllables).

Built from the titles, summaries and commodity names (with their alternative names) of the guides a farmer
may see, and the curated regional names (`search.synonyms`) — not the bodies, so building stays cheap with
100,000 guides. Cached under a key that changes when a guide is published, unpublished, removed or expires
or a view restriction is added or lifted; a commodity's edited names count after at most CACHE_SECONDS.
The key is read from two small aggregates (working out visibility page by page costs more than the rest
of a search's own work), and the process keeps the last vocabulary it used, so a search pays no cache read.
"""
import time
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.core.cache import cache

from kb.models import Commodity, GuidePage
from kb.text import fold, words
from search.stamp import visible_stamp
from search.synonyms import curated_groups

CACHE_KEY = "search:vocabulary"
CACHE_SECONDS = 300
_last = {}


@dataclass(frozen=True)
class Vocabulary:
    counts: dict  # folded word → how often guides use it
    written: dict  # folded word → its most common written form
    titles: dict  # the same, for words of titles and commodity names only: what a correction may offer
    total: int  # sum of counts
    built_at: float  # time.time() when built
    stamp: str  # the visible_stamp() it was built for: answers computed with it may be cached under it


def _texts():
    """(text, whether it names a guide or a commodity) for every text the vocabulary is built from."""
    guides = GuidePage.objects.visible()
    for title, summary in guides.values_list("title", "summary"):
        yield title, True
        yield summary, False
    # Only the commodities of those guides: never a name that only a draft, private or expired guide uses.
    commodities = Commodity.objects.filter(guides__in=guides.values("pk")).distinct()
    for name, alternatives in commodities.values_list("name", "alt_names"):
        yield f"{name}\n{alternatives or ''}", True
    for group in curated_groups():
        yield "\n".join(group), False


def _build(stamp):
    forms, title_forms = defaultdict(Counter), defaultdict(Counter)
    for text, is_name in _texts():
        for word in words(text):
            if not word.isdigit():
                forms[fold(word)][word] += 1
                if is_name:
                    title_forms[fold(word)][word] += 1
    counts = {key: sum(counter.values()) for key, counter in forms.items()}
    return Vocabulary(counts=counts, written={key: c.most_common(1)[0][0] for key, c in forms.items()},
                      titles={key: c.most_common(1)[0][0] for key, c in title_forms.items()},
                      total=sum(counts.values()), built_at=time.time(), stamp=stamp)


def vocabulary():
    """The current Vocabulary of visible guides."""
    stamp = visible_stamp()
    key = f"{CACHE_KEY}:{stamp}"
    found = _last.get(key)
    if found is None or time.time() - found.built_at >= CACHE_SECONDS:
        found = cache.get(key)
        if found is None:
            found = _build(stamp)
            cache.set(key, found, CACHE_SECONDS)
        _last.clear()
        _last[key] = found
    return found
