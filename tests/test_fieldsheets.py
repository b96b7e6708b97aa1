"""The field sheet of one guide, read back from the PDF as a person would read (and scan) it."""
import re
import unicodedata

import pytest

from tests.fieldsheet_helpers import STEP_TITLES, pdf_pages, pdf_text, qr_codes, typical_guide

SHEET = "/trong-trot/lua-he-thu/phieu-ky-thuat.pdf"


@pytest.fixture
def guide(db):
    return typical_guide()


def test_the_sheet_holds_the_vietnamese_title_and_every_step_title_exactly(client, guide):
    response = client.get(SHEET)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert unicodedata.normalize("NFC", text) == text
    lines = text.splitlines()
    assert guide.title in lines
    for number, title in enumerate(STEP_TITLES, 1):
        assert f"Bước {number}. {title}" in lines
    for expected in ["Nguyễn Thị Chi Lan", "0900 000 123", "Zalo 0900000123", "Đại học Nông Lâm Huế",
                     "THỜI GIAN CÁCH LY: 14 NGÀY", "Trang 1/"]:
        assert expected in text


def test_a_typical_guide_fits_two_a4_pages_and_a5_takes_more(client, guide):
    a4 = pdf_pages(client.get(SHEET).content)
    a5 = pdf_pages(client.get(SHEET + "?paper=a5").content)
    assert a4 <= 2
    assert a5 > a4


def test_the_qr_code_opens_the_online_guide(client, guide, settings):
    codes = qr_codes(client.get(SHEET).content)
    assert codes == [settings.SITE_URL + "/trong-trot/lua-he-thu/"]


@pytest.mark.parametrize("unit, sao_m2, expected", [
    ("sao", 500, ["Phân chuồng hoai 500 kg mỗi sào", "Đạm urê 7,5 kg mỗi sào", "Chế phẩm vi sinh 1 lít mỗi sào"]),
    ("sao", 360, ["Phân chuồng hoai 500 kg mỗi sào", "Đạm urê 5,4 kg mỗi sào", "Chế phẩm vi sinh 0,72 lít mỗi sào"]),
    ("m2_1000", 500, ["Phân chuồng hoai 1.000 kg mỗi 1.000 m²", "Đạm urê 15 kg mỗi 1.000 m²"]),
    ("ha", 500, ["Phân chuồng hoai 10.000 kg mỗi ha", "Vôi bột 300 kg mỗi ha", "Chế phẩm vi sinh 20 lít mỗi ha"]),
])
def test_doses_are_converted_to_the_unit_asked_for(client, guide, settings, unit, sao_m2, expected):
    settings.SAO_M2 = sao_m2
    text = pdf_text(client.get(SHEET + f"?unit={unit}").content, layout=True)
    rows = {re.sub(r"\s{2,}", " ", line.strip()) for line in text.splitlines()}
    for row in expected:
        assert row in rows, row

