"""Vietnamese text (kb.text): one spelling per word, folding, words and slugs — and the index folds alike."""
import unicodedata

import pytest

from kb.text import ascii_slug, fold, normalize, words


@pytest.mark.parametrize("typed, canonical", [
    ("hoà", "hòa"), ("hòa", "hòa"), ("khoẻ", "khỏe"), ("thuỷ", "thủy"),  # open oa/oe/uy: the first vowel
    ("hoàng", "hoàng"), ("hòang", "hoàng"), ("ngòai", "ngoài"), ("hùynh", "huỳnh"),  # closed: the second
    ("quả", "quả"), ("qủa", "quả"), ("giường", "giường"), ("gìương", "giường"),  # qu, gi are consonants
    ("của", "của"), ("kìa", "kìa"),  # one vowel, or an open pair: the first
    ("thuở", "thuở"), ("muốn", "muốn"), ("múôn", "muốn"), ("tiền", "tiền"),  # ơ, ô, ê carry the tone
    ("Hoà Vang", "Hòa Vang"), ("THUỶ SẢN", "THỦY SẢN"),  # case kept
    ("lua", "lua"), ("", ""), ("2024", "2024"),
])
def test_tone_marks_sit_on_one_canonical_vowel(typed, canonical):
    assert normalize(typed) == canonical
    assert normalize(unicodedata.normalize("NFD", typed)) == canonical  # decomposed input too


@pytest.mark.parametrize("text, folded", [
    ("Đạo ôn", "dao on"), ("ĐẠO ÔN", "dao on"), ("lúa", "lua"), ("Thừa Thiên Huế", "thua thien hue"),
    ("hoà", "hoa"), ("khỏe", "khoe"), ("Ươm giống", "uom giong"), ("cà chua, ớt!", "ca chua, ot!"),
])
def test_folding_drops_every_diacritic_and_d_stroke(text, folded):
    assert fold(text) == folded
    assert fold(unicodedata.normalize("NFD", text)) == folded


@pytest.mark.parametrize("text, found", [
    ("Phòng bệnh  ĐẠO ÔN, cho lúa!", ["phòng", "bệnh", "đạo", "ôn", "cho", "lúa"]),
    ("Nuôi hoà-bình 2 lứa", ["nuôi", "hòa", "bình", "2", "lứa"]),
    ("  ", []),
])
def test_words_are_lower_case_and_normalised(text, found):
    assert words(text) == found


@pytest.mark.parametrize("name, slug", [
    ("Đồng Hới", "dong-hoi"), ("ĐẮK LẮK", "dak-lak"), ("Phú Vang", "phu-vang"), ("Hoà Vang", "hoa-vang"),
    ("Lúa (SRI)", "lua-sri"), ("Cà phê", "ca-phe"),
])
def test_slugs_fold_like_search(name, slug):
    assert ascii_slug(name) == slug


FOLDING_SAMPLES = ("Đạo ôn ĐẠO ÔN đồng ruộng", "hoà khoẻ thuỷ sản", "Ươm giống lợn nái ở Phú Vang",
                   "Ngô, bắp; sắn (khoai mì) — ớt sừng", "quả giường huỳnh ngoài thuở muốn")


@pytest.mark.parametrize("text", FOLDING_SAMPLES)
def test_python_folding_matches_the_index_analyzer(search_index, text):
    """The engine folds indexed text with its own analyzer; Python folds queries, synonym keys and slugs.
    They must agree, or a folded query would miss what the index holds."""
    from search.client import get_client

    tokens = get_client().indices.analyze(index=search_index, analyzer="vi_folded", text=normalize(text))["tokens"]
    assert [t["token"] for t in tokens] == [fold(word) for word in words(text)]
