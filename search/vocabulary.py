"""The words visible guides use, for the query steps that must know them: did-you-mean (`search.spelling`)
and query understanding (`search.understanding`: keyboard residue, run-together syllables, which words
typed with diacritics the guides use as typed).

Built from the titles, summaries and commodity names (with their alternative names) of the guides a farmer
may see, the names and signs of the problems (diseases, pests) and the curated regional names
(`search.synonyms`) — not the bodies, so building stays cheap with 100,000 guides. Kept under the visible
stamp (`search.stamp`), which a publication, an unpublication, an expiry, a restriction or an edited
commodity or problem moves: in the shared cache for the other processes, and in the process that last used
it, so a search pays no cache read for it.
"""
from collections import Counter, defaultdict
from dataclasses import dataclass

from kb.models import Commodity, GuidePage, Problem
from kb.text import fold, words
from search.stamp import cache
from search.synonyms import curated_groups

CACHE_KEY = "search:vocabulary"
CACHE_SECONDS = 24 * 3600  # a stamp rarely lives this long; the key changes with it anyway
_last = {}


@dataclass(frozen=True)
class Vocabulary:
    counts: dict  # folded word → how often guides use it
    written: dict  # folded word → its most common written form
    titles: dict  # the same, for words of titles and commodity names only: what a correction may offer
    spellings: frozenset  # every written form (diacritics as written)
    total: int  # sum of counts
    stamp: str  # the visible stamp it was built for: answers computed with it may be cached under it


def _texts():
    """(text, whether it names a guide or a commodity) for every text the vocabulary is built from."""
    guides = GuidePage.objects.visible()
    for title, summary in guides.values_list("title", "summary"):
        yield title, True
        yield summary, False
    # Only the commodities of those guides: never a name that only a draft, private or expired guide uses.
    commodities = Commodity.objects.filter(guides__in=guides.values("pk")).distinct()
    for name, english, alternatives in commodities.values_list("name", "name_en", "alt_names"):
        yield f"{name}\n{english}\n{alternatives or ''}", True
    for name, alternatives, signs in Problem.objects.values_list("name", "alt_names", "signs"):
        yield f"{name}\n{alternatives}\n{signs}", False
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
                      spellings=frozenset(word for counter in forms.values() for word in counter),
                      total=sum(counts.values()), stamp=stamp)


def vocabulary(stamp):
    """The Vocabulary of the pages visible under `stamp` (a `search.stamp.visible_stamp()`)."""
    found = _last.get(stamp)
    if found is None:
        key = f"{CACHE_KEY}:{stamp}"
        found = cache.get(key)
        if found is None:
            found = _build(stamp)
            cache.set(key, found, CACHE_SECONDS)
        _last.clear()
        _last[stamp] = found
    return found
