"""Filler words: how a question is asked, not what it is about. The engine query and the database
fallback both let them rank a guide but never decide whether it matches."""

# Folded forms; "grow", "raise", "care for" too, since every guide does one of them.
FILLER = {"cach", "sao", "the", "nao", "gi", "bi", "toi", "minh", "em", "oi", "khong", "nhu", "la", "va", "thi",
          "voi", "cua", "cho", "o", "nhung", "cac", "mot", "nen", "phai", "giup", "xin", "hoi", "huong", "dan",
          "ky", "thuat", "trong", "nuoi", "cham", "soc", "lam", "how", "to", "of", "and", "for", "in", "a"}
