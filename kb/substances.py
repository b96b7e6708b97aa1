"""Finding the active ingredients a text names, and loading the list they are found in.

Names are matched as whole words, diacritics and case ignored ("PARAQUAT", "paraquat", "Gramoxone"),
punctuation inside a name ignored ("2,4-D" = "2,4 D"). The list lives in the `Substance` table, shipped
from kb/data/substances.csv and edited by editors, so matching reads the table; the compiled pattern is
kept until an entry changes.
"""
import csv
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.db import transaction
from django.db.models import Count, Max
from django.utils.translation import gettext as _

from kb.text import fold

# The legal basis of the shipped list, shown on pages and sheets. Change it with the CSV (see the README).
LIST_BASIS = "Thông tư 75/2025/TT-BNNMT"
CSV_PATH = Path(__file__).resolve().parent / "data" / "substances.csv"
CSV_COLUMNS = ["name", "name_en", "other_names", "status", "use", "legal_source", "banned_from"]


def list_note():
    """The line pages and sheets carry: which list the guide was checked against."""
    return _("Danh mục theo %(basis)s") % {"basis": LIST_BASIS}


def key(text):
    """Words of `text`, folded and joined by single spaces: the form names and texts are compared in."""
    return " ".join(re.findall(r"\w+", fold(text or "")))


@dataclass(frozen=True)
class Mention:
    substance: object  # a Substance
    written: str  # the name from the list that the text uses, e.g. "Gramoxone"


class Matcher:
    """Every name of every substance, compiled into one whole-word pattern over folded text."""

    def __init__(self, substances):
        self.by_key = {}
        for substance in substances:
            for name in substance.names:
                if key(name):
                    self.by_key.setdefault(key(name), (substance, name))
        names = sorted(self.by_key, key=len, reverse=True)
        alternatives = "|".join(map(re.escape, names))
        self.pattern = re.compile(rf"(?<!\S)(?:{alternatives})(?!\S)") if names else None

    def mentions(self, text):
        """The substances `text` names, each once, in the order they first appear."""
        found = {}
        for match in self.pattern.finditer(key(text)) if self.pattern else ():
            substance, name = self.by_key[match.group()]
            found.setdefault(substance.pk, Mention(substance, name))
        return list(found.values())


_cache = {}


def matcher():
    """The matcher for the list as it is now: one cheap query tells whether an entry changed."""
    from kb.models import Substance

    state = Substance.objects.aggregate(count=Count("pk"), changed=Max("updated_at"))
    state = (state["count"], state["changed"])
    if _cache.get("state") != state:
        _cache.update(state=state, matcher=Matcher(list(Substance.objects.all())))
    return _cache["matcher"]


@transaction.atomic
def load_csv(path=CSV_PATH, model=None):
    """Create or update substances from a CSV with CSV_COLUMNS (other names separated by "|"), matched by
    name; returns (created, updated). `model` lets a data migration pass its historical model."""
    if model is None:
        from kb.models import Substance as model
    created = updated = 0
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = set(CSV_COLUMNS) - set(reader.fieldnames or [])
        if missing:
            raise ValueError(f"{path}: missing columns {', '.join(sorted(missing))}")
        for row in reader:
            values = {
                "name_en": row["name_en"].strip(),
                "other_names": "\n".join(n.strip() for n in row["other_names"].split("|") if n.strip()),
                "status": row["status"].strip(), "use": row["use"].strip(),
                "legal_source": row["legal_source"].strip(),
                "banned_from": date.fromisoformat(row["banned_from"]) if row["banned_from"].strip() else None,
            }
            for name in ("status", "use"):
                allowed = [code for code, _label in model._meta.get_field(name).choices]
                if values[name] not in allowed:
                    raise ValueError(f"{path}:{reader.line_num}: {name} “{values[name]}” is not one of "
                                     f"{', '.join(allowed)}")
            substance, made = model.objects.get_or_create(name=row["name"].strip(), defaults=values)
            if made:
                created += 1
            elif any(getattr(substance, k) != v for k, v in values.items()):
                for name, value in values.items():
                    setattr(substance, name, value)
                substance.save()
                updated += 1
    return created, updated
