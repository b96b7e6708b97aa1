"""Filler words: how a question is asked, not what it is about. The engine query and the database
fallback both let them rank a guide but never decide whether it matches, and drop them first when a query
is too long."""
from kb.text import fold, words

# Folded forms; "grow", "raise", "care for" too, since every guide does one of them.
FILLER = {"cach", "sao", "the", "nao", "gi", "bi", "toi", "minh", "em", "oi", "khong", "nhu", "la", "va", "thi",
          "voi", "cua", "cho", "o", "nhung", "cac", "mot", "nen", "phai", "giup", "xin", "hoi", "huong", "dan",
          "ky", "thuat", "trong", "nuoi", "cham", "soc", "lam", "how", "to", "of", "and", "for", "in", "a"}

# Query cost cap: a pasted paragraph costs what a long question does (README, "Limits").
MAX_QUERY_WORDS = 12


def capped_words(q):
    """The words of `q` that are searched for: at most MAX_QUERY_WORDS, filler words dropped first."""
    found = words(q)
    if len(found) > MAX_QUERY_WORDS:
        found = [word for word in found if fold(word) not in FILLER] or found
    return found[:MAX_QUERY_WORDS]
