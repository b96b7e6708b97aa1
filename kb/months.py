"""How a guide's months read: "Quanh năm", "Tháng 2–4", "Tháng 11–2" (a season across the new year).

One owner for every place months show (guide pages, result cards, field sheets): a list of twelve month
names over three lines tells a farmer less than "Quanh năm".
"""
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

# A month as it reads inside a range: the number in Vietnamese ("Tháng 2–4"), the short name in English.
SHORT = {
    1: pgettext_lazy("tháng, ngắn", "1"), 2: pgettext_lazy("tháng, ngắn", "2"),
    3: pgettext_lazy("tháng, ngắn", "3"), 4: pgettext_lazy("tháng, ngắn", "4"),
    5: pgettext_lazy("tháng, ngắn", "5"), 6: pgettext_lazy("tháng, ngắn", "6"),
    7: pgettext_lazy("tháng, ngắn", "7"), 8: pgettext_lazy("tháng, ngắn", "8"),
    9: pgettext_lazy("tháng, ngắn", "9"), 10: pgettext_lazy("tháng, ngắn", "10"),
    11: pgettext_lazy("tháng, ngắn", "11"), 12: pgettext_lazy("tháng, ngắn", "12"),
}


def runs(months):
    """The months as runs of consecutive months, (first, last), a run may wrap past December."""
    chosen = {m for m in months if m in SHORT}
    starts = sorted(m for m in chosen if (m - 2) % 12 + 1 not in chosen)
    found = []
    for first in starts:
        last = first
        while last % 12 + 1 in chosen:
            last = last % 12 + 1
        found.append((first, last))
    return found


def season(months):
    """The months a guide applies in, as one short phrase in the active language ("" for none)."""
    chosen = {m for m in months or () if m in SHORT}
    if len(chosen) == 12:
        return _("Quanh năm")
    if not chosen:
        return ""
    spans = ", ".join(str(SHORT[first]) if first == last else f"{SHORT[first]}–{SHORT[last]}"
                      for first, last in runs(chosen))
    return _("Tháng %(months)s") % {"months": spans}


def month_label(month):
    """One month as a filter chip or an admin tick box says it: "Tháng 6", "Jun"."""
    return season([month])


# Labelled when shown, in the language of that request (a label made at import would stay Vietnamese).
MONTH_CHOICES = [(month, lazy(month_label, str)(month)) for month in SHORT]
