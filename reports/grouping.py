"""Similar searches as one row of "what to write next": "heo con tieu chay" and "lợn con bị tiêu chảy" are one
gap, not two.

A search's words are grouped the way the search reads them: folded (`kb.text`), its filler and generic words
("bị", "làm sao", "cách") dropped by the search's own roles (`search.understanding.roles`), known names found
as the search finds them (`search.synonyms.expand`) and each written as the first of its names (the first
of a line of `synonyms.txt`, a commodity's or a problem's own name: heo con → lợn con, "tiêu chảy heo con" →
tiêu chảy lợn con), each word of one word's names too (heo → lợn), and the words sorted, so the order the
farmer typed them in does not split a row either.
"""
from functools import lru_cache

from kb.models import Commodity, Problem
from kb.problems import lines
from kb.text import fold, words
from search.stamp import visible_stamp
from search.synonyms import curated_groups, expand, table
from search.understanding import CONTENT, roles


def plain(name):
    """A name's words, folded."""
    return " ".join(fold(word) for word in words(name))


class Grouper:
    """Groups queries with one synonym table (read once: the aggregation groups thousands of queries)."""

    def __init__(self):
        self.names = table(visible_stamp())
        self.first, self.commodities = {}, {}  # folded name → folded first name; → commodity id
        for group in curated_groups():
            self._name(group)
        for pk, name, alternatives in Commodity.objects.values_list("pk", "name", "alt_names"):
            self._name([name, *lines(alternatives)])
            self.commodities.update({plain(each): pk for each in (name, *lines(alternatives))})
        for name, alternatives in Problem.objects.values_list("name", "alt_names"):
            self._name([name, *lines(alternatives)])
        self.key = lru_cache(maxsize=100_000)(self._key)

    def _name(self, group):
        first = plain(group[0])
        for name in group:
            self.first.setdefault(plain(name), first)

    def _word(self, word):
        first = self.first.get(word, word)
        return first if " " not in first else word  # "tiêu" is not "hồ tiêu" by itself

    def _key(self, query):
        """(the group's words, the commodity its words name or None) of one query."""
        typed = words(query)
        word_roles, found, commodity, i = roles(typed), set(), None, 0
        for span in expand(typed, self.names):
            size = len(span.text.split())
            i, content = i + size, CONTENT in word_roles[i:i + size]
            if not content:
                continue
            name = plain(span.text)
            if " " in name:
                name = self.first.get(name, name)
            named = [self._word(word) for word in name.split()]
            found.update(named)
            if commodity is None:  # "lợn con" names lợn
                commodity = next(filter(None, map(self.commodities.get, (name, *named))), None)
        return " ".join(sorted(found))[:200], commodity
