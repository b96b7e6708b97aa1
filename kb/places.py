"""Loading Huế's communes and finding the one a farmer names.

The communes and wards, their codes and kinds come from the `vietnam-provinces` package (the national
statistics office's list after the July 2025 rearrangement; Huế is province 46); the former communes and
districts each one was made of come from kb/data/communes.csv (Nghị quyết 1675/NQ-UBTVQH15 of 16 June 2025,
on the rearrangement of Huế's commune-level units). When the package publishes a correction, upgrade it
and run `manage.py load_communes`: rows are matched by name, then code, and updated; nothing is deleted.

A farmer writes "Phú Vang", "phu vang", "xa Phu Thuan" (a commune merged into Thuận An) or "Nam Đông":
`find_commune` reads the message the way search reads a query (folded, whole words) and returns the
commune whose current name it holds, else the one a former commune or district name points to unambiguously.
"""
import csv
import json
import re
from functools import lru_cache
from pathlib import Path

from vietnam_provinces import NESTED_DIVISIONS_JSON_PATH

from kb.csvrows import refresh
from kb.models.places import Commune, short_name
from kb.text import ascii_slug, fold

PROVINCE_CODE = 46  # Thành phố Huế
LEGAL_SOURCE = "Nghị quyết 1675/NQ-UBTVQH15"
CSV_PATH = Path(__file__).resolve().parent / "data" / "communes.csv"
KINDS = {"phường": "phuong", "xã": "xa"}


def key(text):
    """Folded words joined by single spaces, dashes of any kind ignored."""
    return " ".join(re.findall(r"\w+", fold(text or "")))


def divisions():
    """The province's wards and communes as the package lists them: [{"name", "code", "division_type"}]."""
    provinces = json.loads(Path(NESTED_DIVISIONS_JSON_PATH).read_text(encoding="utf-8"))
    return next(p for p in provinces if p["code"] == PROVINCE_CODE)["wards"]


def former_units(path=CSV_PATH):
    """{folded current name: row} from the CSV of what each commune was made of."""
    with open(path, encoding="utf-8", newline="") as f:
        return {key(row["name"]): row for row in csv.DictReader(f)}


def load_communes(model=Commune, region_model=None):
    """Create or update the 40 communes; returns (created, updated). Every commune of the package must have
    its row in the CSV (a new division the CSV does not know is an error to fix, not a silent gap)."""
    region_model = region_model or model._meta.get_field("region").related_model
    regions = {key(r.name): r for r in region_model.objects.all()}
    rows = former_units()
    created = updated = 0
    for unit in divisions():
        row = rows.get(key(unit["name"]))
        if row is None:
            raise ValueError(f"{unit['name']} ({unit['code']}) is not in {CSV_PATH.name}")
        former = [*row["former_units"].split("|"), *row["former_districts"].split("|")]
        values = {"name": unit["name"], "code": unit["code"], "kind": KINDS[unit["division_type"]],
                  "region": regions.get(key(row["former_region"])),
                  "former_names": "\n".join(name.replace(" (một phần)", "") for name in former if name)}
        commune = (model.objects.filter(name=unit["name"]).first()
                   or model.objects.filter(code=unit["code"]).first())
        if commune is None:
            model.objects.create(slug=ascii_slug(short_name(unit["name"])), **values)
            created += 1
        elif refresh(commune, values):
            updated += 1
    return created, updated


class Gazetteer:
    """Every name of every commune, current ones first, as whole folded words. `rows`: (pk, name, former_names)."""

    def __init__(self, rows):
        current, former, ambiguous = {}, {}, set()
        for pk, name, _former in rows:
            current[key(short_name(name))] = pk
            current.setdefault(key(name), pk)
        for pk, _name, former_names in rows:
            for name in former_names.splitlines():
                for form in {key(name), key(short_name(name.strip()))}:
                    if form in current or not form:
                        continue
                    if former.setdefault(form, pk) != pk:
                        ambiguous.add(form)  # "Hương Phong" was a ward of Huế and a commune of A Lưới
        self.names = {**{k: v for k, v in former.items() if k not in ambiguous}, **current}
        alternatives = "|".join(map(re.escape, sorted(self.names, key=len, reverse=True)))
        self.pattern = re.compile(rf"(?<!\S)(?:{alternatives})(?!\S)") if self.names else None

    def find(self, text):
        """The id of the commune `text` names (its longest name wins), or None."""
        folded = key(text)
        matches = sorted((m.group() for m in self.pattern.finditer(folded)), key=len, reverse=True) \
            if self.pattern else []
        return self.names[matches[0]] if matches else None


@lru_cache(maxsize=4)
def _gazetteer(rows):
    return Gazetteer(rows)


def find_commune(text):
    """The Commune `text` names, by current, former commune or former district name; None if none. The names
    are read on every call (40 short rows), so an editor's change counts at once; the pattern is compiled once
    per set of names."""
    rows = tuple(Commune.objects.order_by("pk").values_list("pk", "name", "former_names"))
    pk = _gazetteer(rows).find(text) if rows else None
    return Commune.objects.filter(pk=pk).select_related("region").first() if pk else None
