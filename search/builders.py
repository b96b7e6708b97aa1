"""How a page a farmer may see becomes a document: one builder per kind, and the querysets that load
every relation a builder reads in a few queries.

Documents are built from plain rows (StreamField raw data, prefetched relations) rather than through
elasticsearch-dsl's field serialisation, so building never becomes the bottleneck of a rebuild.
"""
from types import SimpleNamespace

from django.utils.html import strip_tags

from kb.models import AlertPage, GuidePage, QuestionAnswerPage
from kb.problems import Matcher, lines
from kb.text import normalize
from search.dependencies import ALERT_DEPENDENCIES, ANSWER_DEPENDENCIES, GUIDE_DEPENDENCIES
from search.digest import content_hash, copied_values, related
from search.types import KIND_ALERT, KIND_ANSWER, KIND_GUIDE


def indexable_guides():
    """What may be searched — the guides a farmer may see (`GuidePage.objects.visible()`) — with the
    relations a document copies loaded in a few queries."""
    return (
        GuidePage.objects.visible()
        .select_related("locale", "technology")
        .prefetch_related("commodities", "regions", "officers", "tagged_items__tag", "problems")
    )


def indexable_answers():
    """The published questions a farmer may see (`QuestionAnswerPage.objects.visible()`), loaded for
    `build_answer`. They never carry a phone or a name: the page holds none."""
    return QuestionAnswerPage.objects.visible().select_related("locale", "commodity", "region")


def indexable_alerts():
    """The alerts in force (`AlertPage.objects.in_force()`): an alert leaves the index when its period ends."""
    return AlertPage.objects.in_force().select_related("locale").prefetch_related("commodities", "communes")


def body_passages(page):
    """The searchable words of the body, one passage a block (a step, a warning, a question with its answer)
    so that a result can show the passage that answers a question; each block says which of its texts count."""
    raw = page.body.raw_data if hasattr(page.body, "raw_data") else page.body
    return GuidePage._meta.get_field("body").stream_block.passages(raw)


def page_url(page, cache):
    """The page's site-relative URL; `cache` keeps Wagtail's site root paths across a batch."""
    parts = page.get_url_parts(request=cache)
    return parts[2] if parts else ""


def url_cache():
    return SimpleNamespace()


def _page_fields(page, kind, cache):
    """What every kind of document says about its page: where it is, in which language and sector, its title."""
    return {"kind": kind, "page_id": page.pk, "revision_id": page.live_revision_id, "slug": page.slug,
            "url": page_url(page, cache or url_cache()), "locale": page.locale.language_code, "sector": page.sector,
            "title": normalize(page.title), "first_published_at": page.first_published_at,
            "last_published_at": page.last_published_at, "expire_at": page.expire_at}


def _commodity_fields(page, commodities):
    """The commodities as a document holds them: every name to search (both languages, the other names),
    the slugs to filter on, and the names to show, in the page's language."""
    language = page.locale.language_code
    return {"commodities": [normalize(name) for c in commodities for name in c.names],
            "commodity_slugs": [c.slug for c in commodities],
            "commodity_names": [c.name_in(language) for c in commodities]}


def _signs(page, problems):
    """The signs of the problems a guide is about, those its title or summary names. A problem its body only
    mentions (one cause among others, a vaccine in a calendar) gives the guide its names, not its signs: the
    calf diarrhoea guide that lists coccidiosis among the causes outranked the coccidiosis guide for a story
    of chickens passing blood (bench/search_relevance.py, bench/relevance_stories: MRR 0.931 → 0.955)."""
    about = Matcher((p.pk, p.sector, p.names) for p in problems).named_in(f"{page.title}\n{page.summary}")
    return [normalize(sign) for p in problems if p.pk in about for sign in lines(p.signs)]


def build_guide(page, cache=None):
    """The document source for one guide (a page from `indexable_guides()`)."""
    commodities = related(page, "commodities")
    tags = sorted((item.tag for item in related(page, "tagged_items")), key=lambda tag: tag.name)
    regions = related(page, "regions")
    technology = page.technology
    problems = related(page, "problems")
    return {
        **_page_fields(page, KIND_GUIDE, cache),
        "summary": normalize(page.summary),
        "body": [normalize(passage) for passage in body_passages(page)],
        **_commodity_fields(page, commodities),
        "problems": [normalize(name) for p in problems for name in p.names],
        "signs": _signs(page, problems),
        "topics": [normalize(tag.name) for tag in tags],
        "topic_slugs": [tag.slug for tag in tags],
        "regions": [normalize(r.name) for r in regions],
        "region_slugs": [r.slug for r in regions],
        "months": sorted(page.months or []),
        "technology": normalize(f"{technology.name} {technology.provider}") if technology else "",
        "ip_status": technology.ip_status if technology else "",
        "officers": [{"name": o.name, "phone": o.phone, "zalo": o.zalo, "tel_url": o.tel_url,
                      "zalo_url": o.zalo_url} for o in related(page, "officers")],
        "content_hash": content_hash(copied_values(page, GUIDE_DEPENDENCIES)),
    }


def build_answer(page, cache=None):
    """The document source for one published question: the question as summary, the answer as body."""
    commodities = related(page, "commodity")
    region = page.region
    return {
        **_page_fields(page, KIND_ANSWER, cache),
        "summary": normalize(page.question),
        "body": normalize(" ".join(strip_tags(page.answer).split())),
        **_commodity_fields(page, commodities),
        "problems": [], "signs": [], "topics": [], "topic_slugs": [],
        "regions": [normalize(region.name)] if region else [],
        "region_slugs": [region.slug] if region else [],
        "months": [], "technology": "", "ip_status": "", "officers": [],
        "content_hash": content_hash(copied_values(page, ANSWER_DEPENDENCIES)),
    }


def build_alert(page, cache=None):
    """The document source for one alert: what is happening as summary, it and what to do as body, its
    communes (and their former districts) as regions."""
    commodities, communes = related(page, "commodities"), related(page, "communes")
    places = ["Toàn tỉnh Huế"] if page.all_hue else [name for c in communes for name in [c.name, *c.former]]
    return {
        **_page_fields(page, KIND_ALERT, cache),
        "summary": normalize(page.situation),
        "body": [normalize(page.situation), normalize(page.action)],
        **_commodity_fields(page, commodities),
        "problems": [], "signs": [], "topics": [], "topic_slugs": [],
        "regions": [normalize(name) for name in places],
        "region_slugs": [],
        "months": [], "technology": "", "ip_status": "", "officers": [],
        "content_hash": content_hash(copied_values(page, ALERT_DEPENDENCIES)),
    }
