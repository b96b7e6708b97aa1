"""Quantities as officers write them, units that carry their own basis, and conversion between areas
(the sào being a setting: 500 m² in central Vietnam, 360 m² in the North)."""
from decimal import Decimal

import pytest
from django.utils import translation

from kb.units import AS_WRITTEN, QuantityError, UnitError, convert, parse_quantity, split_unit


@pytest.mark.parametrize("quantity, per, unit, sao_m2, expected", [
    ("10", "sao", "ha", 500, ("200", "ha")),
    ("10", "sao", "ha", 360, ("278", "ha")),
    ("150", "ha", "sao", 500, ("7.5", "sao")),
    ("150", "ha", "sao", 360, ("5.4", "sao")),
    ("2", "m2_1000", "sao", 360, ("0.72", "sao")),
    ("0.5", "m2", "m2_1000", 500, ("500", "m2_1000")),
    ("100", "ha", "m2_1000", 500, ("10", "m2_1000")),
    ("3", "head", "ha", 500, ("3", "head")),
    ("12", "", "sao", 500, ("12", "")),
    ("5", AS_WRITTEN, "ha", 500, ("5", AS_WRITTEN)),
    ("0.05", "ha", "sao", 500, ("0.0025", "sao")),  # a small dose never prints as 0
])
def test_area_doses_convert_and_others_stay(quantity, per, unit, sao_m2, expected):
    value, new_per = convert(Decimal(quantity), per, unit, sao_m2=sao_m2)
    assert (value.low, new_per) == (Decimal(expected[0]), expected[1])


def test_round_thousands_are_plain_integers_not_exponents():
    value, _ = convert(Decimal("500"), "sao", "m2_1000", sao_m2=500)
    assert str(value.low) == "1000"


@pytest.mark.parametrize("written, low, high", [
    ("3", "3", "3"), ("2,5", "2.5", "2.5"), ("2.5", "2.5", "2.5"), ("2.000", "2000", "2000"),
    ("12.500", "12500", "12500"), ("1.000.000", "1000000", "1000000"), ("12.500,5", "12500.5", "12500.5"),
    ("3–4", "3", "4"), ("3-4", "3", "4"), ("3 – 4", "3", "4"), ("0,5–1", "0.5", "1"), ("60 - 80", "60", "80"),
])
def test_quantities_are_read_as_officers_write_them(written, low, high):
    assert (parse_quantity(written).low, parse_quantity(written).high) == (Decimal(low), Decimal(high))


@pytest.mark.parametrize("written, says", [
    ("2,500", "có thể hiểu hai cách"),  # two and a half, or 2500 written the English way?
    ("0.500", "có thể hiểu hai cách"),
    ("1.2.3", "có thể hiểu hai cách"),
    ("1,2,3", "có thể hiểu hai cách"),
    ("ba", "không đọc được"),
    ("3–", "không đọc được"),
    ("", "không đọc được"),
    ("4–3", "số nhỏ trước"),
])
def test_ambiguous_or_unreadable_quantities_are_refused_saying_how_to_write_them(written, says):
    with pytest.raises(QuantityError) as error:
        parse_quantity(written)
    assert says in str(error.value)
    assert "2.000 là hai nghìn" in str(error.value) or "3–4" in str(error.value)


@pytest.mark.parametrize("language, written, shown", [
    ("vi", "40.000", "40.000"), ("vi", "1,5", "1,5"), ("vi", "60–80", "60–80"), ("vi", "0,5–1", "0,5–1"),
    ("en", "40.000", "40,000"), ("en", "1,5", "1.5"), ("en", "0,5–1", "0.5–1"), ("en", "2.000–2.500", "2,000–2,500"),
])
def test_quantities_are_shown_in_the_language_of_the_page(language, written, shown):
    with translation.override(language):
        assert str(parse_quantity(written)) == shown


@pytest.mark.parametrize("unit, per, expected", [
    ("kg/sào", "sao", ("kg", "sao")),
    ("kg/ha", "sao", ("kg", "ha")),
    ("kg/1.000 m²", "sao", ("kg", "m2_1000")),
    ("kg/1000m2", "sao", ("kg", "m2_1000")),
    ("g/m²", "sao", ("g", "m2")),
    ("lít/ha", "sao", ("lít", "ha")),
    ("con/m²", "sao", ("con", "m2")),
    ("kg/con", "sao", ("kg", "head")),
    ("kg/sào/lần", "sao", ("kg/lần", "sao")),
    ("KG/SAO", "sao", ("KG", "sao")),
    ("kg", "ha", ("kg", "ha")),
    ("kg/20 m²", "sao", ("kg/20 m²", AS_WRITTEN)),
    ("m³/10 m² chuồng", "sao", ("m³/10 m² chuồng", AS_WRITTEN)),
    ("kg/tấn nguyên liệu", "sao", ("kg/tấn nguyên liệu", AS_WRITTEN)),
    ("g/lít nước", "", ("g/lít nước", AS_WRITTEN)),
])
def test_a_unit_with_its_own_basis_is_split_and_one_we_cannot_convert_is_kept_as_written(unit, per, expected):
    assert split_unit(unit, per, per_chosen=False) == expected


def test_a_unit_whose_basis_contradicts_the_chosen_one_is_an_error_not_a_guess():
    with pytest.raises(UnitError):
        split_unit("kg/sào", "ha", per_chosen=True)
