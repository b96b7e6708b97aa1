"""Vietnamese text: one spelling for every word, folding without diacritics, words, slugs.

Used by `kb` (slugs, names) and by `search` (indexed text, queries, synonyms, spelling, and the syllable
shape that query understanding checks keyboard residue and run-together words against). Elasticsearch
without plugins has no ICU, and the same word reaches us in several spellings: composed (NFC) or
decomposed (NFD) Unicode, and the tone mark on either vowel of "oa", "oe", "uy" ("hoà"/"hòa",
"khoẻ"/"khỏe", "thuỷ"/"thủy"). Both the indexed text and the query go through `normalize()` so they meet
in one canonical spelling; `fold()` additionally strips every diacritic (đ included) for the
accent-insensitive keys that synonym lookup and slugs use. The engine's own `asciifolding` does the same
folding inside the index (see `search.mapping`); a test pins the two together.
"""
import functools
import re
import unicodedata

from django.utils.text import slugify

# Combining tone marks: grave, acute, tilde, hook above, dot below.
TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
VOWELS = set("aăâeêioôơuưy")
MARKED_VOWELS = set("ăâêôơư")
WORD = re.compile(r"\w+")
# The shape of one Vietnamese syllable without its tone: initial consonant, vowel nucleus, final consonant.
INITIALS = ("ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr",
            "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x")
NUCLEI = ("a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y",
          "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iê", "iu", "oa", "oă", "oe", "oi", "ôi", "ơi",
          "oo", "ua", "uâ", "uê", "ui", "uô", "uơ", "uy", "ưa", "ưi", "ưu", "ươ", "yê",
          "iêu", "oai", "oao", "oay", "oeo", "uây", "uôi", "ươi", "ươu", "uya", "uyê", "uyu", "yêu")
FINALS = ("ch", "ng", "nh", "c", "m", "n", "p", "t")


def _plain(letters):
    """`letters` without diacritics (đ → d), case kept."""
    decomposed = unicodedata.normalize("NFD", letters.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _alternation(parts):
    """A regex alternation of `parts` and their folded forms, longest first."""
    return "|".join(sorted({*parts, *map(_plain, parts)}, key=len, reverse=True))


SYLLABLE = re.compile(f"({_alternation(INITIALS)})?({_alternation(NUCLEI)})({_alternation(FINALS)})?")


def _tone_position(letters):
    """Index (in `letters`, lower-case, tone-less) of the vowel that carries the tone, or None."""
    start = next((i for i, ch in enumerate(letters) if ch in VOWELS), None)
    if start is None:
        return None
    # "qu" and "gi" (before another vowel) are consonants: quả, giường.
    if start + 1 < len(letters) and letters[start + 1] in VOWELS and (
        (letters[start] == "u" and letters[start - 1:start] == "q")
        or (letters[start] == "i" and letters[start - 1:start] == "g")
    ):
        start += 1
    end = start
    while end < len(letters) and letters[end] in VOWELS:
        end += 1
    nucleus = letters[start:end]
    marked = [i for i, ch in enumerate(nucleus) if ch in MARKED_VOWELS]
    if marked:
        return start + marked[-1]  # ươ → ơ, iê → ê
    if len(nucleus) >= 3 or (len(nucleus) == 2 and end < len(letters)):
        return start + 1  # ngoài, hoàng, huỳnh
    # One vowel, or an open pair: the first vowel (của, kìa, and the "hòa", "khỏe", "thủy" form of oa/oe/uy).
    return start


@functools.lru_cache(maxsize=65536)
def _place_tone(word):
    """`word` with its tone mark on the canonical vowel. Cached: Vietnamese has a few thousand syllables, and
    indexing, the database fallback and every query place the same ones again and again."""
    decomposed = unicodedata.normalize("NFD", word)
    tones = [ch for ch in decomposed if ch in TONES]
    if len(tones) != 1:
        return unicodedata.normalize("NFC", word)
    base = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in TONES))
    position = _tone_position(base.lower())
    if position is None:
        return unicodedata.normalize("NFC", word)
    return unicodedata.normalize("NFC", base[:position + 1] + tones[0] + base[position + 1:])


def normalize(text):
    """NFC text with every syllable's tone mark on one canonical vowel."""
    if not text:
        return ""
    return WORD.sub(lambda match: _place_tone(match.group()), unicodedata.normalize("NFC", text))


def fold(text):
    """Lower-case text without diacritics (đ → d): "Đạo ôn" → "dao on"."""
    return _plain(normalize(text).lower())


@functools.lru_cache(maxsize=65536)
def fold_word(word):
    """`fold` of one word, cached: a language has a few thousand syllables, and queries, messages and every
    guide saved fold the same ones again and again."""
    return fold(word)


def is_syllable(letters):
    """Whether lower-case, tone-less `letters` ("nuôi", "nuoi", "thanh") have the shape of one Vietnamese syllable."""
    return bool(SYLLABLE.fullmatch(letters))


def words(text):
    """The lower-case, normalised words of `text`, in order."""
    return WORD.findall(normalize(text).lower())


def each_word(text):
    """The words of `text` as `words` reads them, one at a time: for a reader that keeps only the first few
    of a 2,000-character message."""
    for match in WORD.finditer(unicodedata.normalize("NFC", text or "")):
        yield from WORD.findall(_place_tone(match.group()).lower())


def folded_words(text):
    """The words of `text` folded and joined by single spaces: what the database's full-text index holds."""
    return " ".join(fold_word(word) for word in words(text))


def ascii_slug(name):
    """A URL slug for a Vietnamese name, folded like everything else ("Đồng Hới" → "dong-hoi")."""
    return slugify(fold(name))
