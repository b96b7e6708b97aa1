"""What a dose is counted per, how big each area is, and how a dose converts between areas.

One module owns these facts because blocks, the importer, pages, field sheets and print packs all read
them: a second copy of a unit table is how a sheet ends up printing a dose for the wrong area.
A sào is not one size: 500 m² in central Vietnam, 360 m² in the North, so it comes from settings.SAO_M2.
Per-head and total quantities do not depend on area and are never converted.
"""
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.utils.translation import gettext_lazy as _

# What a quantity is counted per: the stored code and its label.
PER_CHOICES = [
    ("sao", _("mỗi sào")),
    ("m2_1000", _("mỗi 1.000 m²")),
    ("ha", _("mỗi ha")),
    ("m2", _("mỗi m²")),
    ("head", _("mỗi con")),
    ("", _("tổng cộng")),
]
PER_LABELS = dict(PER_CHOICES)
PER_CODES = frozenset(PER_LABELS)
DEFAULT_PER = "sao"

# Units a sheet or a print pack can be printed in (the ?unit= option): the areas farmers count in.
PRINT_UNITS = {code: PER_LABELS[code] for code in ("sao", "m2_1000", "ha")}


def area_m2(per, sao_m2=None):
    """The area in m² a quantity "per" code refers to, or None when it is not an area (per head, total)."""
    sizes = {"sao": sao_m2 or settings.SAO_M2, "m2_1000": 1000, "ha": 10_000, "m2": 1}
    return sizes.get(per)


def rounded(value):
    """Round for reading in a field: about three significant figures, no trailing zeros."""
    value = Decimal(value)
    if value == 0:
        return Decimal(0)
    places = Decimal(1) if abs(value) >= 100 else Decimal("0.1") if abs(value) >= 10 else Decimal("0.01")
    value = value.quantize(places, rounding=ROUND_HALF_UP).normalize()
    # normalize() writes 1000 as 1E+3, which number formatting would not group as 1.000.
    return value.quantize(Decimal(1)) if value.as_tuple().exponent > 0 else value


def convert(quantity, per, unit, sao_m2=None):
    """(quantity, per) expressed per `unit`: returns (quantity, per code); non-area rows come back unchanged."""
    source, target = area_m2(per, sao_m2), area_m2(unit, sao_m2)
    if source is None or target is None:
        return Decimal(quantity), per
    return rounded(Decimal(quantity) * target / source), unit
