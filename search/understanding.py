"""What a farmer typed → the words to look for, the way an extension officer would read the message.

Farmers dictate whole questions, speak Central Vietnamese, run syllables together and type with the
Vietnamese keyboard switched off. Three steps, each a table or a rule over the words visible guides use
(`search.vocabulary`), shared by the engine query, the database fallback, did-you-mean and suggestions:

- Keyboard residue: Telex ("nuooi" → nuôi, "ddaoj" → đạo) and VNI ("to6m" → tôm) keystrokes become the
  letters they stand for — only in a word the guides do not use as typed, and only when the result is one
  well-formed Vietnamese syllable the guides do use. English words, numbers and codes (VA06, NPK, BV10)
  never qualify, so they are left alone.
- Run-together syllables: a word the guides do not use that is a sequence of syllables they do use
  ("buoithanhtra") is also looked for split ("buoi thanh tra"), choosing the split whose syllables occur
  most in guides. A known word is never split.
- Roles: question words, pronouns and particles, standard and Central ("làm sao", "làm răng", "ăn chi",
  "ở mô", "rứa", "tui", "mi"), are FILLER: they never decide whether a guide matches, and a query of filler
  only matches nothing. Words every guide uses ("cách", "nuôi", "trồng") are GENERIC: they decide only
  when nothing more specific was asked.
"""
import math
from dataclasses import dataclass

from kb.text import VOWELS, fold, is_syllable, normalize, words

FILLER, GENERIC, CONTENT = "filler", "generic", "content"

# Written as farmers write them; typed without diacritics they count by their folded form.
FILLER_WORDS = {
    "gì", "sao", "nào", "thế", "đâu", "không", "chưa", "có", "được", "bị", "thì", "là", "mà", "và", "với",
    "của", "cho", "ở", "những", "các", "một", "nên", "phải", "giúp", "xin", "hỏi", "tôi", "mình", "em",
    "anh", "chị", "chú", "bác", "cháu", "bạn", "ơi", "ạ", "nhé", "nhỉ", "hả", "vậy", "đây", "đó", "này",
    "kia", "cái", "nó", "mấy", "nhiêu", "lâu", "khi", "lúc", "vì", "tại", "để", "muốn", "biết", "hay",
    "quá", "lắm", "hết", "rồi", "đang", "cứ", "trong",
    # Central Vietnamese: răng = sao, chi = gì, mô = đâu, rứa = vậy, ri = thế này, tê = kia, ni = này,
    # nớ = đó, mi = mày, tui = tôi, chừ = giờ, hỉ = nhỉ
    "răng", "chi", "mô", "rứa", "ri", "tê", "ni", "nớ", "mi", "tui", "chừ", "hỉ",
    # English
    "how", "to", "of", "and", "for", "in", "a", "the", "what", "is", "my",
}
# Filler only as a whole: "bao" and "làm" alone mean something ("bao trái", "làm đất").
FILLER_PHRASES = [("cán", "bộ"), ("bao", "nhiêu"), ("bao", "lâu"), ("làm", "sao"), ("làm", "răng"),
                  ("mần", "răng"), ("ra", "sao"), ("bây", "giờ"), ("bây", "chừ"), ("do", "đâu")]
# "có … không" asks a yes/no question wherever the two words stand.
FILLER_FRAMES = [("có", "không")]
# Typed without diacritics these are as often a thing as a filler word: cỏ, dê, đỗ, mạ, chua, bán, dây, nảy,
# lau, vi sinh, tai, quả, roi, củ, muộn, lá, vôi, cua, hôi, bạc, châu, ổi, nhẹ, cải, nở.
AMBIGUOUS_PLAIN = {"co", "de", "do", "ma", "chua", "ban", "day", "nay", "lau", "vi", "tai", "qua", "roi", "cu",
                   "muon", "la", "voi", "cua", "hoi", "bac", "chau", "oi", "nhe", "cai", "no"}
GENERIC_WORDS = {"cách", "hướng", "dẫn", "kỹ", "thuật", "trồng", "nuôi", "chăm", "sóc", "làm", "mần", "nhà",
                 "con", "grow", "raise"}

_PLAIN_GENERIC = {fold(w) for w in GENERIC_WORDS}
_PLAIN_FILLER = {fold(w) for w in FILLER_WORDS} - AMBIGUOUS_PLAIN - _PLAIN_GENERIC
_PHRASES = [tuple(fold(w) for w in phrase) for phrase in FILLER_PHRASES]
_FRAMES = [tuple(fold(w) for w in frame) for frame in FILLER_FRAMES]

# Keyboard residue. Telex: a doubled vowel or d, "w" for the horn or breve, s f r x j for the tones.
# VNI: digits after the letter: 1–5 tones, 6 circumflex, 7 horn, 8 breve, 9 đ.
ACUTE, GRAVE, HOOK, TILDE, DOT = "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"
TONE_KEYS = {"s": ACUTE, "f": GRAVE, "r": HOOK, "x": TILDE, "j": DOT,
             "1": ACUTE, "2": GRAVE, "3": HOOK, "4": TILDE, "5": DOT}
DOUBLED = {"a": "â", "e": "ê", "o": "ô", "d": "đ"}
MARK_KEYS = {"6": {"a": "â", "e": "ê", "o": "ô"}, "7": {"o": "ơ", "u": "ư"}, "w": {"a": "ă", "o": "ơ", "u": "ư"},
             "8": {"a": "ă"}, "9": {"d": "đ"}}
LONGEST_SYLLABLE = 7  # "nghiêng"


def _mark(letters, marks):
    """Put a mark (circumflex, horn, breve, đ) on the last letter that takes it; "uo" + horn → "ươ"."""
    for i in range(len(letters) - 1, -1, -1):
        if letters[i] in marks:
            if letters[i] == "o" and marks.get("u") and i and letters[i - 1] == "u":
                letters[i - 1] = "ư"
            letters[i] = marks[letters[i]]
            return True
    return False


def from_keyboard(word):
    """The syllable a Telex or VNI keystroke sequence spells ("nuooi" → "nuôi", "to6m" → "tôm"), or None
    when `word` has no residue or does not spell one well-formed syllable ("shrimp", "va06", "16")."""
    if not word.isascii() or not word.isalnum() or not word[0].isalpha():
        return None
    letters, tone = [], None
    for ch in word.lower():
        has_vowel = any(letter in VOWELS for letter in letters)
        if ch in TONE_KEYS and has_vowel:
            if tone:
                return None
            tone = TONE_KEYS[ch]
        elif ch in MARK_KEYS:
            if not _mark(letters, MARK_KEYS[ch]):
                if ch != "w" or has_vowel:
                    return None
                letters.append("ư")  # Telex: "w" alone is ư ("nhw" → như)
        elif ch in DOUBLED and letters and letters[-1] == ch and (ch != "d" or len(letters) == 1):
            letters[-1] = DOUBLED[ch]
        elif ch.isdigit():
            return None
        else:
            letters.append(ch)
    base = "".join(letters)
    if base == word.lower() and not tone or not is_syllable(base):
        return None
    vowel = next(i for i, letter in enumerate(base) if letter in VOWELS)
    return normalize(base[:vowel + 1] + (tone or "") + base[vowel + 1:])  # normalize() moves the tone home


def split(word, counts, total):
    """The most likely syllables a run-together folded `word` is made of ("buoithanhtra" → ["buoi",
    "thanh", "tra"]), by how often guides use each (`counts`, summing to `total`); None if none fits."""
    best = [None] * (len(word) + 1)  # best[i]: (log-likelihood, syllables) of word[:i]
    best[0] = (0.0, [])
    for start in range(len(word)):
        if best[start] is None:
            continue
        for end in range(start + 2, min(len(word), start + LONGEST_SYLLABLE) + 1):
            piece = word[start:end]
            if piece in counts and is_syllable(piece):
                score = best[start][0] + math.log(counts[piece] / total)
                if best[end] is None or score > best[end][0]:
                    best[end] = (score, [*best[start][1], piece])
    found = best[-1]
    return found[1] if found and len(found[1]) > 1 else None


@dataclass
class Term:
    """One word of the query as understood."""

    text: str  # as typed (normalised), or the syllable its keyboard residue spells
    split: str | None = None  # for an unknown run-together word: its syllables, folded, space-separated
    typed: str | None = None  # the word as typed, when `text` is its conversion ("boots" may be English)


# Query cost cap: a pasted paragraph costs what a long question does (README, "Limits").
MAX_QUERY_WORDS = 12


def capped_words(q):
    """The words of `q` that are searched for: at most MAX_QUERY_WORDS, filler words dropped first, then
    generic ones ("cách", "trồng"), then the last."""
    found = words(q)
    for weak in (FILLER, GENERIC):
        if len(found) > MAX_QUERY_WORDS:
            found = [word for word, role in zip(found, roles(found)) if role != weak] or found
    return found[:MAX_QUERY_WORDS]


def understand(q, vocabulary, locale=None):
    """The query's words (at most MAX_QUERY_WORDS) with keyboard residue converted and run-together words
    split, in order. A search of English guides only (`locale` "en") keeps its words as typed: no one types
    English in Telex."""
    terms = []
    for word in capped_words(q):
        key = fold(word)
        if key in vocabulary.counts or word.isdigit() or roles([word]) != [CONTENT]:
            terms.append(Term(word))
            continue
        converted = from_keyboard(word) if locale != "en" else None
        if converted and fold(converted) in vocabulary.counts:
            terms.append(Term(converted, typed=word))
            continue
        pieces = split(key, vocabulary.counts, vocabulary.total) if key.isalpha() else None
        terms.append(Term(word, " ".join(pieces) if pieces else None))
    return terms


def rewrite(q, vocabulary, locale=None):
    """The query as understood, in the guides' spelling ("nuooi gaf" → "nuôi gà", "benhdaoon" →
    "bệnh đạo ôn"); the words as typed when nothing needed understanding."""
    parts = []
    for term in understand(q, vocabulary, locale):
        parts += [vocabulary.written.get(p, p) for p in term.split.split()] if term.split else [term.text]
    return " ".join(parts)


def roles(query_words):
    """FILLER, GENERIC or CONTENT for each of the (normalised, lower-case) query words."""
    folded = [fold(w) for w in query_words]
    found = []
    for word, key in zip(query_words, folded):
        plain = word == key
        if word in GENERIC_WORDS or plain and key in _PLAIN_GENERIC:
            found.append(GENERIC)
        elif word in FILLER_WORDS or plain and key in _PLAIN_FILLER:
            found.append(FILLER)
        else:
            found.append(CONTENT)
    for phrase in _PHRASES:
        for i in range(len(folded) - len(phrase) + 1):
            if tuple(folded[i:i + len(phrase)]) == phrase:
                found[i:i + len(phrase)] = [FILLER] * len(phrase)
    for frame in _FRAMES:
        if all(key in folded for key in frame):
            found = [FILLER if key in frame else role for key, role in zip(folded, found)]
    return found


def span_roles(spans, query_words):
    """The role of each span (`search.synonyms.Span`) of `query_words`: the strongest of its words' roles,
    so a span decides a match if any of its words would."""
    word_roles, found, i = roles(query_words), [], 0
    for span in spans:
        own = word_roles[i:i + len(span.text.split())]
        i += len(own)
        found.append(CONTENT if CONTENT in own else GENERIC if GENERIC in own else FILLER)
    return found
