"""Active ingredients the law bans, restricts or permits: the list guides are checked against.

Stored in the database (not only in the shipped CSV) so editors can add an entry the day a new circular
or decision appears; `load_substances` loads the ministry's updated list from CSV.
"""
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel


class Substance(models.Model):
    class Status(models.TextChoices):
        BANNED = "banned", _("Cấm sử dụng")
        RESTRICTED = "restricted", _("Hạn chế sử dụng")
        PERMITTED = "permitted", _("Được phép sử dụng")

    class Use(models.TextChoices):
        PESTICIDE = "pesticide", _("Thuốc bảo vệ thực vật")
        VETERINARY = "veterinary", _("Thuốc thú y, thức ăn chăn nuôi, thủy sản")

    name = models.CharField(_("tên hoạt chất"), max_length=150, unique=True,
                            help_text=_("Tên như viết ở Việt Nam, ví dụ: Paraquat"))
    name_en = models.CharField(_("tên tiếng Anh"), max_length=150, blank=True)
    other_names = models.TextField(_("tên khác, tên thương mại"), blank=True,
                                   help_text=_("Mỗi dòng một tên, ví dụ: Gramoxone"))
    status = models.CharField(_("tình trạng"), max_length=12, choices=Status.choices, default=Status.BANNED)
    use = models.CharField(_("nhóm"), max_length=12, choices=Use.choices, default=Use.PESTICIDE)
    legal_source = models.CharField(_("căn cứ pháp lý"), max_length=250, blank=True)
    banned_from = models.DateField(_("cấm từ ngày"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [FieldPanel("name"), FieldPanel("name_en"), FieldPanel("other_names"), FieldPanel("status"),
              FieldPanel("use"), FieldPanel("legal_source"), FieldPanel("banned_from")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("hoạt chất")
        verbose_name_plural = _("hoạt chất cấm, hạn chế, được phép")

    def __str__(self):
        return self.name

    @property
    def names(self):
        """Every name the substance is written under: Vietnamese, English, other and trade names."""
        return [self.name, self.name_en, *(line.strip() for line in self.other_names.splitlines())]

    @property
    def is_banned(self):
        return self.status == self.Status.BANNED
