"""Turning an answered question into content: a public Q&A page, or a new guide draft for an officer to
finish. Both carry the question without its phone number, name or any number that looks like a phone;
the photo goes public only when the farmer agreed."""
import re

from django.core.files.images import ImageFile
from django.db import transaction
from django.utils.html import strip_tags
from django.utils.text import Truncator
from wagtail.images import get_image_model
from wagtail.rich_text import RichText

from kb.blocks import QA
from kb.models import GuidePage, QuestionAnswerPage, Sector
from kb.text import ascii_slug
from kb.tree import question_index, sector_index
from questions.models import FarmerQuestion

PHONE_LIKE = re.compile(r"\+?\d[\d .\-]{6,}\d")
HIDDEN = "[…]"
TITLE_MAX = 90


def anonymised(text):
    """The question's text with anything that looks like a phone number removed."""
    return PHONE_LIKE.sub(HIDDEN, text).strip()


def title_for(question):
    first_line = anonymised(question.text).splitlines()[0]
    return Truncator(first_line).chars(TITLE_MAX)


def _slug(question, title):
    return f"{ascii_slug(title)[:60].strip('-')}-{question.pk}"


def _public_image(question):
    if not (question.consent and question.photo):
        return None
    with question.photo.open("rb") as source:
        image = get_image_model()(title=f"Hỏi đáp {question.pk}",
                                  file=ImageFile(source, name=f"hoi-dap-{question.pk}.jpg"))
        image.save()
    return image


@transaction.atomic
def publish_answer(question, user=None):
    """Publish (or republish) `question` as a QuestionAnswerPage; returns the page."""
    if question.status not in FarmerQuestion.ANSWERED_STATES:
        raise ValueError("only an answered question can be published")
    title = title_for(question)
    page = question.published_page
    values = {"question": anonymised(question.text), "answer": question.answer, "sector": question.sector,
              "commodity": question.commodity, "region": question.district}
    if page is None:
        page = QuestionAnswerPage(title=title, slug=_slug(question, title), image=_public_image(question), **values)
        question_index().add_child(instance=page)
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
def guide_draft(question, user=None):
    """A new, unpublished guide under the question's sector holding the question and its answer."""
    sector = question.sector or Sector.CROP
    title = title_for(question)
    parent = sector_index(sector)
    base = f"hoi-dap-{ascii_slug(title)[:50].strip('-')}-{question.pk}"
    taken = set(parent.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    slug = next(s for s in (base, *(f"{base}-{n}" for n in range(2, 1000))) if s not in taken)
    guide = GuidePage(
        title=title, slug=slug, sector=sector,
        summary=Truncator(" ".join(strip_tags(question.answer).split())).chars(300), live=False,
        body=[(QA, {"question": Truncator(anonymised(question.text)).chars(250),
                      "answer": RichText(question.answer)})],
    )
    if question.commodity_id:
        guide.commodities.set([question.commodity])
    parent.add_child(instance=guide)
    guide.save_revision(user=user)
    return guide
