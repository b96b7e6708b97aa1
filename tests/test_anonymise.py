"""A farmer's words before they are published: phone numbers, e-mail addresses, links and names removed in the
forms farmers type them, and nothing else — places, doses, counts, money and dates stay."""
import pytest

from core.anonymise import HIDDEN, anonymised, marked

H = HIDDEN
REMOVED = [
    # phone numbers
    ("Gọi 0905123456 giúp em", f"Gọi {H} giúp em"),
    ("Số em 0905 123 456", f"Số em {H}"),
    ("sđt 0905.123.456 nhé", f"sđt {H} nhé"),
    ("sdt: 0905-123-456", f"sdt: {H}"),
    ("(0905)123456 là số nhà", f"{H} là số nhà"),
    ("gọi (0905) 123 456 buổi tối", f"gọi {H} buổi tối"),
    ("0905/123/456", H),
    ("số 0905,123,456 ạ", f"số {H} ạ"),
    ("zalo 0905_123_456", f"zalo {H}"),
    ("+84 905 123 456", H),
    ("+84905123456", H),
    ("(+84) 905-123-456 cảm ơn", f"{H} cảm ơn"),
    ("84 905 123 456", H),
    ("máy bàn 0234 3822 111", f"máy bàn {H}"),
    ("02343.822.111", H),
    ("Gọi 905 123 456 nha", f"Gọi {H} nha"),
    ("0905123456 hoặc 0912345678", f"{H} hoặc {H}"),
    ("SĐT: 0905 123 456, 0912 345 678", f"SĐT: {H}, {H}"),
    # e-mail addresses and links
    ("mail: nongdan.phuvang@gmail.com", f"mail: {H}"),
    ("gửi về lan_nguyen99@yahoo.com.vn giúp", f"gửi về {H} giúp"),
    ("email lan @ gmail.com", f"email {H}"),
    ("xem facebook.com/nguyen.van.an", f"xem {H}"),
    ("zalo.me/0905123456 nhé", f"{H} nhé"),
    # names: the farmer's own introduction, typed with or without capitals and diacritics
    ("Tôi là Nguyễn Văn An, ở Phú Vang.", f"Tôi là {H}, ở Phú Vang."),
    ("tôi là Nguyễn Văn Hùng hỏi về lúa", f"tôi là {H} hỏi về lúa"),
    ("Em tên Lan, nuôi 300 con gà.", f"Em tên {H}, nuôi 300 con gà."),
    ("em tên là Hoa ở thôn Phú Lương", f"em tên là {H} ở thôn Phú Lương"),
    ("toi ten la nguyen van an o huong tra", f"toi ten la {H} o huong tra"),
    ("Tên tôi là Trần Thị Bích.", f"Tên tôi là {H}."),
    ("Họ tên: Lê Văn Tám", f"Họ tên: {H}"),
    ("Nhà tôi ở thôn Thủy Tú, tên Hoa, nuôi 50 con heo.", f"Nhà tôi ở thôn Thủy Tú, tên {H}, nuôi 50 con heo."),
    ("Tui tên Sáu ở Quảng Điền", f"Tui tên {H} ở Quảng Điền"),
    ("Cháu tên Minh Tuấn, 20 tuổi", f"Cháu tên {H}, 20 tuổi"),
    ("mình là Phan Thanh Hải", f"mình là {H}"),
    # a sentence particle after the name stays: the name ends before it
    ("tên em là lan nhé", f"tên em là {H} nhé"),
    ("Cháu tên Minh Tuấn nhé, ở Hương Trà", f"Cháu tên {H} nhé, ở Hương Trà"),
    ("em tên lan nè, nuôi gà", f"em tên {H} nè, nuôi gà"),
    ("tôi tên hoa đó", f"tôi tên {H} đó"),
    ("em tên là Hoa đấy ạ", f"em tên là {H} đấy ạ"),
    ("toi ten la lan nhe", f"toi ten la {H} nhe"),
    # other people's names
    ("Nhờ anh Tuấn cán bộ xã xem giúp.", f"Nhờ anh {H} cán bộ xã xem giúp."),
    ("chị Lan bên cạnh cũng bị", f"chị {H} bên cạnh cũng bị"),
    ("Cảm ơn. Nguyễn Thị Mai", f"Cảm ơn. {H}"),
    # several at once
    ("Tôi là Hồ Văn Nam, gọi 0905 123 456 hoặc hv.nam@gmail.com",
     f"Tôi là {H}, gọi {H} hoặc {H}"),
]
KEPT = [
    "Nuôi 2.000 con gà, chết 150 con trong 3 ngày.",
    "Bón vôi 1,5 kg/sào, phân chuồng 500 kg/sào, đạm 100–120 kg/ha.",
    "Ruộng 12.500 m², năng suất 6,5 tấn/ha, lãi 100.000.000 đồng.",
    "Phun 0,5–1 lít/bình 16 lít ngày 12/3/2025 và 20/3/2025.",
    "Nhà tôi ở thôn Phú Lương, xã Phú Thuận, huyện Phú Vang.",
    "Tôi là nông dân ở Quảng Điền, trồng lúa Khang Dân 18.",
    "Giống lúa tên là Khang Dân có chịu rét không?",
    "Nhà ở đường Lê Lợi, thành phố Hồ Chí Minh gửi giống về.",
    "Anh Chị cho em hỏi: tôm chết 10-15% mỗi ngày.",
    "Cá giống cỡ 8–10 cm, thả 3 con/m², NPK 16-16-8 bón 20 kg.",
    "Năm 2024 lỗ 15.000.000 đ, năm 2025 lãi 25.500.000 đ.",
]


@pytest.mark.parametrize("written, published", REMOVED)
def test_phones_emails_links_and_names_are_removed(written, published):
    assert anonymised(written) == published


@pytest.mark.parametrize("written", KEPT)
def test_places_doses_counts_money_and_dates_stay(written):
    assert anonymised(written) == written


def test_the_officer_sees_each_removal_marked_and_the_text_escaped():
    html = marked("<b>Tôi là Trần Văn Bình</b>, gọi 0905 123 456")
    assert "&lt;b&gt;Tôi là " in html and "<b>" not in html
    assert f'<mark class="removed" title="tên người"><del>Trần Văn Bình</del> {H}</mark>' in html
    assert f'<mark class="removed" title="số điện thoại"><del>0905 123 456</del> {H}</mark>' in html


def test_decomposed_unicode_is_read_like_composed():
    import unicodedata

    assert anonymised(unicodedata.normalize("NFD", "Em tên Lan, gọi 0905123456")) == f"Em tên {H}, gọi {H}"
