"""Diseases, pests and disorders, with every name farmers call them and the signs they see.

A farmer rarely writes "bệnh Newcastle": they write "gà rù", "toi gà", or what they see — "gà ủ rũ, chảy
nước dãi, phân xanh". Officers keep this vocabulary here (names, folk and regional names, the scientific
name, the signs as a farmer would notice them); the search indexes it with the guides that name each
problem (`GuidePage.problems`), so a description of the signs finds the guide that names the disease.
"""
from django import forms
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from kb import fulltext
from kb.models.snippets import Commodity, Sector
from kb.problems import Matcher, commodity_names, key, lines
from kb.text import fold


class ProblemQuerySet(models.QuerySet):
    def matcher(self):
        return Matcher(((problem.pk, problem.sector, problem.names) for problem in self), commodity_names(Commodity))

    def named_in(self, text, sector=None):
        """The ids of these problems (of `sector`, when given) that `text` names."""
        return self.matcher().named_in(text, sector)


class Problem(index.Indexed, models.Model):
    class Kind(models.TextChoices):
        DISEASE = "disease", _("Bệnh")
        PEST = "pest", _("Sâu hại, dịch hại")
        DISORDER = "disorder", _("Rối loạn, ngộ độc, do môi trường")

    name = models.CharField(_("tên"), max_length=120, unique=True, help_text=_("Tên thường dùng, ví dụ: Đạo ôn"))
    slug = models.SlugField(max_length=140, unique=True)
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices, default=Kind.DISEASE)
    sector = models.CharField(_("lĩnh vực"), max_length=20, choices=Sector.choices)
    alt_names = models.TextField(
        _("tên gọi khác"), blank=True,
        help_text=_("Mỗi dòng một tên: tên dân gian, tên địa phương, tên viết tắt, tên tiếng Anh. "
                    "Ví dụ: cháy lá, thối cổ bông"))
    scientific_name = models.CharField(_("tên khoa học, tác nhân"), max_length=200, blank=True)
    signs = models.TextField(
        _("dấu hiệu"), blank=True,
        help_text=_("Mỗi dòng một dấu hiệu, viết như bà con nhìn thấy: con vật, bộ phận, màu sắc, hình dạng, "
                    "lúc nào hay gặp. Ví dụ: vết bệnh hình thoi, giữa màu xám trắng, viền nâu"))

    objects = ProblemQuerySet.as_manager()
    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("kind"), FieldPanel("sector"),
              FieldPanel("alt_names", widget=forms.Textarea(attrs={"rows": 4})), FieldPanel("scientific_name"),
              FieldPanel("signs", widget=forms.Textarea(attrs={"rows": 6}))]
    search_fields = [index.SearchField("name"), index.SearchField("alt_names"), index.SearchField("signs"),
                     index.FilterField("sector")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("sâu bệnh")
        verbose_name_plural = _("sâu bệnh, dịch bệnh")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self.link_guides()

    @property
    def alternative_names(self):
        return lines(self.alt_names)

    @property
    def names(self):
        """Every name a guide or a farmer may use for it."""
        return [self.name, *self.alternative_names, *([self.scientific_name] if self.scientific_name else [])]

    def concerned_guides(self):
        """The guides linked to it or whose text names it now: those a change of its names may link or unlink."""
        naming = fulltext.matching([fold(key(name)) for name in self.names])
        concerned = Q(problems=self) | (Q(pk__in=naming) if naming is not None else Q())
        return self.guides.model.objects.filter(concerned).distinct()

    def link_guides(self):
        """Link again the guides concerned, since its names may have changed."""
        matcher = Problem.objects.all().matcher()
        for guide in self.concerned_guides():
            guide.problems.set(matcher.named_in(guide.problem_text(), guide.sector))
