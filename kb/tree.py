"""Where guides live in the page tree, for each locale.

The Vietnamese tree is created by migration; the English one is made on first need as translations of it,
so an import or the demo content never has to prepare the tree by hand.
"""
from django.db import transaction
from wagtail.models import Locale, Page, Site

from kb.models import AlertIndexPage, HomePage, QuestionIndexPage, SectorIndexPage

ENGLISH = {  # key: (title, slug)
    "home": ("Thua Thien Hue agricultural extension", "home-en"),
    "crop": ("Crops", "crops"),
    "livestock": ("Livestock", "livestock"),
    "aquaculture": ("Aquaculture", "aquaculture"),
}


def _translation(page, locale):
    """The live translation of `page` in `locale`, created and published when missing."""
    existing = page.get_translation_or_none(locale)
    if existing:
        return existing.specific
    copy = page.copy_for_translation(locale, copy_parents=True)
    key = page.specific.sector if isinstance(page.specific, SectorIndexPage) else "home"
    if locale.language_code == "en":
        copy.title, copy.slug = ENGLISH[key]
        copy.draft_title = copy.title
        copy.save()
    copy.save_revision().publish()
    # Wagtail forgets its cached site roots when a new root is saved, inside this transaction: another
    # process reading them before it commits caches the roots without it, and every English page has no
    # address for an hour. Forget them again once it is committed.
    transaction.on_commit(Site.clear_site_root_paths_cache)
    return copy.specific


@transaction.atomic
def sector_index(sector, language_code="vi"):
    home = HomePage.objects.get(locale__language_code="vi")
    index = SectorIndexPage.objects.child_of(home).get(sector=sector)
    if language_code == "vi":
        return index
    locale = Locale.objects.get(language_code=language_code)
    _translation(home, locale)
    return _translation(Page.objects.get(pk=index.pk), locale)


QUESTION_INDEX = ("Hỏi đáp cùng cán bộ khuyến nông", "giai-dap")  # /hoi-dap/… is the farmers' private links


@transaction.atomic
def question_index():
    """The published Q&A's parent under the Vietnamese home, created and published on first need."""
    home = HomePage.objects.get(locale__language_code="vi")
    index = QuestionIndexPage.objects.child_of(home).first()
    if index is None:
        title, slug = QUESTION_INDEX
        index = home.add_child(instance=QuestionIndexPage(
            title=title, slug=slug, intro="Câu hỏi của bà con đã được cán bộ khuyến nông trả lời."))
        index.save_revision().publish()
    return index


ALERT_INDEX = ("Cảnh báo sâu bệnh, dịch bệnh, thời tiết", "canh-bao")


def alert_index_or_none():
    """The alerts' index page if it was made (pages link to it; they do not make it)."""
    return AlertIndexPage.objects.live().first()


@transaction.atomic
def alert_index():
    """The alerts' parent under the Vietnamese home, created and published on first need (the admin's "Viết
    cảnh báo" and the demo content ask for it)."""
    home = HomePage.objects.get(locale__language_code="vi")
    index = AlertIndexPage.objects.child_of(home).first()
    if index is None:
        title, slug = ALERT_INDEX
        index = home.add_child(instance=AlertIndexPage(
            title=title, slug=slug, intro="Cảnh báo của cán bộ khuyến nông và trạm bảo vệ thực vật, thú y: "
                                          "đang xảy ra ở đâu, bà con cần làm gì ngay."))
        index.save_revision().publish()
    return index
