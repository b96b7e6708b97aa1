"""Where a farmer is: Huế's communes and wards since 1 July 2025.

Huế has had two levels of local government since 1 July 2025 (Nghị quyết 1675/NQ-UBTVQH15): 40 communes
(xã) and wards (phường), no districts. Questions, officers and alerts are placed by commune; a guide's
regions (`Region`, the former districts) may stay broader, and each commune names the former district
most of it lay in, so a district-wide guide or officer still reaches it. Farmers keep using the old names
for years: the former communes and districts are kept as alternative names (`kb.places.find_commune`).
"""
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from kb.models.snippets import Region


class Commune(models.Model):
    class Kind(models.TextChoices):
        WARD = "phuong", _("Phường")
        COMMUNE = "xa", _("Xã")

    code = models.PositiveIntegerField(_("mã đơn vị hành chính"), unique=True,
                                       help_text=_("Mã của Tổng cục Thống kê, ví dụ 19942."))
    name = models.CharField(_("tên"), max_length=100, unique=True, help_text=_("Ví dụ: Xã Phú Vang"))
    slug = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    region = models.ForeignKey(Region, verbose_name=_("huyện, thị xã cũ"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="communes")
    former_names = models.TextField(_("tên cũ"), blank=True,
                                    help_text=_("Xã, phường, huyện trước 1/7/2025; mỗi dòng một tên."))

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("code"), FieldPanel("kind"), FieldPanel("region"),
              FieldPanel("former_names")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("xã, phường")
        verbose_name_plural = _("xã, phường")

    def __str__(self):
        return self.name

    @property
    def short_name(self):
        """The name without its kind: "Phú Vang" for "Xã Phú Vang"."""
        return short_name(self.name)

    @property
    def former(self):
        return [line.strip() for line in self.former_names.splitlines() if line.strip()]


KIND_PREFIXES = ("Thị trấn ", "Phường ", "Xã ", "Huyện ", "Thị xã ", "Quận ", "Thành phố ")


def short_name(name):
    """A unit's name without the word for its kind ("Thị xã Hương Trà" → "Hương Trà")."""
    for prefix in KIND_PREFIXES:
        if name.startswith(prefix) and len(name) > len(prefix):
            return name[len(prefix):]
    return name
