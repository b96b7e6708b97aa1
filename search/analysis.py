"""Vietnamese text normalisation shared by indexing and querying.

Elasticsearch without plugins has no ICU, and the same word reaches us in several spellings: composed
(NFC) or decomposed (NFD) Unicode, and the tone mark on either vowel of "oa", "oe", "uy" ("hoà"/"hòa",
"khoẻ"/"khỏe", "thuỷ"/"thủy"). Both the indexed text and the query go through `normalize()` so they meet
in one canonical spelling; `fold()` additionally strips every diacritic (đ included) for the
accent-insensitive keys that synonym lookup uses. The engine's own `asciifolding` does the same folding
inside the index (see `search.documents`).
"""
from kb.text import fold, normalize, words  # noqa: F401  (search imports them from here)
