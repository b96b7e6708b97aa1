"""What a farmer's words lose before they are published: phone numbers, e-mail addresses, links to a
profile, and names — the farmer's own ("tôi là Nguyễn Văn An", "em tên Lan", "…, tên Hoa") and other
people's ("anh Tuấn", "Trần Thị Bích"). Place names and the numbers of a question (doses, counts, money,
dates: "2.000 con", "1,5 kg/sào", "ngày 12/3") stay: a farmer's question is about them.

`removals()` says what would be removed and why, so the officer's confirm screen can show each removal
marked in the text before anything is published; `anonymised()` is the text with each one replaced by
HIDDEN. It finds what is typical, not everything: the officer reads the marked text and edits it.
"""
import re
import unicodedata
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

HIDDEN = "[…]"
KINDS = {"phone": _("số điện thoại"), "email": _("e-mail"), "link": _("đường dẫn"), "name": _("tên người")}


@dataclass(frozen=True)
class Removal:
    start: int
    end: int
    kind: str  # a key of KINDS

    def label(self):
        return KINDS[self.kind]


# --- phone numbers ------------------------------------------------------------------------------------------
# Digit groups joined by the separators farmers type: "0905 123 456", "0905.123.456", "(0905)123456",
# "0905/123/456", "0905,123,456", "0905_123_456", "+84 905-123-456". Which groups form a number is decided by
# counting digits, so doses and money ("2.000 con", "1,5 kg", "500.000.000 đồng") are never taken.
DIGIT_RUN = re.compile(r"\+?\(?\+?\d(?:[ .\-/,_()]{0,3}\d)*\)?")
GROUP = re.compile(r"\d+")


def _is_phone(digits, separators):
    if digits.startswith("0"):
        return len(digits) in (10, 11) and digits[1] != "0"  # mobile 10, landline 11 (0234 3822 111)
    if digits.startswith("84"):
        return len(digits) in (11, 12)
    # A mobile number typed without its 0 ("905 123 456"), but not a grouped figure ("905.123.456 đồng").
    return len(digits) == 9 and digits[0] in "35789" and not set(separators) & set(".,")


def _phones(text):
    for run in DIGIT_RUN.finditer(text):
        groups = list(GROUP.finditer(run.group()))
        i = 0
        while i < len(groups):
            for j in range(i, len(groups)):
                digits = "".join(g.group() for g in groups[i:j + 1])
                if len(digits) > 12:
                    break
                between = run.group()[groups[i].end():groups[j].start()]
                if _is_phone(digits, between):
                    start, end = run.start() + groups[i].start(), run.start() + groups[j].end()
                    while start > run.start() and text[start - 1] in "(+":
                        start -= 1
                    if end < len(text) and text[end] == ")" and "(" in text[start:end]:
                        end += 1
                    yield Removal(start, end, "phone")
                    i = j
                    break
            i += 1


# --- e-mail addresses and links -------------------------------------------------------------------------
EMAIL = re.compile(r"[\w.+\-]+\s?@\s?[\w\-]+(?:\.[\w\-]+)+", re.UNICODE)
LINK = re.compile(r"(?:https?://|www\.)\S+|\b(?:facebook\.com|fb\.com|zalo\.me|m\.me)/\S+", re.IGNORECASE)

# --- names ---------------------------------------------------------------------------------------------------
# Words are matched on the lowercase text with or without diacritics; a word typed without them is taken
# only when it cannot be another word ("co" may be "có", so it is not the pronoun "cô").
PRONOUN = r"(?:tôi|toi|tui|tao|tớ|em|mình|minh|cháu|chau|con|anh|chị|chú|chu|cô|bác|bac|ông|bà|mẹ|bố|ba)"
TEN = r"(?:tên|ten)"
LA = r"(?:là|la)"
# Introductions after which the next words are a name even typed in lowercase ("em tên lan").
NAMING = re.compile(rf"(?<!\w)(?:{PRONOUN}\s+{TEN}(?:\s+{LA})?|{TEN}\s+(?:của\s+|cua\s+)?{PRONOUN}(?:\s+{LA})?"
                    rf"|họ\s+(?:và\s+)?{TEN}(?:\s+{LA})?|ho\s+(?:va\s+)?ten(?:\s+la)?)\s*:?\s+")
# "…, tên Hoa": "tên" starting a clause.
CLAUSE_TEN = re.compile(rf"(?:^|(?<=[,;.!?\n(]))\s*{TEN}(?:\s+{LA})?\s*:?\s+(?!(?:của\s+|cua\s+)?{PRONOUN}\b)")
# "tôi là Nguyễn Văn An": after "là" only capitalised words are a name ("tôi là nông dân" is not).
BEING = re.compile(rf"(?<!\w){PRONOUN}\s+{LA}\s+")
# "anh Tuấn", "chị Lan ở xã bên": a form of address before a capitalised word.
ADDRESS = re.compile(r"(?<!\w)(?:anh|chị|chú|cô|bác|ông|bà|em|cháu|dì|cậu|mợ|thím)\s+(?=[^\W\d_])")
WORD = re.compile(r"[^\W\d_]+")
# Lowercase words that end a name typed in lowercase: what usually follows a name in a question.
AFTER_NAME = {"o", "ở", "nha", "nhà", "năm", "nam", "tuoi", "tuổi", "xin", "hoi", "hỏi", "muon", "muốn", "co", "có",
              "nuoi", "nuôi", "trong", "trồng", "bi", "bị", "la", "là", "va", "và", "hien", "hiện", "dang", "đang",
              "thon", "thôn", "xa", "xã", "huyen", "huyện", "sdt", "dt", "so", "số", "goi", "gọi", "cam", "cảm",
              "nay", "làm", "lam", "sống", "song", "tại", "tai", "ạ", "a", "oi", "ơi", "cho", "dạ", "da", "thì", "thi"}
# Sentence particles: they end a sentence, never a name ("tên em là lan nhé" loses "lan", keeps "nhé"). Not
# "ha" or "do": typed without diacritics they may be the names Hà and Đỗ.
PARTICLES = {"nhé", "nhe", "nha", "nhá", "nhỉ", "ạ", "à", "hả", "đó", "đấy", "đây", "nè", "ne", "nghen", "vậy",
             "thôi", "luôn"}
# Capitalised words that are not names after a form of address ("anh Cán bộ", "Anh Chị ơi").
NOT_NAMES = {"anh", "chị", "chú", "cô", "bác", "ông", "bà", "em", "cháu", "cán", "bộ", "kỹ", "sư", "khuyến",
             "nông", "trưởng", "chủ", "tịch", "giám", "đốc", "bác sĩ", "thú", "y", "ơi", "cho", "xin", "ạ", "dạ"}
# A full name without an introduction: a common family name and two or three more capitalised words,
# unless a place word comes before it ("đường Lê Lợi", "thành phố Hồ Chí Minh").
SURNAMES = {"nguyễn", "trần", "lê", "phạm", "hoàng", "huỳnh", "phan", "vũ", "võ", "đặng", "bùi", "đỗ", "hồ",
            "dương", "đinh", "trương", "trịnh", "đoàn", "lưu", "tôn", "hà", "lý", "mai", "cao", "lương", "tạ"}
PLACE_WORDS = {"đường", "phố", "thôn", "xóm", "xã", "phường", "huyện", "quận", "tỉnh", "trường", "chợ",
               "cầu", "sông", "khu", "tổ", "ấp", "làng", "bản", "kiệt", "hẻm", "ngõ", "thành phố", "tp", "giống"}
NOT_PERSONS = {"hồ chí minh"}


def _capitalised(word):
    return word[:1].isupper()


def _name_after(text, start, lowercase_allowed, limit=4):
    """The name beginning at `start` (its words, up to `limit`): capitalised words, or — after an
    introduction — up to three words until one that usually follows a name. None when there is none."""
    end = None
    words = 0
    for word in WORD.finditer(text, start):
        gap = text[end if end is not None else start:word.start()]
        if gap.strip() or words == limit:  # punctuation or a number ends the name
            break
        lower = word.group().lower()
        if lower in PARTICLES:
            break
        if _capitalised(word.group()):
            if lower in NOT_NAMES:
                break
        elif not lowercase_allowed or words == 3 or lower in AFTER_NAME:
            break
        end = word.end()
        words += 1
    return end


def _names(text):
    lower = text.lower()
    for pattern, lowercase_allowed in ((NAMING, True), (CLAUSE_TEN, True), (BEING, False), (ADDRESS, False)):
        for match in pattern.finditer(lower):
            end = _name_after(text, match.end(), lowercase_allowed, limit=2 if pattern is ADDRESS else 4)
            if end:
                yield Removal(match.end(), end, "name")
    words = list(WORD.finditer(text))
    for i, word in enumerate(words):
        if word.group().lower() not in SURNAMES or not _capitalised(word.group()):
            continue
        run = [word]
        for following in words[i + 1:i + 4]:
            if text[run[-1].end():following.start()].strip() or not _capitalised(following.group()):
                break
            run.append(following)
        full = " ".join(w.group() for w in run).lower()
        before = lower[:word.start()].split()[-2:]
        if len(run) >= 3 and full not in NOT_PERSONS and not (set(before) & PLACE_WORDS
                                                             or " ".join(before) in PLACE_WORDS):
            yield Removal(word.start(), run[-1].end(), "name")


def removals(text):
    """What would be removed from `text` (NFC), in order, overlaps merged into the earlier removal."""
    found = sorted([*(Removal(m.start(), m.end(), "email") for m in EMAIL.finditer(text)),
                    *(Removal(m.start(), m.end(), "link") for m in LINK.finditer(text)),
                    *_phones(text), *_names(text)], key=lambda r: (r.start, -r.end))
    kept = []
    for removal in found:
        if kept and removal.start < kept[-1].end:
            if removal.end > kept[-1].end:
                kept[-1] = Removal(kept[-1].start, removal.end, kept[-1].kind)
            continue
        kept.append(removal)
    return kept


def contacts(text):
    """The phone numbers, e-mail addresses and links in `text` (NFC), each quoted as written, comma-separated
    ("" when none), for the message that refuses them: never published, whoever publishes. Names are marked
    on the confirm screen for the officer to judge, not refused."""
    return ", ".join(f"“{text[r.start:r.end]}”" for r in removals(text) if r.kind != "name")


def normal(text):
    return unicodedata.normalize("NFC", text or "")


def anonymised(text):
    """`text` with every removal replaced by HIDDEN."""
    text = normal(text)
    parts, last = [], 0
    for removal in removals(text):
        parts += [text[last:removal.start], HIDDEN]
        last = removal.end
    return ("".join(parts) + text[last:]).strip()


def marked(text):
    """`text` as HTML for the officer: each removal shown struck through, with what replaces it and why."""
    text = normal(text)
    parts, last = [], 0
    for removal in removals(text):
        removed = escape(text[removal.start:removal.end])
        parts += [escape(text[last:removal.start]),
                  f'<mark class="removed" title="{escape(removal.label())}"><del>{removed}</del> {HIDDEN}</mark>']
        last = removal.end
    return mark_safe("".join(parts) + escape(text[last:]))
