"""Regional and alternative names, expanded in the query rather than in the index.

Engines may ignore synonym filters (the in-memory one does), and an index-time list would need a reindex
after every edit. So the query builder asks `expand()` which spans of the query have other names: the
curated list in `data/synonyms.txt` plus every Commodity's name and alternative names, read from the
database on each search so an edited commodity counts at once (the table built from them is kept until
they change).
"""
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kb.models import Commodity
from kb.text import fold, words

SYNONYMS_FILE = Path(__file__).parent / "data" / "synonyms.txt"


@dataclass
class Span:
    """Consecutive query words, with the other names of the same thing (if any)."""

    text: str
    alternatives: list = field(default_factory=list)


def parse(lines):
    """Solr-style groups: one per line, names separated by commas; '#' starts a comment."""
    for line in lines:
        line = line.split("#", 1)[0]
        names = [name.strip() for name in line.split(",") if name.strip()]
        if len(names) > 1:
            yield names


@lru_cache(maxsize=1)
def curated_groups():
    return tuple(parse(SYNONYMS_FILE.read_text(encoding="utf-8").splitlines()))


def commodity_groups(rows):
    for name, alt_names in rows:
        names = [name, *(line.strip() for line in alt_names.splitlines() if line.strip())]
        if len(names) > 1:
            yield names


def table():
    """{word tuple: set of other names}, keyed both by the spelled words and by their folded form."""
    return _table(tuple(Commodity.objects.order_by("pk").values_list("name", "alt_names")))


@lru_cache(maxsize=2)
def _table(commodity_rows):
    exact, folded = {}, {}
    for group in (*curated_groups(), *commodity_groups(commodity_rows)):
        keys = [tuple(words(name)) for name in group]
        for key in keys:
            others = {" ".join(other) for other in keys if other != key}
            exact.setdefault(key, set()).update(others)
            folded.setdefault(tuple(fold(w) for w in key), set()).update(others)
    return exact, folded


def expand(query_words, names=None):
    """Split the query into spans, longest known name first; typed without diacritics, a span matches
    names by their folded form ("heo" → lợn, "khoai mi" → sắn). `names` is a `table()` already read."""
    exact, folded = names or table()
    longest = max((len(key) for key in exact), default=1)
    spans, i = [], 0
    while i < len(query_words):
        for n in range(min(longest, len(query_words) - i), 0, -1):
            key = tuple(query_words[i:i + n])
            plain = tuple(fold(w) for w in key)
            others = exact.get(key) or (folded.get(plain) if plain == key else None)
            if others:
                spans.append(Span(" ".join(key), sorted(others - {" ".join(key)})))
                i += n
                break
        else:
            spans.append(Span(query_words[i]))
            i += 1
    return spans
