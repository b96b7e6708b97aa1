"""The list guides are checked against: active ingredients, what the law says of each in each scope, the
names a text may call them by, and the CSV the list is shipped and updated from.

A ban has a scope. Cypermethrin is a permitted crop pesticide and banned in aquaculture; enrofloxacin is
a livestock drug and banned in aquaculture. So an entry (`Substance`) holds one `Listing` per scope it is
ruled on, each citing its own decision or circular and date, and saying which text it was checked against
(blank: "chưa đối chiếu văn bản", shown as such in the admin).

Names are matched as whole words, diacritics and case ignored ("PARAQUAT", "paraquat", "Gramoxone"),
punctuation inside a name ignored ("2,4-D" = "2,4 D"). The list lives in the database, shipped from
kb/data/substances.csv and edited by editors, so matching reads the tables; the compiled pattern is kept
until an entry changes.

This module sits below the page model (kb.models imports it, never the other way), so the checks the page
model calls can read the list without a cycle.
"""
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.db import models, transaction
from django.db.models import Count, Max
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from kb.csvrows import listed, rows
from kb.text import fold

# The legal basis of the shipped crop list, shown on pages and sheets. Change it with the CSV (see README).
LIST_BASIS = "Thông tư 75/2025/TT-BNNMT"
CSV_PATH = Path(__file__).resolve().parent / "data" / "substances.csv"
CSV_COLUMNS = ["name", "name_en", "other_names", "scope", "status", "legal_source", "in_force_from",
               "first_banned", "first_banned_source", "conditions", "checked"]
NOT_CHECKED = _("chưa đối chiếu văn bản")
# A ruling's note says this (as any part of a note that could not be checked says "…: chưa đối chiếu văn
# bản") when its "áp dụng từ" date comes from a summary, not the text: the refusal and the report then say
# the date is unchecked beside it instead of stating it as fact.
IN_FORCE_NOT_CHECKED = "ngày áp dụng: chưa đối chiếu văn bản"


def list_note():
    """The line pages and sheets carry: which list the guide was checked against."""
    return _("Danh mục theo %(basis)s") % {"basis": LIST_BASIS}


class Scope(models.TextChoices):
    """What a ruling covers. The first three are the guide sectors by the same code (kb.models.Sector);
    feed is ruled on by its own circulars and applies to livestock guides (SECTORS)."""

    CROP = "crop", _("trồng trọt")
    LIVESTOCK = "livestock", _("chăn nuôi (động vật trên cạn)")
    AQUACULTURE = "aquaculture", _("thủy sản")
    FEED = "feed", _("thức ăn chăn nuôi")


# The guide sectors whose guides a ruling in each scope applies to.
SECTORS = {Scope.CROP: {"crop"}, Scope.LIVESTOCK: {"livestock"}, Scope.AQUACULTURE: {"aquaculture"},
           Scope.FEED: {"livestock"}}


class Status(models.TextChoices):
    BANNED = "banned", _("Cấm sử dụng")
    PERMITTED = "permitted", _("Được phép sử dụng")


class Substance(ClusterableModel):
    """An active ingredient under all the names a guide may use for it."""

    name = models.CharField(_("tên hoạt chất"), max_length=150, unique=True,
                            help_text=_("Tên như viết ở Việt Nam, ví dụ: Paraquat"))
    name_en = models.CharField(_("tên tiếng Anh"), max_length=150, blank=True)
    other_names = models.TextField(_("tên khác, tên thương mại"), blank=True,
                                   help_text=_("Mỗi dòng một tên, ví dụ: Gramoxone"))
    updated_at = models.DateTimeField(auto_now=True)

    panels = [FieldPanel("name"), FieldPanel("name_en"), FieldPanel("other_names"),
              InlinePanel("listings", heading=_("Quy định theo phạm vi"), label=_("quy định"), min_num=1)]

    class Meta:
        ordering = ["name"]
        verbose_name = _("hoạt chất")
        verbose_name_plural = _("hoạt chất cấm, được phép")

    def __str__(self):
        return self.name

    @property
    def names(self):
        """Every name the substance is written under: Vietnamese, English, other and trade names."""
        return [self.name, self.name_en, *(line.strip() for line in self.other_names.splitlines())]

    def bans_in(self, sector):
        """The listings that ban it in guides of `sector`."""
        return [listing for listing in self.listings.all()
                if listing.status == Status.BANNED and sector in SECTORS[listing.scope]]

    @property
    def is_crop_pesticide(self):
        """A plant protection product that may be used: a dose of it needs a pre-harvest interval."""
        return any(listing.scope == Scope.CROP and listing.status == Status.PERMITTED
                   for listing in self.listings.all())

    def rulings(self):
        return "; ".join(str(listing) for listing in self.listings.all())
    rulings.short_description = _("quy định")

    def checked_note(self):
        """What the entry was checked against, or that a part of it was not."""
        notes = [listing.checked or NOT_CHECKED for listing in self.listings.all()]
        return " · ".join(dict.fromkeys(str(note) for note in notes))
    checked_note.short_description = _("đối chiếu văn bản")


class Listing(Orderable):
    """What one decision or circular says of a substance in one scope."""

    substance = ParentalKey(Substance, related_name="listings", on_delete=models.CASCADE)
    scope = models.CharField(_("phạm vi"), max_length=12, choices=Scope.choices)
    status = models.CharField(_("tình trạng"), max_length=12, choices=Status.choices, default=Status.BANNED)
    legal_source = models.CharField(_("căn cứ pháp lý"), max_length=250,
                                    help_text=_("Số hiệu quyết định hoặc thông tư (và phụ lục), không ghi ngày cấm."))
    in_force_from = models.DateField(_("áp dụng từ ngày"), null=True, blank=True)
    first_banned = models.DateField(
        _("cấm lần đầu từ ngày"), null=True, blank=True,
        help_text=_("Chỉ ghi khi đã đối chiếu văn bản cấm đầu tiên: báo cáo dùng ngày này để biết hướng dẫn được "
                    "đăng trước hay sau khi cấm."))
    first_banned_source = models.CharField(_("văn bản cấm lần đầu"), max_length=250, blank=True)
    conditions = models.CharField(_("điều kiện, giới hạn"), max_length=250, blank=True)
    checked = models.TextField(_("đã đối chiếu văn bản"), blank=True,
                               help_text=_("Văn bản đã đọc để kiểm tra; phần nào chưa kiểm tra được thì ghi "
                                           "“chưa đối chiếu văn bản”. Để trống: chưa đối chiếu văn bản."))

    panels = [MultiFieldPanel([FieldPanel("scope"), FieldPanel("status"), FieldPanel("legal_source"),
                               FieldPanel("in_force_from"), FieldPanel("conditions")]),
              MultiFieldPanel([FieldPanel("first_banned"), FieldPanel("first_banned_source"), FieldPanel("checked")])]

    class Meta(Orderable.Meta):
        verbose_name = _("quy định")
        constraints = [models.UniqueConstraint(fields=["substance", "scope"], name="kb_listing_one_per_scope")]

    def __str__(self):
        return f"{self.get_status_display()}: {self.get_scope_display()}"

    @property
    def in_force_checked(self):
        """Whether the date it applies from stands checked: its note does not say IN_FORCE_NOT_CHECKED."""
        return IN_FORCE_NOT_CHECKED not in " ".join(unicodedata.normalize("NFC", self.checked).split()).lower()

    @property
    def banned_since(self):
        """The earliest day it is known to have been banned in this scope, or None."""
        return self.first_banned or self.in_force_from


# --- finding the substances a text names ------------------------------------------------------------------

def key(text):
    """Words of `text`, folded and joined by single spaces: the form names and texts are compared in."""
    return " ".join(re.findall(r"\w+", fold(text or "")))


@dataclass(frozen=True)
class Mention:
    substance: Substance
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


def list_state():
    """A cheap summary that changes whenever an entry or a listing does (editing a listing saves its entry)."""
    return (tuple(Substance.objects.aggregate(n=Count("pk"), last=Max("updated_at")).values()),
            Listing.objects.count())


def matcher():
    """The matcher for the list as it is now: two cheap queries tell whether an entry changed."""
    state = list_state()
    if _cache.get("state") != state:
        _cache.update(state=state, matcher=Matcher(list(Substance.objects.prefetch_related("listings"))))
    return _cache["matcher"]


# --- loading the shipped list ------------------------------------------------------------------------------

def _date(value, path, line):
    try:
        return date.fromisoformat(value) if value.strip() else None
    except ValueError:
        raise ValueError(f"{path}:{line}: “{value}” is not a date (YYYY-MM-DD)") from None


def read_csv(path=CSV_PATH):
    """The CSV's rows grouped by substance name: {name: (names, [(line, listing values)])}."""
    grouped = {}
    for line, row in rows(path, CSV_COLUMNS, {"scope": Scope.values, "status": Status.values}):
        names, listings = grouped.setdefault(row["name"], ({"name_en": "", "other_names": []}, []))
        names["name_en"] = names["name_en"] or row["name_en"]
        names["other_names"] += listed(row["other_names"])
        listings.append((row["scope"], {
            "status": row["status"], "legal_source": row["legal_source"], "conditions": row["conditions"],
            "in_force_from": _date(row["in_force_from"], path, line),
            "first_banned": _date(row["first_banned"], path, line),
            "first_banned_source": row["first_banned_source"], "checked": row["checked"]}))
    return grouped


def _update(instance, values):
    """Set `values` on `instance`; whether anything changed."""
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    for name in changed:
        setattr(instance, name, values[name])
    return bool(changed)


@transaction.atomic
def load_csv(path=CSV_PATH, substance_model=Substance, listing_model=Listing):
    """Create or update entries from a CSV with CSV_COLUMNS, one row per substance and scope (other names
    separated by "|"; a substance's names are those of all its rows), matched by name and scope; nothing is
    deleted. Returns (created, updated) counts of entries. A data migration passes its historical models."""
    created = updated = 0
    for name, (names, listings) in read_csv(path).items():
        values = {"name_en": names["name_en"], "other_names": "\n".join(dict.fromkeys(names["other_names"]))}
        substance, made = substance_model.objects.get_or_create(name=name, defaults=values)
        changed = not made and _update(substance, values)
        for scope, listing_values in listings:
            listing = listing_model.objects.filter(substance=substance, scope=scope).first()
            if listing is None:
                listing_model.objects.create(substance=substance, scope=scope, **listing_values)
                changed = True
            elif _update(listing, listing_values):
                listing.save()
                changed = True
        if changed:
            substance.save()  # bumps updated_at, so matchers in every process rebuild
        created += made
        updated += changed and not made
    return created, updated
