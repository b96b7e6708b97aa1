"""The choices an officer makes when printing (paper size, area unit), read from a query string."""
from dataclasses import dataclass

from django.utils.translation import gettext as _

from kb.units import DEFAULT_PER, PRINT_UNITS

PAPERS = {"a4": "A4", "a5": "A5"}


class BadOption(ValueError):
    """A query option the sheet cannot honour; its message is shown to the user (400)."""


@dataclass(frozen=True)
class SheetOptions:
    paper: str = "a4"
    unit: str = DEFAULT_PER

    @classmethod
    def from_query(cls, query):
        paper = query.get("paper", cls.paper).strip().lower()
        unit = query.get("unit", cls.unit).strip().lower()
        if paper not in PAPERS:
            raise BadOption(_("Khổ giấy “%(value)s” không hợp lệ; chọn một trong: %(choices)s.")
                            % {"value": paper, "choices": ", ".join(PAPERS)})
        if unit not in PRINT_UNITS:
            raise BadOption(_("Đơn vị “%(value)s” không hợp lệ; chọn một trong: %(choices)s.")
                            % {"value": unit, "choices": ", ".join(PRINT_UNITS)})
        return cls(paper=paper, unit=unit)

    @property
    def page_size(self):
        return PAPERS[self.paper]
