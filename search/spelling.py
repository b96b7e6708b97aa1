"""“Có phải bạn muốn tìm …?”: the closest spelling of a query in the words guides actually use.

The query arrives understood as the search understands it (`search.understanding`: "nuooi eechs" → "nuôi
ếch", "benhdaoon" → "bệnh đạo ôn"). Then each word is looked up in the words of visible guide titles and
commodity names (`search.vocabulary`), folded and remembered with their most common written form, so "lau"
can become "lúa" and "xoai" "xoài". A word already known is kept; an unknown one is replaced by the known word
at the smallest edit distance, if that distance is small for the word's length.
"""
from kb.text import fold, words


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


def did_you_mean(understood):
    """A corrected query, or None when every word is known or nothing close enough exists."""
    found = understood.vocabulary
    spelled = understood.spelled
    known = found.titles
    corrected, changed = [], any(part.split or part.typed for part in understood.parts)
    for word in words(spelled):
        key = fold(word)
        if key in found.counts or word.isdigit():
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


def correction_for(understood, total):
    """The corrected query to offer for a search (`understood`) that found `total` guides, or None."""
    return did_you_mean(understood) if understood.q and total < FEW_RESULTS else None
