"""Regional, folk and alternative names, expanded in the query rather than in the index.

Engines may ignore synonym filters (the in-memory one does), and an index-time list would need a reindex
after every edit. So the query asks `expand()` which spans of the query have other names: the curated list
in `data/synonyms.txt`, every commodity's names and alternative names, and every problem's (a disease or
pest: "gà rù", "toi gà", "Newcastle"). It also knows Huế's places of two words or more (the former
districts, the communes and their former names): a farmer says where they farm, and "Phú Vang" is a
place, not the signs "phù" (swelling) and "vàng" (yellow) it holds. The table is built once per visible
stamp (`search.stamp`), which an edited commodity, problem, district or commune moves, so an edit counts
on the next search.
"""
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from kb.models import Commodity, Commune, Problem, Region
from kb.models.places import short_name
from kb.problems import lines
from kb.text import fold, fold_word, words

SYNONYMS_FILE = Path(__file__).parent / "data" / "synonyms.txt"
MAX_REMEMBERED = 50_000  # answers of `Names.commodities_named` kept per table


class Span(NamedTuple):
    """Consecutive query words, with the other names of the same thing (if any). A tuple: a 2,000-character
    message makes four hundred."""

    text: str
    alternatives: tuple = ()
    place: bool = False  # a place's name ("Phú Vang"): where, not what


@dataclass(frozen=True)
class Names:
    exact: dict  # word tuple → the other names
    folded: dict  # folded word tuple → the other names
    known: frozenset  # word tuples of every commodity and problem name, as written: what names a thing
    known_folded: frozenset  # the same, folded
    lengths: dict  # folded first word → the lengths of the names of several words it starts, longest first
    commodities: dict  # word tuple, as written or folded → the slugs of the commodities it names
    places: frozenset  # word tuples of the places' names, lower-case as written and folded
    named: dict = field(default_factory=dict, compare=False, repr=False)  # `commodities_named`, as answered

    def is_place(self, key):
        """Whether the words `key` name a place: as written, or typed without diacritics (`places` holds both
        forms of each name, so "phu vang" is Phú Vang, while "phủ vàng" is not)."""
        return key in self.places

    def names_a_thing(self, key, plain, accented=False):
        """Whether the words `key` (folded: `plain`) are a commodity's or a problem's name; typed without
        diacritics, by its folded form, unless the query was typed with them (`accented`): then a word typed
        plain was written so on purpose ("ga" of "bếp ga" is gas, not gà)."""
        return key in self.known or (not accented and plain == key and plain in self.known_folded)

    def is_a_commodity(self, texts):
        """Whether one of `texts` (a part and its other names) is, whole, a crop's or an animal's name ("heo",
        "cua bùn"), not a pest's or a disease's name that holds one ("chuột hại lúa")."""
        return any(tuple(words(text)) in self.commodities for text in texts)

    def commodities_named(self, texts):
        """The slugs of the commodities that `texts` (a part and its other names) name: written with
        diacritics, by any run of their words ("bệnh dịch tả vịt" names vịt, "lợn nái" lợn); typed without,
        only whole ("ga"), since a run of them may be another word ("bo" of "bo xit" is bọ, not bò). `texts` are
        read words joined by spaces, as a part's are. Answered once per table: a message asks for each of its
        hundreds of words."""
        texts = tuple(texts)
        found = self.named.get(texts)
        if found is not None:
            return found
        found = set()
        for text in texts:
            key = tuple(text.split())
            runs = ([key] if key == tuple(fold_word(word) for word in key)
                    else [key[start:end] for start in range(len(key)) for end in range(start + 1, len(key) + 1)])
            for run in runs:
                found |= self.commodities.get(run, set())
        if len(self.named) >= MAX_REMEMBERED:  # a stamp may live long among endless new words
            self.named.clear()
        self.named[texts] = found = frozenset(found)
        return found


def parse(text_lines):
    """Solr-style groups: one per line, names separated by commas; '#' starts a comment."""
    for line in text_lines:
        line = line.split("#", 1)[0]
        names = [name.strip() for name in line.split(",") if name.strip()]
        if len(names) > 1:
            yield names


@lru_cache(maxsize=1)
def curated_groups():
    return tuple(parse(SYNONYMS_FILE.read_text(encoding="utf-8").splitlines()))


def name_groups():
    """Every commodity's and problem's names, one group each. A commodity's English name is not among them:
    documents hold it beside the Vietnamese one (`search.builders`), and as another name of "heo" it would
    rank English guides ("pig") above the Vietnamese ones for a Vietnamese query."""
    for name, alternatives in Commodity.objects.values_list("name", "alt_names"):
        yield [name, *lines(alternatives)]
    for name, alternatives, scientific in Problem.objects.values_list("name", "alt_names", "scientific_name"):
        yield [name, *lines(alternatives), *([scientific] if scientific else [])]


# One place may go by two names in one ("Chân Mây – Lăng Cô").
PLACE_JOINS = re.compile(r"\s+[–—-]\s+")


def place_names():
    """Every name of the former districts and of the communes, their former names included, without the
    word for their kind ("Xã Phú Vang" → "Phú Vang")."""
    found = list(Region.objects.values_list("name", flat=True))
    for name, former in Commune.objects.values_list("name", "former_names"):
        found += [name, *lines(former)]
    return [part for name in found for part in PLACE_JOINS.split(short_name(name.strip()))]


def commodity_names():
    """(slug, names) of every commodity: Vietnamese, English and alternative names."""
    for slug, name, name_en, alternatives in Commodity.objects.values_list("slug", "name", "name_en", "alt_names"):
        yield slug, (name, *([name_en] if name_en else []), *lines(alternatives))


_tables = {}


def table(stamp):
    """The `Names` of this stamp of the visible pages (built once per stamp in each process)."""
    found = _tables.get(stamp)
    if found is None:
        found = _build(tuple(tuple(group) for group in name_groups()), tuple(commodity_names()),
                       tuple(place_names()))
        _tables.clear()
        _tables[stamp] = found
    return found


def _build(groups, commodities, places):
    exact, folded, known = {}, {}, set()
    place_keys = {key for name in places if len(key := tuple(words(name))) > 1}
    place_keys |= {tuple(fold(w) for w in key) for key in place_keys}
    for group in groups:
        known.update(tuple(words(name)) for name in group if words(name))
    for group in (*curated_groups(), *(group for group in groups if len(group) > 1)):
        keys = [tuple(words(name)) for name in group if words(name)]
        for key in keys:
            others = {" ".join(other) for other in keys if other != key}
            exact.setdefault(key, set()).update(others)
            folded.setdefault(tuple(fold(w) for w in key), set()).update(others)
    lengths = {}
    for key in (*exact, *known, *place_keys):
        if len(key) > 1:
            lengths.setdefault(fold(key[0]), set()).add(len(key))
    named = {}  # each name as written and folded
    for slug, names in commodities:
        for key in (tuple(words(name)) for name in names if words(name)):
            named.setdefault(key, set()).add(slug)
            named.setdefault(tuple(fold(w) for w in key), set()).add(slug)
    return Names(exact, folded, frozenset(known), frozenset(tuple(fold(w) for w in key) for key in known),
                 {first: tuple(sorted(found, reverse=True)) for first, found in lengths.items()}, named,
                 frozenset(place_keys))


def expand(query_words, names, folded=None):
    """Split the query into spans, longest known name first; typed without diacritics, a span matches
    names by their folded form ("heo" → lợn, "khoai mi" → sắn). A known name with no other name (a
    commodity called only "Khoai lang") is one span too, and so is a place's name. `folded`: the words
    already folded."""
    folded = folded or [fold_word(word) for word in query_words]
    spans, i = [], 0
    while i < len(query_words):
        for n in names.lengths.get(folded[i], ()):
            if i + n > len(query_words):
                continue
            key, plain = tuple(query_words[i:i + n]), tuple(folded[i:i + n])
            others = names.exact.get(key) or (names.folded.get(plain) if plain == key else None)
            if others or names.names_a_thing(key, plain):
                spans.append(_named(key, others))
                break
            if names.is_place(key):
                spans.append(Span(" ".join(key), place=True))
                break
        else:  # one word
            key, plain = (query_words[i],), (folded[i],)
            others = names.exact.get(key) or (names.folded.get(plain) if plain == key else None)
            spans.append(_named(key, others) if others else Span(query_words[i]))
        i += len(key)
    return spans


def _named(key, others):
    text = " ".join(key)
    return Span(text, tuple(sorted((others or set()) - {text})))
