"""What a dose is counted per, how big each area is, and how a dose converts between areas.

One module owns these facts because blocks, the importer, pages, field sheets and print packs all read
them: a second copy of a unit table is how a sheet ends up printing a dose for the wrong area.
A sào is not one size: 500 m² in central Vietnam, 360 m² in the North, so it comes from settings.SAO_M2.
Per-head and total quantities do not depend on area and are never converted.
"""
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.utils import numberformat, translation
from django.utils.formats import get_format
from django.utils.translation import gettext_lazy as _

from kb.text import fold

# What a quantity is counted per: the stored code and its label.
SAO, M2_1000, HA, M2, HEAD, TOTAL = "sao", "m2_1000", "ha", "m2", "head", ""
PER_CHOICES = [
    (SAO, _("mỗi sào")),
    (M2_1000, _("mỗi 1.000 m²")),
    (HA, _("mỗi ha")),
    (M2, _("mỗi m²")),
    (HEAD, _("mỗi con")),
    (TOTAL, _("tổng cộng")),
]
PER_LABELS = dict(PER_CHOICES)
PER_CODES = frozenset(PER_LABELS)
DEFAULT_PER = SAO

# Units a sheet or a print pack can be printed in (the ?unit= option): the areas farmers count in.
PRINT_UNITS = {code: PER_LABELS[code] for code in (SAO, M2_1000, HA)}


def area_m2(per, sao_m2=None):
    """The area in m² a quantity "per" code refers to, or None when it is not an area (per head, total)."""
    sizes = {SAO: sao_m2 or settings.SAO_M2, M2_1000: 1000, HA: 10_000, M2: 1}
    return sizes.get(per)


def varying_size(per):
    """The m² of `per` when its size varies from place to place (the sào: a printed dose per sào says how big
    the sào is), else None."""
    return area_m2(SAO) if per == SAO else None


def rounded(value):
    """Round for reading in a field: about three significant figures, no trailing zeros."""
    value = Decimal(value)
    if value == 0:
        return Decimal(0)
    # Whole numbers from 100 up; below, three significant figures (never fewer than two decimals' worth),
    # so a small dose per sào never rounds to 0.
    places = Decimal(1) if abs(value) >= 100 else Decimal(1).scaleb(min(value.adjusted() - 2, -1))
    value = value.quantize(places, rounding=ROUND_HALF_UP).normalize()
    # normalize() writes 1000 as 1E+3, which number formatting would not group as 1.000.
    return value.quantize(Decimal(1)) if value.as_tuple().exponent > 0 else value


# --- quantities: a number or a range, as officers write them ------------------------------------------

class QuantityError(ValueError):
    """A quantity that cannot be read without guessing; the message says how to write it."""


@dataclass(frozen=True)
class Quantity:
    """A dose: one number, or a range stored as two numbers (low == high for a single number)."""

    low: Decimal
    high: Decimal

    @classmethod
    def of(cls, value):
        """A stored quantity: {"min", "max"}, or a plain number from before ranges existed."""
        if isinstance(value, Quantity):
            return value
        if isinstance(value, dict):
            return cls(Decimal(str(value["min"])), Decimal(str(value["max"])))
        return cls(Decimal(str(value)), Decimal(str(value)))

    @property
    def is_range(self):
        return self.low != self.high

    def prep(self):
        return {"min": str(self.low), "max": str(self.high)}

    def scaled(self, factor):
        return Quantity(rounded(self.low * factor), rounded(self.high * factor))

    def __str__(self):
        """In the active language: 40.000, 1,5, 60–80 in Vietnamese; 40,000, 1.5, 60–80 in English."""
        low = format_number(self.low)
        return f"{low}–{format_number(self.high)}" if self.is_range else low

    def written(self):
        """As an officer writes it (the Vietnamese way), which parse_quantity reads back exactly."""
        with translation.override("vi"):
            return str(self)


HOW_TO_WRITE = _("Viết một số (3; 2,5 hoặc 2.5; 2.000 là hai nghìn) hoặc một khoảng (3–4; 0,5–1).")
NUMBER = r"\d+(?:[.,]\d+)*"
RANGE = re.compile(rf"^({NUMBER})(?:\s*[-–—]\s*({NUMBER}))?$")


def _number(text, original):
    """One number: a comma is the decimal mark; a dot followed by exactly three digits groups thousands."""
    ambiguous = QuantityError(_("Số lượng “%(value)s” có thể hiểu hai cách. %(how)s")
                              % {"value": original, "how": HOW_TO_WRITE})
    if "," in text:
        whole, _comma, decimals = text.rpartition(",")
        if "," in whole or len(decimals) == 3 and "." not in whole:
            raise ambiguous  # 2,500: two and a half, or two thousand five hundred written the English way?
        if "." in whole and not re.fullmatch(r"\d{1,3}(\.\d{3})+", whole):
            raise ambiguous
        return Decimal(f"{whole.replace('.', '')}.{decimals}")
    if "." in text:
        if re.fullmatch(r"[1-9]\d{0,2}(\.\d{3})+", text):
            return Decimal(text.replace(".", ""))  # 2.000, 12.500, 1.000.000
        if text.count(".") > 1 or re.fullmatch(r"\d+\.\d{3}", text):
            raise ambiguous  # 0.500, 1.25.3
    return Decimal(text)


def parse_quantity(text):
    """A Quantity from what an officer wrote: 3, 2,5, 2.5, 2.000, 12.500, 3–4, 3-4, 3 – 4, 0,5–1."""
    original = str(text).strip()
    match = RANGE.match(original)
    if not match:
        raise QuantityError(_("Số lượng “%(value)s” không đọc được. %(how)s")
                            % {"value": original, "how": HOW_TO_WRITE})
    low = _number(match.group(1), original)
    high = _number(match.group(2), original) if match.group(2) else low
    if high < low:
        raise QuantityError(_("Khoảng “%(value)s” phải viết số nhỏ trước, số lớn sau (ví dụ 3–4).")
                            % {"value": original})
    return Quantity(low, high)


def format_number(number):
    """A number in the active language, grouped by thousands (Django's vi format does not group by itself)."""
    number = Decimal(number).normalize()
    if number.as_tuple().exponent > 0:
        number = number.quantize(Decimal(1))
    return numberformat.format(number, get_format("DECIMAL_SEPARATOR"), grouping=3,
                               thousand_sep=get_format("THOUSAND_SEPARATOR"), force_grouping=True)


def format_money(amount):
    """An amount of đồng in the active language: "75.000 đ", "75,000 VND" (grouped, never "75000 đ")."""
    return _("%(amount)s đ") % {"amount": format_number(Decimal(amount).quantize(Decimal(1)))}


# --- units that carry their own denominator ----------------------------------------------------------

# A unit such as "kg/20 m²" or "g/lít nước" whose basis the code cannot convert: kept as written.
AS_WRITTEN = "unit"
ROW_PER_CHOICES = [*PER_CHOICES, (AS_WRITTEN, _("theo đơn vị ghi"))]
ROW_PER_LABELS = dict(ROW_PER_CHOICES)
ROW_PER_CODES = frozenset(ROW_PER_LABELS)
# Denominators, folded and without spaces or dots, that name a basis a dose row can be counted per.
DENOMINATORS = {"sao": SAO, "ha": HA, "hecta": HA, "hec-ta": HA, "1000m2": M2_1000, "m2": M2,
                "con": HEAD}
# Denominators that say how often, not for what: "kg/sào/lần" is kg per sào, each time.
RATES = {"lan", "ngay", "tuan", "thang", "vu", "nam", "dot", "lua"}


class UnitError(ValueError):
    """A unit whose own denominator contradicts the basis chosen for the row."""


def _key(denominator):
    return fold(denominator).replace("²", "2").replace(" ", "").replace(".", "")


def split_unit(unit, per, per_chosen=True):
    """(unit, per) with an area or head denominator moved out of the unit: ("kg/sào", …) → ("kg", "sao").

    A denominator that is not a basis we can convert ("kg/20 m²", "m³/10 m² chuồng", "g/lít nước") keeps
    the unit exactly as written with per AS_WRITTEN, so it is never converted. When the officer chose a
    different basis for the row (`per_chosen`), the contradiction is an error rather than a guess.
    """
    base, *denominators = (part.strip() for part in unit.split("/"))
    if not denominators:
        return unit, per
    codes = [DENOMINATORS.get(_key(d)) for d in denominators]
    rates = [d for d in denominators if _key(d) in RATES]
    found = [code for code in codes if code]
    if not base or len(found) > 1 or len(found) + len(rates) != len(denominators):
        return unit, AS_WRITTEN
    if not found:
        return unit, per
    if per_chosen and per not in (found[0], AS_WRITTEN):
        raise UnitError(_("Đơn vị “%(unit)s” đã ghi tính cho %(own)s, khác với “%(per)s” đã chọn.")
                        % {"unit": unit, "own": ROW_PER_LABELS[found[0]], "per": ROW_PER_LABELS.get(per, per)})
    return "/".join([base, *rates]), found[0]


def convert(quantity, per, unit, sao_m2=None):
    """(quantity, per) expressed per `unit`: returns (Quantity, per code); only area rows are converted,
    so a converted figure and its basis always agree; per-head, total and as-written rows come back as they are."""
    quantity = Quantity.of(quantity)
    source, target = area_m2(per, sao_m2), area_m2(unit, sao_m2)
    if source is None or target is None:
        return quantity, per
    return quantity.scaled(Decimal(target) / Decimal(source)), unit
