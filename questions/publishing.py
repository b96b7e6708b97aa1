"""Turning an answered question into content: a public Q&A page, or a new guide draft for an officer to
finish. The officer confirms the exact title and question text on the confirm screen (PublishForm, which
starts from the anonymised words and marks what was removed). The farmer's words are used only when the
farmer agreed; otherwise the officer writes the question in their own words, and the page says so. The
photo goes public only with consent too."""
import re

from django import forms
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail.images import get_image_model
from wagtail.rich_text import RichText

from core.anonymise import anonymised, contacts, normal, removals
from kb.blocks import QA
from kb.models import GuidePage, QuestionAnswerPage, Sector
from kb.text import ascii_slug, fold
from kb.tree import question_index, sector_index
from questions.models import FarmerQuestion

TITLE_MAX = 90
SLUG_MAX = 60
# This many words in a row taken from the farmer's text make an officer's question the farmer's words.
REPEATED_WORDS = 6


def cut_at_word(text, limit):
    """`text` at most `limit` characters long, cut after a whole word with "…" when it had to be cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    head = text[:limit - 1]
    if text[limit - 1] != " " and " " in head:
        head = head.rsplit(" ", 1)[0]
    return head.rstrip(" ,;:.-–") + "…"


def suggested_title(text):
    return cut_at_word(text.strip().splitlines()[0] if text.strip() else "", TITLE_MAX)


def free_slug(parent, title, prefix=""):
    """A slug from `title` cut at a whole word, unused under `parent`; a number is added only when taken."""
    base = prefix + ascii_slug(title)
    if len(base) > SLUG_MAX:
        base = base[:SLUG_MAX + 1].rsplit("-", 1)[0] if "-" in base[:SLUG_MAX + 1] else base[:SLUG_MAX]
    base = base.strip("-") or "hoi-dap"
    taken = set(parent.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    return next(s for s in (base, *(f"{base}-{n}" for n in range(2, 10_000))) if s not in taken)


def _words(text):
    return re.findall(r"\w+", fold(text).lower())


def _refuse_contacts(text, message):
    found = contacts(text)
    if found:
        raise forms.ValidationError(message % {"found": found}, code="contact")


def repeats_farmer(farmer_text, text):
    """Whether `text` repeats REPEATED_WORDS or more of the farmer's words in a row (their words, not a
    question written anew)."""
    farmer, written = _words(farmer_text), _words(text)
    runs = {tuple(farmer[i:i + REPEATED_WORDS]) for i in range(len(farmer) - REPEATED_WORDS + 1)}
    if not runs:
        return bool(farmer) and farmer == written
    return any(tuple(written[i:i + REPEATED_WORDS]) in runs for i in range(len(written) - REPEATED_WORDS + 1))


class PublishForm(forms.Form):
    """The title and question text exactly as they will be published, for the officer to edit. Without the
    farmer's consent it starts empty: the officer writes the question, and it must not be the farmer's."""

    title = forms.CharField(label=_("Tiêu đề"), max_length=255)
    text = forms.CharField(label=_("Câu hỏi được đăng"), widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args, question, **kwargs):
        self.question = question
        page = question.published_page
        if page is not None:
            initial = {"title": page.title, "text": page.question}
        elif question.consent:
            text = anonymised(question.text)
            initial = {"title": suggested_title(text), "text": text}
        else:
            initial = {}
        super().__init__(*args, initial=initial, **kwargs)
        if not question.consent:
            self.fields["text"].label = _("Câu hỏi do cán bộ viết (nông dân chưa đồng ý đăng lời mình)")

    def clean_title(self):
        """The title is the page's title and its address (slug): no phone, e-mail or link either."""
        title = normal(self.cleaned_data["title"]).strip()
        _refuse_contacts(title, _("Tiêu đề còn số điện thoại, e-mail hoặc đường dẫn: %(found)s. Xóa đi rồi đăng."))
        return title

    def clean_text(self):
        text = normal(self.cleaned_data["text"]).strip()
        _refuse_contacts(text, _("Câu hỏi còn số điện thoại, e-mail hoặc đường dẫn: %(found)s. Xóa đi rồi đăng."))
        if not self.question.consent and repeats_farmer(self.question.text, text):
            raise forms.ValidationError(
                _("Nông dân chưa đồng ý đăng lời của mình: viết câu hỏi bằng lời của cán bộ, không chép lại "
                  "câu của nông dân."), code="consent")
        return text


def _public_image(question):
    if not (question.consent and question.photo):
        return None
    with question.photo.open("rb") as source:
        image = get_image_model()(title=f"Hỏi đáp {question.pk}",
                                  file=ImageFile(source, name=f"hoi-dap-{question.pk}.jpg"))
        image.save()
    return image


class ContactLeft(ValueError):
    """A title or question text to be published still holds a phone number, e-mail address or link."""


def _checked(question, title, text):
    """The title and text to publish, refused whoever calls (the confirm form checks the same first)."""
    if question.status not in FarmerQuestion.ANSWERED_STATES:
        raise ValueError("only an answered question can be published")
    title, text = normal(title).strip(), normal(text).strip()
    left = [removal.kind for part in (title, text) for removal in removals(part) if removal.kind != "name"]
    if left:  # the kinds only: the number itself stays out of logs and tracebacks
        raise ContactLeft(f"a {', '.join(sorted(set(left)))} is never published (question {question.pk})")
    if not question.consent and repeats_farmer(question.text, text):
        raise ValueError("without the farmer's consent the question must be written by the officer")
    return title, text


@transaction.atomic
def publish_answer(question, title, text, user=None):
    """Publish (or republish) `question` as a QuestionAnswerPage with the officer's confirmed `title` and
    question `text`; returns the page."""
    title, text = _checked(question, title, text)
    page = question.published_page
    values = {"title": title, "question": text, "asked_by_officer": not question.consent,
              "answer": question.answer, "sector": question.sector, "commodity": question.commodity,
              "region": question.district}
    if page is None:
        parent = question_index()
        page = QuestionAnswerPage(slug=free_slug(parent, title), image=_public_image(question), **values)
        parent.add_child(instance=page)
    else:
        for name, value in values.items():
            setattr(page, name, value)
        page.save()
    page.save_revision(user=user).publish(user=user)
    question.published_page = page
    question.status = FarmerQuestion.Status.PUBLISHED
    question.save()
    return page


@transaction.atomic
def guide_draft(question, title, text, user=None):
    """A new, unpublished guide under the question's sector holding the confirmed question and the answer."""
    title, text = _checked(question, title, text)
    sector = question.sector or Sector.CROP
    parent = sector_index(sector)
    guide = GuidePage(
        title=title, slug=free_slug(parent, title, prefix="hoi-dap-"), sector=sector,
        summary=Truncator(" ".join(strip_tags(question.answer).split())).chars(300), live=False,
        body=[(QA, {"question": cut_at_word(text, 250), "answer": RichText(question.answer)})],
    )
    if question.commodity_id:
        guide.commodities.set([question.commodity])
    parent.add_child(instance=guide)
    guide.save_revision(user=user)
    FarmerQuestion.objects.filter(pk=question.pk).update(no_guide=True)
    return guide
