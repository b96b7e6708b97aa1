"""Dose conversion between area units, the sào being a setting (500 m² in central Vietnam, 360 m² in the North)."""
from decimal import Decimal

import pytest

from kb.units import convert


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
])
def test_area_doses_convert_and_others_stay(quantity, per, unit, sao_m2, expected):
    value, new_per = convert(Decimal(quantity), per, unit, sao_m2=sao_m2)
    assert (value, new_per) == (Decimal(expected[0]), expected[1])


def test_round_thousands_are_plain_integers_not_exponents():
    value, _ = convert(Decimal("500"), "sao", "m2_1000", sao_m2=500)
    assert str(value) == "1000"
