"""Diseases, pests and disorders: which ones a text names, and loading the shipped list.

A guide is linked to the problems its title, summary or body names by any of their names (whole words,
case ignored), among the problems of its own sector (`GuidePage.problems`, written on every save of the
guide, and again for the guides concerned when a problem's names change). Names are compared with their
diacritics: folded, "sán" (a worm) would be "san" (sắn, cassava) and "héo xanh" (a wilt) "heo xanh".
Officers write guides with diacritics; a name without them ("ASF", "rice blast") matches as it is.

The list lives in the `Problem` table, shipped from kb/data/problems.csv by a data migration and edited by
officers; `load_problems` loads a revised CSV.
"""
import re
from pathlib import Path

from django.db import transaction
from django.utils.html import strip_tags

from kb.csvrows import listed, refresh, rows
from kb.text import ascii_slug, words

CSV_PATH = Path(__file__).resolve().parent / "data" / "problems.csv"
CSV_COLUMNS = ["name", "kind", "sector", "alt_names", "scientific_name", "signs"]


def key(text):
    """The words of `text`, lower-case, with their diacritics, joined by single spaces."""
    return " ".join(words(text or ""))


def lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class Matcher:
    """Every name of every problem, compiled into one whole-word pattern, longest first."""

    def __init__(self, problems, others=()):
        """`problems`: (pk, sector, names) for each problem; `others`: the names of other things that may hold a
        problem's name ("dưa chuột", cucumber, holds "chuột", the rat): matched as such, they name no problem."""
        self.by_key = {}
        for pk, sector, names in problems:
            for name in names:
                if key(name):
                    self.by_key.setdefault(key(name), set()).add((pk, sector))
        for name in others:
            if key(name):
                self.by_key.setdefault(key(name), set())
        alternatives = "|".join(map(re.escape, sorted(self.by_key, key=len, reverse=True)))
        self.pattern = re.compile(rf"(?<!\S)(?:{alternatives})(?!\S)") if self.by_key else None

    def named_in(self, text, sector=None):
        """The ids of the problems (of `sector`, when given) that `text` names."""
        found = set()
        for match in self.pattern.finditer(key(text)) if self.pattern else ():
            found |= {pk for pk, its_sector in self.by_key[match.group()] if sector in (None, its_sector)}
        return found


def texts_of(raw):
    """Every string in a stream's raw data, tags removed: a guide's body text where the block classes
    that say which texts count are not at hand (a data migration's historical models)."""
    if isinstance(raw, str):
        return [strip_tags(raw)]
    values = raw.values() if isinstance(raw, dict) else raw if isinstance(raw, list) else ()
    return [text for value in values for text in texts_of(value)]


def commodity_names(commodity_model):
    """Every commodity's name and other names: what a problem's name inside them is not ("dưa chuột")."""
    return [name for main, alternatives in commodity_model.objects.values_list("name", "alt_names")
            for name in [main, *lines(alternatives)]]


def link_every_guide(problem_model, guide_model, commodity_model):
    """Link every guide to the problems its title, summary or body names: what a data migration does after
    loading the list, where the models' own save hooks (`Problem.link_guides`) do not run."""
    matcher = Matcher(((p.pk, p.sector, [p.name, *lines(p.alt_names), p.scientific_name])
                       for p in problem_model.objects.all()), commodity_names(commodity_model))
    for guide in guide_model.objects.all():
        body = guide.body.raw_data if hasattr(guide.body, "raw_data") else guide.body
        text = "\n".join([guide.title, guide.summary, *texts_of(list(body or []))])
        guide.problems.set(matcher.named_in(text, guide.sector))


@transaction.atomic
def load_csv(model, path=CSV_PATH, keep_existing=False):
    """Create or update problems from a CSV with CSV_COLUMNS (names and signs separated by "|"), matched by
    name; returns (created, updated). `model`: the Problem model (a data migration passes its historical one).
    `keep_existing`: only add the problems not there yet, leaving those officers may have edited as they are."""
    created = updated = 0
    choices = {name: [code for code, _label in model._meta.get_field(name).choices] for name in ("kind", "sector")}
    for _line, row in rows(path, CSV_COLUMNS, choices):
        values = {"kind": row["kind"], "sector": row["sector"], "alt_names": "\n".join(listed(row["alt_names"])),
                  "scientific_name": row["scientific_name"], "signs": "\n".join(listed(row["signs"]))}
        name = row["name"]
        problem, made = model.objects.get_or_create(name=name, defaults={**values, "slug": ascii_slug(name)})
        if made:
            created += 1
        elif not keep_existing and refresh(problem, values):
            updated += 1
    return created, updated
