"""Taxonomies and records shared by many guides, edited as Wagtail snippets."""
from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.search import index


class Sector(models.TextChoices):
    CROP = "crop", _("Trồng trọt")
    LIVESTOCK = "livestock", _("Chăn nuôi")
    AQUACULTURE = "aquaculture", _("Thủy sản")


class Commodity(index.Indexed, models.Model):
    """A crop, animal or aquatic species; its other names are what farmers in other regions call it."""

    name = models.CharField(_("tên"), max_length=100, unique=True)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=100, blank=True,
                               help_text=_("Tên hiện trên các trang tiếng Anh, ví dụ: Chicken"))
    slug = models.SlugField(max_length=120, unique=True)
    alt_names = models.TextField(
        _("tên khác, tên địa phương"), blank=True, help_text=_("Mỗi dòng một tên, ví dụ: Heo")
    )
    scientific_name = models.CharField(_("tên khoa học"), max_length=150, blank=True)
    sector = models.CharField(_("lĩnh vực"), max_length=20, choices=Sector.choices)

    panels = [
        FieldPanel("name"),
        FieldPanel("name_en"),
        FieldPanel("slug"),
        FieldPanel("alt_names"),
        FieldPanel("scientific_name"),
        FieldPanel("sector"),
    ]
    search_fields = [index.SearchField("name"), index.SearchField("name_en"), index.SearchField("alt_names"),
                     index.FilterField("sector")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("nông sản")
        verbose_name_plural = _("nông sản")

    def __str__(self):
        return self.name_in(get_language())

    def name_in(self, language):
        """Its name on pages in `language`: the English name on English pages when it has one."""
        return self.name_en if language == "en" and self.name_en else self.name

    @property
    def alternative_names(self):
        return [line.strip() for line in self.alt_names.splitlines() if line.strip()]

    @property
    def names(self):
        """Every name a guide or a farmer may use for it, in either language."""
        return [self.name, *([self.name_en] if self.name_en else []), *self.alternative_names]


class Region(models.Model):
    """A former district, town or city of Thừa Thiên Huế (before 1 July 2025): where a guide applies, broader
    than a commune (`kb.Commune`, where questions and officers are placed); each commune names its own."""

    class Kind(models.TextChoices):
        CITY = "city", _("Thành phố")
        TOWN = "town", _("Thị xã")
        DISTRICT = "district", _("Huyện")

    name = models.CharField(_("tên"), max_length=100, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices, default=Kind.DISTRICT)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("kind")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("địa bàn")
        verbose_name_plural = _("địa bàn")

    def __str__(self):
        return self.name


phone_validator = RegexValidator(r"^\+?[0-9 .]{8,20}$", _("Số điện thoại chỉ gồm chữ số, dấu cách, dấu chấm."))


class Officer(index.Indexed, models.Model):
    """An extension officer farmers can call about a guide."""

    name = models.CharField(_("họ tên"), max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    role = models.CharField(_("chức vụ"), max_length=150, blank=True)
    role_en = models.CharField(_("chức vụ bằng tiếng Anh"), max_length=150, blank=True,
                               help_text=_("Hiện trên các trang tiếng Anh, ví dụ: Crop extension officer"))
    district = models.ForeignKey(
        Region, verbose_name=_("địa bàn"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The communes the officer answers for: questions from them reach this officer first (questions.notify).
    communes = models.ManyToManyField("kb.Commune", verbose_name=_("xã, phường phụ trách"), blank=True,
                                      related_name="officers")
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True, validators=[phone_validator])
    zalo = models.CharField(_("Zalo"), max_length=20, blank=True, validators=[phone_validator])
    email = models.EmailField(_("email"), blank=True)
    # The admin account this officer signs in with: farmers' questions assigned to them are "mine", and
    # their district's questions come first in their inbox.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("tài khoản quản trị"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="officer",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("role"),
        FieldPanel("role_en"),
        FieldPanel("district"),
        FieldPanel("communes"),
        MultiFieldPanel([FieldPanel("phone"), FieldPanel("zalo"), FieldPanel("email")], heading=_("Liên hệ")),
        FieldPanel("user"),
    ]
    search_fields = [index.SearchField("name"), index.SearchField("role"), index.SearchField("role_en")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("cán bộ khuyến nông")
        verbose_name_plural = _("cán bộ khuyến nông")

    def __str__(self):
        return self.name

    @property
    def role_here(self):
        """Its role on pages in the current language: the English one on English pages when it has one."""
        return self.role_en if get_language() == "en" and self.role_en else self.role

    @property
    def tel_url(self):
        digits = "".join(ch for ch in self.phone if ch.isdigit() or ch == "+")
        return f"tel:{digits}" if digits else ""

    @property
    def zalo_url(self):
        digits = "".join(ch for ch in self.zalo if ch.isdigit())
        return f"https://zalo.me/{digits}" if digits else ""


class Technology(index.Indexed, models.Model):
    """The technology-transfer record behind guides: who owns it, its protection and whom to ask."""

    class IPStatus(models.TextChoices):
        PATENT = "patent", _("Bằng độc quyền sáng chế")
        UTILITY_SOLUTION = "utility_solution", _("Bằng độc quyền giải pháp hữu ích")
        PLANT_VARIETY = "plant_variety", _("Bảo hộ giống cây trồng")
        TRADE_SECRET = "trade_secret", _("Bí mật kinh doanh")
        NONE = "none", _("Không bảo hộ")

    name = models.CharField(_("tên công nghệ"), max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    provider = models.CharField(_("đơn vị cung cấp"), max_length=200)
    ip_status = models.CharField(_("tình trạng sở hữu trí tuệ"), max_length=20, choices=IPStatus.choices,
                                 default=IPStatus.NONE)
    decision_number = models.CharField(_("số quyết định công nhận"), max_length=100, blank=True)
    recognition_year = models.PositiveSmallIntegerField(_("năm công nhận"), null=True, blank=True)
    issuing_body = models.CharField(_("cơ quan công nhận"), max_length=200, blank=True)
    transfer_contact = models.TextField(_("liên hệ chuyển giao"), blank=True)
    terms = models.TextField(_("điều kiện chuyển giao, chi phí"), blank=True)
    description = models.TextField(_("mô tả"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("provider"),
        FieldPanel("ip_status"),
        MultiFieldPanel(
            [FieldPanel("decision_number"), FieldPanel("recognition_year"), FieldPanel("issuing_body")],
            heading=_("Công nhận"),
        ),
        FieldPanel("transfer_contact"),
        FieldPanel("terms"),
        FieldPanel("description"),
    ]
    search_fields = [index.SearchField("name"), index.SearchField("provider")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("công nghệ")
        verbose_name_plural = _("công nghệ")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("technology", kwargs={"slug": self.slug})
