"""What a farmer typed → the parts to look for, read the way an extension officer reads a message.

Farmers ask in two words, in a question, or in a whole message: a greeting, where they live, how many
sào, what they tried, what they see, and thanks. The same steps read all of them, each a table or a rule
over the words visible guides use (`search.vocabulary`) and the names the search knows (`search.synonyms`:
curated regional names, commodities and problems with all their names):

- Roles: question words, pronouns, particles and the story around a question ("nhà tôi", "vụ này", "mấy
  hôm nay", "xin hỏi", "cảm ơn"), standard and Central ("làm răng", "ăn chi", "ở mô", "bựa ni"), are
  FILLER: they never decide whether a guide matches, and a query of filler only matches nothing. Words
  every guide uses ("cách", "nuôi", "trồng"), units and bare numbers are GENERIC: they decide only when
  nothing more specific was asked.
- Keyboard residue: Telex ("nuooi" → nuôi, "ddaoj" → đạo) and VNI ("to6m" → tôm) keystrokes become the
  letters they stand for — only in a word the guides do not use as typed, and only when the result is one
  well-formed Vietnamese syllable the guides do use. English words, numbers and codes (VA06, NPK, BV10)
  never qualify, so they are left alone; nor does any word of a question written in English ("what should
  I feed my cows": "cows" is not cớ), whose story words ("their", "after") are filler.
- Run-together syllables: a word the guides do not use that is a sequence of syllables they do use
  ("buoithanhtra") is also looked for split ("buoi thanh tra"), choosing the split whose syllables occur
  most in guides. A known word is never split.
- Weights: a known name (a crop, an animal, a pest, a disease, by any of its names, or another name holding
  a crop or an animal: "heo thịt", lợn thịt) weighs most, then a part of a plant or an animal, a sign or
  an action (`data/deciding_words.txt`), then any other word.
  Typed without diacritics, a name inside a longer sign is the sign: "bo an" is bỏ ăn, not bò; and each
  of its words weighs as any word, since alone it is as often another ("bo": bọ, bờ; "an": an toàn): the
  sign counts where its words stand together (the message's adjacent pairs).
- Chat shorthand ("ko", "dc", "j", "e", "ntn") is read as the word it stands for.
- A person's name ("ông Lê Văn Gà", "(Nguyễn Thị Đào, Hương Trà)") is filler, whatever its words mean, and
  a name is never read across punctuation ("bị bệnh, lở loét" is not the fish disease "bệnh lở loét").
- Messages: a query of MESSAGE_PARTS deciding parts or more is a message. A sign of several words ("bỏ
  ăn", "chảy nước dãi") is one of its parts, matched where its words stand together. Its sentences that
  name nothing and describe nothing ("Tôi tên là Hòa, ở xã Quảng Thái.") are left out, a part said twice counts once,
  and at most MAX_QUERY_WORDS parts with MAX_QUERY_NAMES names among them reach the engine, the heaviest
  first: the cost cap is on what is searched, not on what a farmer may write.
- Diacritics: a word typed with diacritics that the guides use as typed means itself: "lúa" is matched
  as "lúa", never as "lửa", "lùa" or "lứa". A word typed without them, or with diacritics no guide uses
  (a slip of the keyboard), is matched folded, as before.

`understand()` runs once per request (`search.service`); its result is handed to the engine query, the
database fallback, did-you-mean and the suggestions.
"""
import math
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import NamedTuple

from kb.text import VOWELS, fold, fold_word, is_syllable, normalize, words
from kb.text import WORD as WORD_PATTERN
from search.stamp import visible_stamp
from search.synonyms import expand, table
from search.vocabulary import vocabulary

FILLER, GENERIC, CONTENT = "filler", "generic", "content"

# Written as farmers write them; typed without diacritics they count by their folded form.
FILLER_WORDS = {
    "gì", "sao", "nào", "thế", "đâu", "không", "chưa", "có", "được", "bị", "thì", "là", "mà", "và", "với",
    "của", "cho", "ở", "những", "các", "một", "nên", "phải", "giúp", "xin", "hỏi", "tôi", "mình", "em",
    "anh", "chị", "chú", "bác", "cháu", "bạn", "ơi", "ạ", "nhé", "nhỉ", "hả", "vậy", "đây", "đó", "này",
    "kia", "cái", "nó", "mấy", "nhiêu", "lâu", "khi", "lúc", "vì", "tại", "để", "muốn", "biết", "hay",
    "quá", "lắm", "hết", "rồi", "đang", "cứ", "trong",
    # The story around a question: greetings, thanks, who is writing, when, what they heard or fear
    "chào", "kính", "gửi", "thưa", "dạ", "vâng", "nhờ", "dùm", "giùm", "xem", "thấy", "bảo", "thử",
    "định", "tính", "sợ", "mong", "đã", "sẽ", "vừa", "mới", "còn", "vẫn", "cũng", "lại", "nữa", "nhưng",
    "nếu", "như", "gần", "hơn", "khoảng", "chừng", "rất", "cả", "mỗi", "từng", "mọi", "họ", "chúng", "ông",
    "bà", "cô", "chúc", "nha", "nhá", "alo", "ok", "hì", "hihi", "tên", "xã", "thôn", "huyện", "xóm", "tỉnh",
    "gia", "đình", "ấy", "luôn", "thật", "nhiều", "ít", "hôm", "ngoái", "hiểu", "tốt",
    # Central Vietnamese: răng = sao, chi = gì, mô = đâu, rứa = vậy, ri = thế này, tê = kia, ni = này,
    # nớ = đó, mi = mày, tui = tôi, chừ = giờ, hỉ = nhỉ, bựa = bữa, chộ = thấy, ngó = nhìn, tau = tao
    "răng", "chi", "mô", "rứa", "ri", "tê", "ni", "nớ", "mi", "tui", "chừ", "hỉ", "bựa", "chộ", "ngó", "tau",
}
# English. Past its first two lines only words that cannot be a Vietnamese syllable typed plain ("than" is
# thân, "can" cần, "day" dây, "them" thêm); two such words make a query English (`is_english`).
ENGLISH_FILLER = {
    "how", "to", "of", "and", "for", "in", "a", "the", "what", "is", "my", "i", "it", "do", "should", "with",
    "when", "are", "they", "on", "at", "me", "we", "our", "please", "thanks", "hello", "hi",
    "their", "this", "these", "there", "from", "have", "has", "had", "was", "were", "been", "could", "will",
    "would", "about", "out", "into", "your", "you", "she", "his", "her", "its", "or", "if", "very", "some",
    "any", "all", "also", "just", "why", "which", "who", "where", "like", "after", "before", "last", "next",
    "year", "years", "days", "ago", "help", "tell", "know", "need", "want", "many", "does", "did", "as", "near",
}
FILLER_WORDS |= ENGLISH_FILLER
# Filler only as a whole: "bao" and "làm" alone mean something ("bao trái", "làm đất").
FILLER_PHRASES = [("cán", "bộ"), ("bao", "nhiêu"), ("bao", "lâu"), ("làm", "sao"), ("làm", "răng"),
                  ("mần", "răng"), ("ra", "sao"), ("bây", "giờ"), ("bây", "chừ"), ("do", "đâu"),
                  ("nhà", "tôi"), ("nhà", "em"), ("nhà", "mình"), ("nhà", "tui"), ("nhà", "cháu"),
                  ("vụ", "này"), ("vụ", "ni"), ("năm", "nay"), ("năm", "ni"), ("năm", "ngoái"),
                  ("năm", "rồi"), ("bà", "con"), ("người", "dân"), ("hướng", "dẫn"), ("cụ", "thể"),
                  ("chân", "thành"), ("chuyên", "mục"), ("đại", "lý"), ("thế", "nào"), ("như", "thế"),
                  ("ra", "răng"), ("mấy", "bữa"), ("bữa", "ni"), ("bữa", "nay"), ("hàng", "xóm"),
                  ("thank", "you"), ("cảm", "ơn"), ("cám", "ơn"), ("hôm", "qua"), ("hôm", "nay"),
                  ("nghe", "nói"), ("người", "ta"), ("mạnh", "khỏe"), ("công", "tác"),
                  # "suddenly": the story's, not the sign's ("tự nhiên bỏ ăn")
                  ("tự", "nhiên"), ("đột", "nhiên"), ("bỗng", "nhiên"), ("tự", "dưng"),
                  # a farmers' club ("câu lạc bộ"), not peanuts (lạc)
                  ("câu", "lạc", "bộ")]
# "có … không" asks a yes/no question wherever the two words stand.
FILLER_FRAMES = [("có", "không")]
# Typed without diacritics these are as often a thing as a filler word: cỏ, dê, đỗ, mạ, chua, bán, dây, nảy,
# lau, vi sinh, tai, quả, roi, củ, muộn, lá, vôi, cua, hôi, bạc, châu, ổi, nhẹ, cải, nở …
AMBIGUOUS_PLAIN = {"co", "de", "do", "ma", "chua", "ban", "day", "nay", "lau", "vi", "tai", "qua", "roi", "cu",
                   "muon", "la", "voi", "cua", "hoi", "bac", "chau", "oi", "nhe", "cai", "no",
                   # … and the story's words: cháo, kình, da, vàng, nho, thay, nổi, bao, thu, so màu, móng,
                   # mồi, lai, gan, hơn, cá, ta, ho, ong, ba, tên, xà, tinh, gia, dinh, lươn, hom, chiếu,
                   # đệm, ngô, tàu, ôn, mè, sáng, thật, ai
                   "chao", "kinh", "da", "vang", "nho", "thay", "noi", "bao", "thu", "so", "mong", "moi", "lai",
                   "gan", "hon", "ca", "ta", "ho", "ong", "ba", "ten", "xa", "tinh", "gia", "dinh", "luon",
                   "hom", "chieu", "dem", "ngo", "tau", "on", "me", "sang", "that", "ai"}
# Next to one of these, a one-word name typed plain is the animal or the crop it names: "con de", "dan bo",
# "nuoi luon", "hat me" before it; "de nha toi", "bo cua em", "bo lai", "ngo nep" after it (`_names_by_chance`).
# Not "sào": typed plain it is also "sao" (how), and "lam sao de" is no goat.
NAMING_BEFORE = {"con", "đàn", "bầy", "chuồng", "trại", "thịt", "sữa", "phân", "nuôi", "trồng", "ao", "lồng",
                 "ruộng", "vườn", "cây", "hạt", "bắp", "giống", "tổ", "thùng"}
NAMING_AFTER = {"nhà", "của", "con", "mẹ", "cái", "đực", "thịt", "sữa", "lai", "nếp", "giống"}
# "cua" typed plain is "của" (of) more often than the crab, and "của" stands where a name would ("ruong cua
# nha toi", the family's field): it names the crab only after "con" or "nuôi", or before "giống".
LINKS = {"cua"}
NAMING_LINKED_BEFORE, NAMING_LINKED_AFTER = {"con", "nuôi"}, {"giống"}
# Names that are as often a verb, written with their diacritics: "bò" crawls (a crab "bò lên bờ", a melon vine
# "bò kín luống"); in a message each names its animal only where a word beside it says so (`_names_by_chance`).
NAMES_AND_VERBS = {"bò"}
# What follows a sentence's subject when it suffers: "De bi chuong bung" is the goat, "De phong benh" is not.
SUFFERS = "bị"
GENERIC_WORDS = {"cách", "hướng", "dẫn", "kỹ", "thuật", "trồng", "nuôi", "chăm", "sóc", "làm", "mần", "nhà",
                 "con", "grow", "raise",
                 # units and counts, which say how much, not what about
                 "sào", "kg", "ký", "g", "gam", "lít", "ha", "m2", "m", "m3", "cm", "mét", "tấn", "tạ", "yến",
                 "ml", "ngày", "tuần", "tháng", "năm", "lần", "tuổi", "chai", "gói"}

# Chat shorthand (Zalo, Messenger, SMS), read as the word it stands for: "co thuoc j tri ko a" asks "có thuốc
# gì trị không". Only letters that stand for nothing else in a farmer's question ("k" is also kali).
SHORTHAND = {"ko": "không", "khg": "không", "hok": "không", "dc": "được", "đc": "được", "dk": "được",
             "đk": "được", "j": "gì", "e": "em", "vs": "với", "r": "rồi", "cx": "cũng", "bik": "biết",
             "mn": "mọi", "bn": "nhiêu", "ntn": "thế", "ak": "ạ", "ah": "ạ"}

# Who writes or is quoted: a kinship title, or a family name, then capitalised words ("ông Lê Văn Mít", "chị
# Sen", "(Nguyễn Thị Đào, Hương Trà)"). Given names are often fruits, flowers and animals (Đào, Mít, Sen, Gà):
# a signature must not turn a question about rice into one about peaches.
TITLES = {"ông", "bà", "anh", "chị", "cô", "chú", "bác", "em", "cháu", "dì", "cậu", "mợ"}  # not "o": ở typed plain
FAMILY_NAMES = {"nguyễn", "trần", "lê", "phạm", "hoàng", "huỳnh", "phan", "vũ", "võ", "đặng", "bùi", "đỗ", "hồ",
                "ngô", "dương", "lý", "đoàn", "trương", "lương", "đinh", "tôn", "thái", "cao", "lâm", "hà", "châu",
                "mai", "tạ", "trịnh"}

# What a farmer does to a crop or an animal: a sentence saying it tells what they farm, even by a name our
# lists do not know ("để nuôi cá dìa và cá hồng mỹ").
FARMING_WORDS = {"trồng", "nuôi", "cấy", "gieo", "ương", "chăn"}

_FARMING = {fold(w) for w in FARMING_WORDS}
_NAMING_BEFORE = {fold(w) for w in NAMING_BEFORE}
_NAMING_AFTER = {fold(w) for w in NAMING_AFTER}
_SUFFERS = fold(SUFFERS)
_LINKS = {fold(w) for w in LINKS}
_NAMING_LINKED_BEFORE = {fold(w) for w in NAMING_LINKED_BEFORE}
_NAMING_LINKED_AFTER = {fold(w) for w in NAMING_LINKED_AFTER}
_PLAIN_GENERIC = {fold(w) for w in GENERIC_WORDS}
_ENGLISH_ONLY = {w for w in ENGLISH_FILLER if not is_syllable(w)}
_PLAIN_FILLER = {fold(w) for w in FILLER_WORDS} - AMBIGUOUS_PLAIN - _PLAIN_GENERIC
_PHRASES = [tuple(fold(w) for w in phrase) for phrase in FILLER_PHRASES]
_FRAMES = [tuple(fold(w) for w in frame) for frame in FILLER_FRAMES]
_PHRASES_BY_FIRST = {}
for _phrase in _PHRASES:
    _PHRASES_BY_FIRST.setdefault(_phrase[0], []).append(_phrase)

# Keyboard residue. Telex: a doubled vowel or d, "w" for the horn or breve, s f r x j for the tones.
# VNI: digits after the letter: 1–5 tones, 6 circumflex, 7 horn, 8 breve, 9 đ.
ACUTE, GRAVE, HOOK, TILDE, DOT = "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"
TONE_KEYS = {"s": ACUTE, "f": GRAVE, "r": HOOK, "x": TILDE, "j": DOT,
             "1": ACUTE, "2": GRAVE, "3": HOOK, "4": TILDE, "5": DOT}
DOUBLED = {"a": "â", "e": "ê", "o": "ô", "d": "đ"}
MARK_KEYS = {"6": {"a": "â", "e": "ê", "o": "ô"}, "7": {"o": "ơ", "u": "ư"}, "w": {"a": "ă", "o": "ơ", "u": "ư"},
             "8": {"a": "ă"}, "9": {"d": "đ"}}
LONGEST_SYLLABLE = 7  # "nghiêng"

# How much a matched part counts: a name (crop, animal, pest, disease), a part, sign or action, another word.
NAME, SIGN, WORD, WEAK = 3.0, 2.0, 1.0, 0.5
# Query cost cap: a pasted paragraph costs what a long question does (README, "Limits").
MAX_QUERY_WORDS = 12
# A query with this many deciding parts is a message: matched by what it covers, not needing all its words.
MESSAGE_PARTS = 6
# A crop or an animal a message names this many times is what it is about (letters MRR 0.975 → 0.988 at 2,
# unchanged at 3 or 4; long letters 0.833 at 2 or 3, 0.828 at 4; every other set the same at each).
SUBJECT_TIMES = 2
# … and at most this many names in all, a part's other names included (each is a clause for the engine).
# Our sets' messages send up to 29; cut to 20 their hit@3 and MRR are unchanged (at 16 the MRR drops), while
# messages that run several stories together cost a third less.
MAX_QUERY_NAMES = 20
SENTENCE_END = re.compile(r"[.!?;:…\n]+")
# A name never spans these ("bị bệnh, lở loét" is not "bệnh lở loét"); a hyphen or a slash joins ("white-backed").
CLAUSE_END = re.compile(r"[.,;:!?…()\[\]\"“”\n]+")
DECIDING_FILE = Path(__file__).parent / "data" / "deciding_words.txt"


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


def roles(query_words):
    """FILLER, GENERIC or CONTENT for each of the (normalised, lower-case) query words."""
    query_words = [SHORTHAND.get(word, word) for word in query_words]
    folded = [fold_word(w) for w in query_words]
    found = []
    for word, key in zip(query_words, folded):
        plain = word == key
        if word in GENERIC_WORDS or plain and key in _PLAIN_GENERIC or word.isdigit():
            found.append(GENERIC)
        elif word in FILLER_WORDS or plain and key in _PLAIN_FILLER:
            found.append(FILLER)
        else:
            found.append(CONTENT)
    for i, key in enumerate(folded):
        for phrase in _PHRASES_BY_FIRST.get(key, ()):
            if tuple(folded[i:i + len(phrase)]) == phrase:
                found[i:i + len(phrase)] = [FILLER] * len(phrase)
    for frame in _FRAMES:
        if all(key in folded for key in frame):
            found = [FILLER if key in frame else role for key, role in zip(folded, found)]
    return found


@lru_cache(maxsize=1)
def _deciding():
    """The parts, signs and actions of DECIDING_FILE: (exact word tuples, folded word tuples, the lengths of
    the entries each folded first word starts, longest first)."""
    entries = [tuple(words(entry)) for line in DECIDING_FILE.read_text(encoding="utf-8").splitlines()
               for entry in line.split("#", 1)[0].split(",") if words(entry)]
    lengths = {}
    for entry in entries:
        lengths.setdefault(fold(entry[0]), set()).add(len(entry))
    return (frozenset(entries), frozenset(tuple(fold(w) for w in entry) for entry in entries),
            {first: sorted(found, reverse=True) for first, found in lengths.items()})


def _is_entry(typed, plain, accented=False):
    """Whether the words `typed` (folded: `plain`) are a part, sign or action of DECIDING_FILE: as written,
    or typed without diacritics by their folded form, unless the query was typed with diacritics
    (`accented`): then "sau" is "sau" (after), not "sâu" (a pest)."""
    exact, plain_entries, _ = _deciding()
    return typed in exact or (not accented and typed == plain and plain in plain_entries)


def deciding_positions(query_words, folded, accented=False):
    """{index: how many words its entry has} for the words that belong to an entry of DECIDING_FILE
    (`_is_entry`; `folded`: the words folded)."""
    lengths = _deciding()[2]
    found = {}
    for i, first in enumerate(folded):
        for n in lengths.get(first, ()):
            typed, key = tuple(query_words[i:i + n]), tuple(folded[i:i + n])
            if len(typed) == n and _is_entry(typed, key, accented):
                for j in range(i, i + n):
                    found[j] = max(found.get(j, 0), n)
                break
    return found


def is_accented(query_words, folded):
    """Typed with the Vietnamese keyboard on: a third of its words or more carry diacritics (most words of
    Vietnamese do). In such a query a word without them was written so on purpose ("sau", after)."""
    marked = sum(word != plain for word, plain in zip(query_words, folded))
    return len(query_words) > 1 and marked * 3 >= len(query_words)


class Term(NamedTuple):
    """One word of the query as understood."""

    text: str  # as typed (normalised), or the syllable its keyboard residue spells
    split: str | None = None  # for an unknown run-together word: its syllables, folded, space-separated
    typed: str | None = None  # the word as typed, when `text` is its conversion ("boots" may be English)


class Part(NamedTuple):
    """A word or a known name of the query, as the engine query and the fallback match it. A tuple: a
    2,000-character message makes three hundred."""

    text: str  # the words, normalised, lower-case
    key: str  # the same words folded: how they read typed without diacritics
    alternatives: tuple  # other names of the same thing (regional, folk, scientific)
    role: str  # FILLER, GENERIC or CONTENT: whether it decides a match
    weight: float  # NAME, SIGN, WORD or WEAK: how much it counts when it matches
    exact: bool  # typed with diacritics the guides use as typed: only that spelling matches
    fuzzy: bool  # a word the guides do not use: one typo forgiven
    split: str | None = None  # a run-together word: its syllables
    typed: str | None = None  # keyboard residue: the word as typed, which may be a word after all
    position: int = 0  # where it starts among the query's words
    commodities: frozenset = frozenset()  # slugs of the crops and animals it names: their guides rank first


@dataclass(frozen=True)
class Understood:
    """A query read once for every step of a search."""

    q: str  # as typed, normalised
    parts: tuple  # of Part, in the query's order
    locale: str | None
    vocabulary: object  # the search.vocabulary.Vocabulary it was read with
    names: object  # the search.synonyms.Names it was read with
    message: bool = False  # a whole message: matched by how much of it a guide covers
    question: bool = False  # filler among its words: the passage that answers it is worth showing
    typed_words: int = 0  # how many words were typed, filler and all
    named_often: frozenset = frozenset()  # slugs of a message's crops and animals named SUBJECT_TIMES times or more

    @property
    def empty(self):
        return not self.parts

    @cached_property
    def deciding(self):
        """The role that decides a match: CONTENT if the query has any, else GENERIC ("cách nuôi"), else None
        (filler only: nothing matches)."""
        found = {part.role for part in self.parts}
        return CONTENT if CONTENT in found else GENERIC if GENERIC in found else None

    @property
    def words(self):
        return [word for part in self.parts for word in part.text.split()]

    @cached_property
    def spelled(self):
        """The query as understood, in the guides' spelling ("nuooi gaf" → "nuôi gà", "benhdaoon" →
        "bệnh đạo ôn"), for did-you-mean and suggestions."""
        written = self.vocabulary.written
        found = []
        for part in self.parts:
            found += [written.get(p, p) for p in part.split.split()] if part.split else [part.text]
        return " ".join(found)


def is_english(query_words):
    """Written in English: two or more of its words are English filler that no Vietnamese word is ("what",
    "their", "should"; not "to" or "do"). Its other words are then read as typed, never as Telex ("cows" is
    not "cớ") or as run-together syllables ("rain" is not "ra in")."""
    return sum(word in _ENGLISH_ONLY for word in query_words) >= 2


def _terms(query_words, word_roles, known, english):
    """Each word with keyboard residue converted and run-together syllables found. A query in English
    (`english`, or a search of English guides only) keeps its words as typed: no one types English in
    Telex ("cows" is not "cớ"), nor runs Vietnamese syllables together in it ("rain" is not "ra in")."""
    terms = []
    for word, role in zip(query_words, word_roles):
        key = fold_word(word)
        if key in known.counts or word.isdigit() or role != CONTENT or english:
            terms.append(Term(word))
            continue
        converted = from_keyboard(word)
        if converted and fold_word(converted) in known.counts:
            terms.append(Term(converted, typed=word))
            continue
        pieces = split(key, known.counts, known.total) if key.isalpha() else None
        terms.append(Term(word, " ".join(pieces) if pieces else None))
    return terms


def _named_people(text):
    """The positions of the words of normalised `text` that name a person: after a title, one to four
    capitalised words; from a capitalised family name, two to four more. Never across punctuation, and not in
    a message typed with Every Word Capitalised, where capitals tell nothing."""
    tokens = list(WORD_PATTERN.finditer(text))
    capitalised = [token.group()[0].isupper() for token in tokens]
    if sum(capitalised) * 2 > len(tokens):
        return set()
    found, i = set(), 0
    while i < len(tokens):
        word = tokens[i].group()
        run = i + 1
        while (run < len(tokens) and run - i <= 4 and capitalised[run]
               and not text[tokens[run - 1].end():tokens[run].start()].strip()):
            run += 1
        named = run - i - 1
        if named >= 1 and word.lower() in TITLES or named >= 2 and capitalised[i] and word.lower() in FAMILY_NAMES:
            found.update(range(i + (word.lower() in TITLES), run))
            i = run
        else:
            i += 1
    return found


def _sentences(text, word_starts, end=SENTENCE_END):
    """The word index where each sentence of normalised, lower-case `text` starts (each clause, with `end`
    CLAUSE_END); `word_starts`: where each of its words starts in it. No word holds a sentence's end."""
    return [0] + [bisect_left(word_starts, found.end()) for found in end.finditer(text)]


def _spans(typed, folded, word_roles, names, clause_starts):
    """The query's spans: known names grouped (`search.synonyms.expand`) within each clause, each as
    (position, Span, role), its role the strongest of its words' (`folded`: `typed` folded)."""
    found = []
    for start, end in zip(clause_starts, [*clause_starts[1:], len(typed)]):
        i = start
        for span in expand(typed[start:end], names, folded[start:end]):
            size = len(span.text.split())
            own = word_roles[i:i + size]
            found.append((i, span, CONTENT if CONTENT in own else GENERIC if GENERIC in own else FILLER))
            i += size
    return found


def _parts(spans, terms, typed, folded, names, known, filler=True):
    """The query's parts, one per span of `_spans`, each with its weight; its filler too unless `filler` is
    false (a message's filler never reaches the engine: a 2,000-character message has a hundred and fifty)."""
    accented = is_accented(typed, folded)
    signs = deciding_positions(typed, folded, accented)
    found = []
    for i, span, role in spans:
        if role == FILLER and not filler:
            continue
        size = len(span.text.split())
        term = terms[i]
        key, plain = tuple(typed[i:i + size]), tuple(folded[i:i + size])
        # Typed plain, a name inside a longer sign is the sign: "bo an" is bỏ ăn (off its food), not bò; its
        # words alone weigh as any word (a chicken's "bo an" found the rice bug guide, bọ xít, second).
        in_sign = key == plain and any(signs.get(j, 0) > size for j in range(i, i + size))
        # Typed plain among words with their diacritics, a word was written so on purpose: it takes the names
        # written so ("heo": lợn), not those it folds to ("ga" of "bếp ga", gas, is not gà, whose guides it
        # ranked first for a question about biogas).
        by_folding = accented and key == plain and key not in names.known and key not in names.exact
        alternatives = () if by_folding else span.alternatives
        # A name is a thing's, or another name of one that holds a crop or an animal ("heo thịt": lợn thịt).
        by_others = names.commodities_named(alternatives)
        named = names.names_a_thing(key, plain, accented) or by_others
        weight = (WEAK if role == GENERIC else WORD if span.place else NAME if named and not in_sign
                  else WORD if in_sign else SIGN if any(j in signs for j in range(i, i + size)) else WORD)
        # … and the crops and animals it names, by itself or another name (not "bo" of "bo an", bỏ ăn)
        kept = (names.commodities_named([span.text]) | by_others if weight == NAME or alternatives
                else set())
        # With diacritics, or plain among words typed with them: the spelling the guides use means itself.
        as_typed = accented or key != plain
        exact = as_typed and all(w in known.spellings for w in key)
        said = " ".join(plain)
        found.append(Part(span.text, said, tuple(alternatives), role, weight, exact, fuzzy=said not in known.counts,
                          split=term.split if size == 1 else None, typed=term.typed if size == 1 else None,
                          position=i, commodities=frozenset(kept)))
    return found


def _signs_as_parts(parts):
    """A message's signs of several words as one part each ("bỏ ăn", "tím tái", "chảy nước dãi"), matched
    where its words stand together: a fish question titled "… bỏ ăn" held two of a sow's parts in its short
    title and outranked the guide whose disease has every sign."""
    lengths = _deciding()[2]
    at = {part.position: part for part in parts}
    merged, taken = [], set()
    for part in sorted(parts, key=lambda part: part.position):
        if part.position in taken:
            continue
        for n in lengths.get(part.key.split()[0], ()):
            run = [at.get(part.position + k) for k in range(n)]
            if n < 2 or None in run or any(len(p.text.split()) > 1 or p.weight == NAME or p.role != CONTENT
                                           for p in run):
                continue
            typed, plain = tuple(p.text for p in run), tuple(p.key for p in run)
            if _is_entry(typed, plain):
                taken.update(p.position for p in run)
                merged.append(part._replace(text=" ".join(typed), key=" ".join(plain), alternatives=(), weight=SIGN,
                                      exact=all(p.exact for p in run), fuzzy=False, split=None, typed=None,
                                      commodities=frozenset()))
                break
        else:
            merged.append(part)
    return merged


def _message_parts(parts, sentence_starts, plain):
    """A message's parts worth searching (its filler was never read: `_parts`): nothing said twice, at most
    MAX_QUERY_WORDS and MAX_QUERY_NAMES, the heaviest kept. When there are more, a sentence that names and
    describes nothing ("Tôi tên là Hòa, ở xã Quảng Thái.") gives none. When one crop or animal is named
    SUBJECT_TIMES times or more (by any of its names; in a message typed `plain`, only by names of several
    words, since "bo" may be bờ or bỏ each time), one named only once (the maize fed to the chickens) weighs
    as any word and ranks no guides first: as a name it took a place the signs told further on needed.
    Returns the parts and the slugs of the crops and animals named SUBJECT_TIMES times or more."""
    def sentence(part):
        return bisect_right(sentence_starts, part.position) - 1

    seen, kept = set(), []
    times = Counter(slug for part in parts if not plain or " " in part.text for slug in part.commodities)
    often = frozenset(slug for slug, count in times.items() if count >= SUBJECT_TIMES)
    for part in parts:
        said = part.text if part.exact else part.key  # typed with its diacritics, "màu" is not "máu"
        if said not in seen:
            seen.add(said)
            if often and part.commodities and all(times[slug] == 1 for slug in part.commodities):
                part = part._replace(weight=WORD, commodities=frozenset())
            kept.append(part)
    telling = {sentence(part) for part in kept if part.weight >= SIGN or part.key in _FARMING}
    if len(kept) > MAX_QUERY_WORDS and telling:
        kept = [part for part in kept if sentence(part) in telling]
    heaviest, names = [], 0
    for part in sorted(kept, key=lambda part: (-part.weight, part.position)):
        cost = 1 + len(part.alternatives)
        if len(heaviest) < MAX_QUERY_WORDS and (not heaviest or names + cost <= MAX_QUERY_NAMES):
            heaviest.append(part)
            names += cost
    return sorted(heaviest, key=lambda part: part.position), often


def _capped(parts):
    """A short query's parts: at most MAX_QUERY_WORDS, filler dropped first, then generic words, then the last."""
    for weak in (FILLER, GENERIC):
        if len(parts) > MAX_QUERY_WORDS:
            parts = [part for part in parts if part.role != weak] or parts
    return parts[:MAX_QUERY_WORDS]


def _names_by_chance(parts, folded, sentence_starts, accented=False):
    """In a message typed without diacritics, a one-word name may be one of the several words its letters
    spell ("de": dê or để, "luon": lươn or luôn, "lon": lợn or lớn, "bap" of "bap benh", bấp bênh): it names
    the animal or the crop only if the message says so somewhere: beside a word that names one ("con de",
    "de nha toi", "trong bap") or as a sentence's subject, its first word ("lac vang la"; for a word of
    AMBIGUOUS_PLAIN only followed by "bị": "De bi chuong bung", never "De phong benh"). Elsewhere it weighs as
    any word and keeps no guides first: every "để" of a farmer's plain letter put the goat guide among the
    first three. `folded`: the message's words, folded. In a message typed with diacritics (`accented`),
    where a word without them is written so ("rau", "ong") or on purpose, only NAMES_AND_VERBS are asked,
    each time they stand, and one followed by "bị" is named too ("bò bị sốt")."""

    def named_there(position, key):
        before = folded[position - 1] if position > 0 else ""
        after = folded[position + 1] if position + 1 < len(folded) else ""
        if key in _LINKS:
            return before in _NAMING_LINKED_BEFORE or after in _NAMING_LINKED_AFTER
        subject = position in sentence_starts and (key not in AMBIGUOUS_PLAIN or after == _SUFFERS)
        return (before in _NAMING_BEFORE or after in _NAMING_AFTER or subject
                or accented and after == _SUFFERS)

    def by_chance(part):
        if accented:
            return part.weight == NAME and part.text in NAMES_AND_VERBS
        return part.weight == NAME and part.text == part.key and " " not in part.key

    def which(part):  # with diacritics the same spelling either way: each time says which it is
        return part.position if accented else part.key

    said = {which(part) for part in parts if by_chance(part) and named_there(part.position, part.key)}
    return [_as_word(part) if by_chance(part) and which(part) not in said else part for part in parts]


def _as_word(part):
    """A part that names nothing after all: it weighs as any word and ranks no guides first."""
    return part._replace(alternatives=(), weight=WORD, commodities=frozenset())


def _only_ambiguous(spans):
    """Pleasantries typed without diacritics ("ok em hieu roi", "alo co ai o day khong"): filler, and words
    that are a thing only by chance (roi, co, day), nothing generic. `spans`: (position, Span, role)."""
    chance = AMBIGUOUS_PLAIN | FILLER_WORDS  # "nha": nhà typed plain, or the particle
    found = {role for _, _, role in spans}
    return (FILLER in found and CONTENT in found
            and all(span.text in chance for _, span, role in spans if role != FILLER))


def understand(q, known, names, locale=None):
    """`q` read once: its parts with their roles and weights, keyboard residue converted, run-together words
    split, known names grouped with their other names; a message's story left out. `names` is the
    `search.synonyms.table()` of this request."""
    text = normalize(q)  # once: a 2,000-character message costs a millisecond each time
    lower = text.lower()
    tokens = list(WORD_PATTERN.finditer(lower))
    query_words, word_starts = [token.group() for token in tokens], [token.start() for token in tokens]
    word_roles = roles(query_words)
    question = FILLER in word_roles
    for position in _named_people(text):
        word_roles[position] = FILLER
    english = locale == "en" or is_english(query_words)
    terms = _terms(query_words, word_roles, known, english)
    typed = [term.text for term in terms]
    typed_folded = [fold_word(word) for word in typed]
    spans = _spans(typed, typed_folded, word_roles, names, _sentences(lower, word_starts, CLAUSE_END))
    if _only_ambiguous(spans):
        spans = [(i, span, FILLER) for i, span, _ in spans]
    message = sum(role == CONTENT for _, _, role in spans) >= MESSAGE_PARTS
    parts = _parts(spans, terms, typed, typed_folded, names, known, filler=not message)
    if message:
        sentence_starts = _sentences(lower, word_starts)
        folded = [fold_word(word) for word in query_words]
        plain = not is_accented(query_words, folded)
        parts = _names_by_chance(parts, folded, set(sentence_starts), accented=not plain)
        parts, often = _message_parts(_signs_as_parts(parts), sentence_starts, plain)
    else:
        parts, often = _capped(parts), frozenset()
    return Understood(q=text, parts=tuple(parts), locale=locale, vocabulary=known, names=names,
                      message=message, question=question, typed_words=len(query_words), named_often=often)


def read(q, locale=None):
    """`understand` with this moment's visible stamp, vocabulary and names: what a request does once."""
    stamp = visible_stamp()
    return understand(q, vocabulary(stamp), table(stamp), locale)
