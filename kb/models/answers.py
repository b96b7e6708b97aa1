"""Farmers' questions answered by officers and published as content: anonymised, searchable, linked from
the guides they cite. They are Wagtail pages, so drafts, privacy, unpublishing and expiry work exactly as
for guides (the farmer's private record stays in the `questions` app)."""
import re

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.rich_text.rewriters import extract_attrs

from core.anonymise import contacts, normal
from kb.models.pages import GuidePage
from kb.models.searchtext import FoldedSearchText
from kb.models.snippets import Commodity, Region, Sector
from kb.models.visibility import VisiblePage, VisiblePageManager


class QuestionIndexPage(Page):
    """"Hỏi đáp": the published answers, newest first."""

    intro = models.TextField(_("lời giới thiệu"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["kb.HomePage"]
    subpage_types = ["kb.QuestionAnswerPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("trang hỏi đáp")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        answers = QuestionAnswerPage.objects.visible().child_of(self).order_by("-first_published_at")
        context["answers"] = Paginator(answers, 20).get_page(request.GET.get("page"))
        return context


class QuestionAnswerPage(FoldedSearchText, VisiblePage, Page):
    """One answered question: no name, no phone; the farmer's words and photo only when the farmer agreed
    (otherwise the officer's own question, marked as such). Searched next to the guides under the same
    visibility rule (`objects.visible()`)."""

    question = models.TextField(_("câu hỏi"))
    # Without the farmer's consent their words are not published: the officer writes the question instead.
    asked_by_officer = models.BooleanField(_("câu hỏi do cán bộ viết lại"), default=False)
    answer = RichTextField(_("trả lời"), features=["bold", "italic", "ol", "ul", "link"])
    sector = models.CharField(_("lĩnh vực"), max_length=20, choices=Sector.choices, blank=True)
    commodity = models.ForeignKey(Commodity, verbose_name=_("nông sản"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    region = models.ForeignKey(Region, verbose_name=_("địa bàn"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    image = models.ForeignKey("wagtailimages.Image", verbose_name=_("ảnh"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    # Derived from the answer's page links on every save: the links are the citations.
    guides = ParentalManyToManyField(GuidePage, verbose_name=_("hướng dẫn được dẫn"), blank=True,
                                     related_name="answers", editable=False)

    content_panels = Page.content_panels + [
        FieldPanel("question"),
        FieldPanel("asked_by_officer"),
        FieldPanel("answer"),
        FieldPanel("image"),
        MultiFieldPanel([FieldPanel("sector"), FieldPanel("commodity"), FieldPanel("region")],
                        heading=_("Phân loại")),
    ]
    objects = VisiblePageManager()
    parent_page_types = ["kb.QuestionIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("hỏi đáp")
        verbose_name_plural = _("hỏi đáp")

    @property
    def visible_guides(self):
        return self.guides.visible().prefetch_related("commodities")

    def clean(self):
        """Edited in the page editor too, the title (and address) and the question never carry a phone
        number, e-mail address or link (the publish screen refuses them the same way)."""
        super().clean()
        errors = {name: _("Còn số điện thoại, e-mail hoặc đường dẫn: %(found)s. Xóa đi rồi lưu.") % {"found": found}
                  for name in ("title", "question") if (found := contacts(normal(getattr(self, name))))}
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.guides.set(GuidePage.objects.filter(pk__in=cited_page_ids(self.answer)))
        super().save(*args, **kwargs)

    def searched_text(self):
        return f"{self.question}\n{strip_tags(self.answer or '')}"



def cited_page_ids(html):
    """Ids of the pages an answer links to (Wagtail stores them as <a linktype="page" id="…">)."""
    attributes = (extract_attrs(tag) for tag in re.findall(r"<a\b[^>]*>", html or ""))
    return {int(a["id"]) for a in attributes if a.get("linktype") == "page" and a.get("id", "").isdigit()}
