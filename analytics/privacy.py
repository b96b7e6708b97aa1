"""What a search record may keep: the words searched, never a phone number or an e-mail address a farmer
typed into the search box (they do, asking for an officer)."""
import re
from itertools import chain

from kb.text import each_word

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Vietnamese phone numbers: 0 or +84 then 8 to 10 more digits, written with spaces, dots or dashes or not.
PHONE = re.compile(r"(?<!\d)(?:\+84|84|0)(?:[\s.\-]?\d){8,10}(?!\d)")
MASKS = {"e": "[email]", "p": "[số điện thoại]"}
RECORDED = 200


def masked_query(text):
    """The query as a record keeps it: its normalised words, phone numbers and e-mail addresses masked,
    RECORDED characters at most. Masking a masked query changes nothing."""
    marked = text or ""
    for mark, mask in MASKS.items():
        marked = marked.replace(mask, f" \x00{mark} ")
    marked = PHONE.sub(" \x00p ", EMAIL.sub(" \x00e ", marked))
    parts = re.split(r"\x00([ep])", marked)  # text, mark, text, mark, …, text
    found = chain.from_iterable([MASKS[part]] if index % 2 else each_word(part) for index, part in enumerate(parts))
    kept, length = [], -1
    for word in found:
        if length >= RECORDED:  # a 2,000-character message: the rest would be cut anyway
            break
        kept.append(word)
        length += len(word) + 1
    return " ".join(kept)[:RECORDED]
