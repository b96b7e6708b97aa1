"""“Có phải bạn muốn tìm …?”: the closest spelling of a query in the words guides actually use.

The vocabulary is every word of visible guide titles and of their commodities' names and alternative names, folded
(no diacritics) and remembered with its most common written form, so "lau" can become "lúa" and "xoai"
"xoài". A word already known is kept; an unknown one is replaced by the known word at the smallest edit
distance, if that distance is small for the word's length. Cached under a key that changes when a guide is
published or removed; a commodity's edited alternative names count after at most CACHE_SECONDS.
"""
from collections import Counter, defaultdict

from django.core.cache import cache
from django.db.models import Count, Max

from kb.models import Commodity, GuidePage
from kb.text import fold, words

CACHE_KEY = "search:spelling-vocabulary"
CACHE_SECONDS = 300


def _texts():
    """Titles of the guides a farmer may see and the names of their commodities: never a word that only a
    draft, private or expired guide uses."""
    guides = GuidePage.objects.visible()
    yield from guides.values_list("title", flat=True)
    commodities = Commodity.objects.filter(guides__in=guides.values("pk")).distinct()
    for name, alternatives in commodities.values_list("name", "alt_names"):
        yield name
        yield alternatives or ""


def vocabulary():
    """folded word → its most common written form."""
    state = GuidePage.objects.visible().aggregate(count=Count("pk"), last=Max("last_published_at"))
    key = f"{CACHE_KEY}:{state['count']}:{state['last'].timestamp() if state['last'] else 0}"
    found = cache.get(key)
    if found is None:
        forms = defaultdict(Counter)
        for text in _texts():
            for word in words(text):
                if not word.isdigit():
                    forms[fold(word)][word] += 1
        found = {folded: counter.most_common(1)[0][0] for folded, counter in forms.items()}
        cache.set(key, found, CACHE_SECONDS)
    return found


def distance(a, b, limit):
    """Levenshtein distance between a and b, or limit + 1 once it is certain to exceed `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def _allowed(word):
    return 0 if len(word) < 3 else 1 if len(word) < 6 else 2


def _closest(word, known):
    limit = _allowed(word)
    if not limit:
        return None
    best = min(((distance(word, key, limit), key) for key in known), default=(limit + 1, None))
    return best[1] if best[0] <= limit else None


def did_you_mean(query):
    """A corrected query, or None when every word is known or nothing close enough exists."""
    known = vocabulary()
    corrected, changed = [], False
    for word in words(query):
        key = fold(word)
        if key in known or word.isdigit():
            corrected.append(word)
            continue
        replacement = _closest(key, known)
        if replacement is None:
            corrected.append(word)
        else:
            corrected.append(known[replacement])
            changed = True
    return " ".join(corrected) if changed else None


FEW_RESULTS = 3  # a query finding fewer guides than this is offered a correction


def correction_for(query, total):
    """The corrected query to offer for a search that found `total` guides, or None."""
    return did_you_mean(query) if query and total < FEW_RESULTS else None
