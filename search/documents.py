"""The guide document: its mapping, its analysis, and how a published GuidePage becomes one.

Every text field is indexed three ways so the query can rank the better kind of match first:
the field itself keeps the diacritics ("cá" is not "cà"), `.folded` drops them (farmers type "ca tra"),
and `.shingles` holds adjacent syllable pairs, folded (so "cá tra" together beats "cá … tra" apart).
Only the standard tokenizer, lowercase, asciifolding and shingle filters are used: real Elasticsearch 8/9
has them without plugins, and so does the in-memory engine. Unicode form and tone placement are
normalised in Python (`kb.text`) before the text reaches either.

Documents are built from plain rows (StreamField raw data, prefetched relations) rather than through
elasticsearch-dsl's field serialisation, so building never becomes the bottleneck of a rebuild.

A document copies text from other rows (commodities, regions, topics, the technology, officers), so
this module also declares, in `GUIDE_DEPENDENCIES`, every row a guide's document is built from, which of
its fields are copied, and how to find the guides that show one; `tasks.signals` connects its receivers
from that one list. The live revision id pins the page's own fields (a page's row changes only when a
revision is published), so each document carries, besides its revision, a digest of what the revision does
not pin (`content_hash`: its place in the tree, its language and the declared fields of those rows). A
reconcile reads the same digest from the database in a few queries, without building a document, and
finds a document whose copied text changed even when the task that should have rewritten it was lost.
A change of how documents are built (code, or a data migration that rewrites pages in place) needs
`search_index rebuild`.
"""
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace
from typing import NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Max, Q
from django.db.models.signals import post_delete, post_save, pre_delete
from django.utils import timezone
from django.utils.html import strip_tags
from elasticsearch_dsl import Date, Document, Integer, Keyword, Long, Object, Text, analyzer, token_filter
from taggit.models import Tag
from wagtail.models import Locale, Page, PageViewRestriction
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from kb.models import AlertPage, Commodity, Commune, GuidePage, Officer, QuestionAnswerPage, Region, Technology
from kb.models.visibility import VisiblePageQuerySet, in_force_q
from kb.text import normalize
from search.types import KIND_ALERT, KIND_ANSWER, KIND_GUIDE

fold_filter = token_filter("vi_fold", "asciifolding")
shingle_filter = token_filter("vi_shingle", "shingle", min_shingle_size=2, max_shingle_size=2,
                              output_unigrams=False)
vi_exact = analyzer("vi_exact", tokenizer="standard", filter=["lowercase"])
vi_folded = analyzer("vi_folded", tokenizer="standard", filter=["lowercase", fold_filter])
vi_shingles = analyzer("vi_shingles", tokenizer="standard", filter=["lowercase", fold_filter, shingle_filter])

TEXT_FIELDS = ("title", "summary", "body", "commodities", "topics", "regions", "technology")


def vi_text():
    return Text(analyzer=vi_exact, fields={
        "folded": Text(analyzer=vi_folded),
        "shingles": Text(analyzer=vi_shingles),
    })


class GuideDocument(Document):
    """One page a farmer may see: a guide, or a published farmer's question (`kind` says which; both
    fill the same fields, so one query, one set of facets and one index lifecycle serve both). The
    `_version` of each document is the page's live revision id."""

    kind = Keyword()  # KIND_GUIDE or KIND_ANSWER
    page_id = Integer()
    revision_id = Long()
    slug = Keyword()
    url = Keyword(index=False)
    locale = Keyword()
    sector = Keyword()
    title = vi_text()
    summary = vi_text()
    body = vi_text()
    commodities = vi_text()  # names and alternative names
    commodity_slugs = Keyword()
    commodity_names = Keyword(index=False)
    topics = vi_text()
    topic_slugs = Keyword()
    regions = vi_text()
    region_slugs = Keyword()
    months = Integer()
    technology = vi_text()  # name and provider
    ip_status = Keyword()
    officers = Object(enabled=False)
    first_published_at = Date()
    last_published_at = Date()
    content_hash = Keyword(index=False)  # digest of what the revision does not pin: see content_hash()

    class Index:
        name = "guides"  # replaced by a versioned name per index: see search.indexes
        settings = {"number_of_shards": 1, "number_of_replicas": 0}


def indexable_guides():
    """What may be searched — the guides a farmer may see (`GuidePage.objects.visible()`) — with the
    relations a document copies loaded in a few queries."""
    return (
        GuidePage.objects.visible()
        .select_related("locale", "technology")
        .prefetch_related("commodities", "regions", "officers", "tagged_items__tag")
    )


def visible_stamp():
    """A short key that changes whenever a guide is published, unpublished or expires, or a view restriction
    is added or removed: what caches of answers computed from the visible guides are keyed by. Cheap (no visibility
    join), so a cache look-up stays cheap; what a cached answer shows is still checked when it is shown."""
    guides = GuidePage.objects.filter(live=True).aggregate(
        count=Count("pk"), last=Max("last_published_at"), expired=Count("pk", filter=Q(expire_at__lte=timezone.now())))
    hidden = PageViewRestriction.objects.aggregate(count=Count("pk"), last=Max("pk"))
    last = guides["last"].timestamp() if guides["last"] else 0
    return f"{guides['count']}:{last}:{guides['expired']}:{hidden['count']}:{hidden['last']}"


def stamped_key(prefix, stamp, asked):
    """A cache key for an answer computed from the visible guides: `asked` (anything JSON can write) under
    `stamp` (a `visible_stamp()`), so the key changes when what a farmer may see does."""
    digest = hashlib.sha1(json.dumps(asked, sort_keys=True, default=str).encode()).hexdigest()
    return f"{prefix}:{stamp}:{digest}"


def body_passages(page):
    """The searchable words of the body, one passage a block (a step, a warning, a question with its answer)
    so that a result can show the passage that answers a question; each block says which of its texts count."""
    raw = page.body.raw_data if hasattr(page.body, "raw_data") else page.body
    stream_block = GuidePage._meta.get_field("body").stream_block
    passages = {}
    for position, _, text in stream_block.search_texts(raw):
        passages.setdefault(position, []).append(text)
    return [" ".join(texts) for texts in passages.values()]


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
            "title": normalize(page.title)}


def prepare(page, cache=None):
    """The document source for one guide (a page from `indexable_guides()`)."""
    commodities = _related(page, "commodities")
    tags = sorted((item.tag for item in _related(page, "tagged_items")), key=lambda tag: tag.name)
    regions = _related(page, "regions")
    technology = page.technology
    source = {
        **_page_fields(page, KIND_GUIDE, cache),
        "summary": normalize(page.summary),
        "body": [normalize(passage) for passage in body_passages(page)],
        "commodities": [normalize(name) for c in commodities for name in [c.name, *c.alternative_names]],
        "commodity_slugs": [c.slug for c in commodities],
        "commodity_names": [c.name for c in commodities],
        "topics": [normalize(tag.name) for tag in tags],
        "topic_slugs": [tag.slug for tag in tags],
        "regions": [normalize(r.name) for r in regions],
        "region_slugs": [r.slug for r in regions],
        "months": sorted(page.months or []),
        "technology": normalize(f"{technology.name} {technology.provider}") if technology else "",
        "ip_status": technology.ip_status if technology else "",
        "officers": [{"name": o.name, "phone": o.phone, "zalo": o.zalo, "tel_url": o.tel_url,
                      "zalo_url": o.zalo_url} for o in _related(page, "officers")],
        "first_published_at": page.first_published_at,
        "last_published_at": page.last_published_at,
        "content_hash": content_hash(copied_values(page, GUIDE_DEPENDENCIES)),
    }
    return source


@dataclass(frozen=True)
class Dependency:
    """One kind of change that alters documents: `signals` sent by `sender` (any sender when None), and
    `guides(instance)`, the ids of the guides whose documents it changes. The ids are read when the signal
    is sent — for a delete, before the rows that link a guide to the instance are gone. `copies` names
    what the document copies from it, as a lookup from the page and the fields read at its end (none: the
    lookup's own value): `content_hash` digests exactly these."""

    name: str
    sender: type | None
    signals: tuple
    guides: Callable
    copies: tuple = ()  # ((lookup from the page, (field, …)), …)


def content_hash(values):
    """A digest of what a document copies (`copied_values`): the order of related rows does not count,
    any value that changed (a renamed region, a moved parent) gives another digest."""
    text = repr(sorted((path, sorted(map(repr, rows))) for path, rows in values.items()))
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def _copies(dependencies):
    return [copy for dependency in dependencies for copy in dependency.copies]


def _related(obj, name):
    """The rows `obj.<name>` leads to, as a list: prefetched ones straight from Django's prefetch cache
    (a related manager's `all()` costs more than building the rest of a document's relations)."""
    prefetched = getattr(obj, "_prefetched_objects_cache", {}).get(name)
    if prefetched is not None:
        return list(prefetched)
    value = getattr(obj, name)
    if value is None:
        return []
    return list(value.all()) if hasattr(value, "all") else [value]


def copied_values(page, dependencies):
    """lookup → rows of the values the document of `page` (loaded with its relations) copies."""
    values = {}
    for path, fields in _copies(dependencies):
        objects = [page]
        for part in path.split("__"):
            objects = [related for obj in objects for related in _related(obj, part)]
        values[path] = [[getattr(obj, name) for name in fields] if fields else [obj] for obj in objects]
    return values


def expected_states(page_ids=None):
    """page id → (live revision, content hash) of every page a farmer may see, of every kind (only
    `page_ids`, when given): what a reconcile compares with the index. Read in one query per copied
    lookup, joined in the database, never building a document, so it costs a fraction of a rebuild."""
    states = {}
    for kind in KINDS:
        pages = kind.queryset() if page_ids is None else kind.queryset().filter(pk__in=page_ids)
        pages = pages.prefetch_related(None)
        revisions = dict(pages.values_list("pk", "live_revision_id"))
        values = {pk: {path: [] for path, _ in _copies(kind.dependencies)} for pk in revisions}
        for path, fields in _copies(kind.dependencies):
            lookups = [f"{path}__{name}" for name in fields] or [path]
            for pk, *row in pages.values_list("pk", *lookups):
                if pk in values and any(value is not None for value in row):  # None: no related row (outer join)
                    values[pk][path].append(row)
        states.update((pk, (revision, content_hash(values[pk]))) for pk, revision in revisions.items())
    return states


def _showing(path):
    """Guides a farmer sees that show the instance through `path` (the others are not in the index)."""
    return lambda instance: GuidePage.objects.visible().filter(**{path: instance}).values_list(
        "pk", flat=True).distinct()


def guides_under(page_id):
    """A page's guides, or the guide itself: every one, visible or not, since a restriction or a move may
    have just hidden them."""
    page = Page.objects.filter(pk=page_id).first()
    return GuidePage.objects.descendant_of(page, inclusive=True).values_list("pk", flat=True) if page else []


COPIED = (post_save, pre_delete)  # a copied row edited, or about to be deleted

TREE = (("url_path", ()),)  # a move or a renamed parent changes the page's URL, not its revision
COMMODITY = ("name", "alt_names", "slug")
REGION = ("name", "slug")
LOCALE = ("language_code",)


def _copied(name, model, path, fields, showing):
    """A row the document copies `fields` of, reached from the page through `path`."""
    return Dependency(name, model, COPIED, showing(path), copies=((path, fields),))


GUIDE_DEPENDENCIES = (
    Dependency("guide", GuidePage, (page_published, page_unpublished, post_delete), lambda page: [page.pk]),
    Dependency("tree", None, (post_page_move, page_slug_changed), lambda page: guides_under(page.pk), TREE),
    Dependency("privacy", PageViewRestriction, (post_save, post_delete),
               lambda restriction: guides_under(restriction.page_id)),
    _copied("commodity", Commodity, "commodities", COMMODITY, _showing),
    _copied("region", Region, "regions", REGION, _showing),
    _copied("topic", Tag, "tagged_items__tag", ("name", "slug"), _showing),
    _copied("technology", Technology, "technology", ("name", "provider", "ip_status"), _showing),
    _copied("officer", Officer, "officers", ("name", "phone", "zalo"), _showing),
    _copied("locale", Locale, "locale", LOCALE, _showing),
)


# --- published farmers' questions (kb.QuestionAnswerPage): the second kind of document -------------------

def indexable_answers():
    """The published questions a farmer may see (`QuestionAnswerPage.objects.visible()`), loaded for
    `prepare_answer`. They never carry a phone or a name: the page holds none."""
    return QuestionAnswerPage.objects.visible().select_related("locale", "commodity", "region")


def prepare_answer(page, cache=None):
    """The document source for one published question: the question as summary, the answer as body."""
    commodity, region = page.commodity, page.region
    source = {
        **_page_fields(page, KIND_ANSWER, cache),
        "summary": normalize(page.question),
        "body": normalize(" ".join(strip_tags(page.answer).split())),
        "commodities": [normalize(name) for name in ([commodity.name, *commodity.alternative_names]
                                                     if commodity else [])],
        "commodity_slugs": [commodity.slug] if commodity else [],
        "commodity_names": [commodity.name] if commodity else [],
        "topics": [], "topic_slugs": [],
        "regions": [normalize(region.name)] if region else [],
        "region_slugs": [region.slug] if region else [],
        "months": [], "technology": "", "ip_status": "", "officers": [],
        "first_published_at": page.first_published_at,
        "last_published_at": page.last_published_at,
        "content_hash": content_hash(copied_values(page, ANSWER_DEPENDENCIES)),
    }
    return source


def answers_under(page_id):
    """A page's published questions, or the question itself, visible or not (see `guides_under`)."""
    page = Page.objects.filter(pk=page_id).first()
    return (QuestionAnswerPage.objects.descendant_of(page, inclusive=True).values_list("pk", flat=True)
            if page else [])


def _answers_showing(path):
    return lambda instance: QuestionAnswerPage.objects.visible().filter(**{path: instance}).values_list(
        "pk", flat=True)


ANSWER_DEPENDENCIES = (
    Dependency("answer", QuestionAnswerPage, (page_published, page_unpublished, post_delete),
               lambda page: [page.pk]),
    Dependency("answer-tree", None, (post_page_move, page_slug_changed), lambda page: answers_under(page.pk),
               TREE),
    Dependency("answer-privacy", PageViewRestriction, (post_save, post_delete),
               lambda restriction: answers_under(restriction.page_id)),
    _copied("answer-commodity", Commodity, "commodity", COMMODITY, _answers_showing),
    _copied("answer-region", Region, "region", REGION, _answers_showing),
    _copied("answer-locale", Locale, "locale", LOCALE, _answers_showing),
)


# --- alerts in force (kb.AlertPage): the third kind, searched only while in force ---------------------------

def indexable_alerts():
    """The alerts in force (`AlertPage.objects.in_force()`): an alert leaves the index when its period ends."""
    return AlertPage.objects.in_force().select_related("locale").prefetch_related("commodities", "communes")


def prepare_alert(page, cache=None):
    """The document source for one alert: what is happening as summary, it and what to do as body, its
    communes (and their former districts) as regions."""
    commodities, communes = _related(page, "commodities"), _related(page, "communes")
    places = ["Toàn tỉnh Huế"] if page.all_hue else [name for c in communes for name in [c.name, *c.former]]
    return {
        **_page_fields(page, KIND_ALERT, cache),
        "summary": normalize(page.situation),
        "body": [normalize(page.situation), normalize(page.action)],
        "commodities": [normalize(name) for c in commodities for name in [c.name, *c.alternative_names]],
        "commodity_slugs": [c.slug for c in commodities],
        "commodity_names": [c.name for c in commodities],
        "topics": [], "topic_slugs": [],
        "regions": [normalize(name) for name in places],
        "region_slugs": [],
        "months": [], "technology": "", "ip_status": "", "officers": [],
        "first_published_at": page.first_published_at,
        "last_published_at": page.last_published_at,
        "content_hash": content_hash(copied_values(page, ALERT_DEPENDENCIES)),
    }


def alerts_under(page_id):
    page = Page.objects.filter(pk=page_id).first()
    return AlertPage.objects.descendant_of(page, inclusive=True).values_list("pk", flat=True) if page else []


def _alerts_showing(path):
    return lambda instance: AlertPage.objects.in_force().filter(**{path: instance}).values_list(
        "pk", flat=True).distinct()


ALERT_DEPENDENCIES = (
    # post_save too: ending an alert early changes no revision (kb.AlertPage.end); the period's own end is
    # found by the beat task that syncs alerts whose period began or ended (tasks.alerts).
    Dependency("alert", AlertPage, (page_published, page_unpublished, post_save, post_delete),
               lambda page: [page.pk]),
    Dependency("alert-tree", None, (post_page_move, page_slug_changed), lambda page: alerts_under(page.pk), TREE),
    Dependency("alert-privacy", PageViewRestriction, (post_save, post_delete),
               lambda restriction: alerts_under(restriction.page_id)),
    _copied("alert-commodity", Commodity, "commodities", COMMODITY, _alerts_showing),
    _copied("alert-commune", Commune, "communes", ("name", "former_names"), _alerts_showing),
    _copied("alert-locale", Locale, "locale", LOCALE, _alerts_showing),
)


class Kind(NamedTuple):
    """One kind of document in the index."""

    model: type  # its page model
    queryset: Callable  # what of it a farmer may see, loaded for `build`
    build: Callable  # one page → its document source
    dependencies: tuple  # the rows its document copies
    narrower: Callable | None = None  # a Q on Page its pages must also meet beyond being visible (see visible_ids)


KINDS = (Kind(GuidePage, indexable_guides, prepare, GUIDE_DEPENDENCIES),
         Kind(QuestionAnswerPage, indexable_answers, prepare_answer, ANSWER_DEPENDENCIES),
         Kind(AlertPage, indexable_alerts, prepare_alert, ALERT_DEPENDENCIES,
              narrower=lambda: in_force_q("alertpage__")))


def source_of(page, cache=None):
    return next(kind.build for kind in KINDS if isinstance(page, kind.model))(page, cache)


def indexable(page_id):
    """The page of any kind with this id if a farmer may see it (loaded for `source_of`), else None."""
    return next((page for kind in KINDS for page in kind.queryset().filter(pk=page_id)), None)


def visible_ids(page_ids):
    """Which of `page_ids` a farmer may see, whatever their kind: one query, since every kind takes kb's one
    rule (`VisiblePageQuerySet.visible()`); asked for every page of results, so kept cheap."""
    types = ContentType.objects.get_for_models(*(kind.model for kind in KINDS))
    shown = Q()
    for kind in KINDS:  # each kind's own pages, and those only as far as its narrower rule allows
        shown |= Q(content_type=types[kind.model]) & (kind.narrower() if kind.narrower else Q())
    pages = VisiblePageQuerySet(Page).filter(shown, pk__in=page_ids)
    return set(pages.visible().values_list("pk", flat=True))


def indexable_count():
    return sum(kind.queryset().count() for kind in KINDS)


def iter_documents(page_ids=None):
    """Every indexable page of every kind (only `page_ids`, when given), in chunks as `iter_guides`."""
    for kind in KINDS:
        pages = kind.queryset() if page_ids is None else kind.queryset().filter(pk__in=page_ids)
        yield from iter_guides(pages)


def version_of(page):
    """The external version: the live revision id, so an older revision can never overwrite a newer."""
    return page.live_revision_id or 0


def index_action(index, page, cache=None):
    """A bulk `index` action for `page` into `index` (an alias or a concrete index). `external_gte` lets a
    related edit (a renamed commodity) rewrite a guide at the same revision."""
    return {"_op_type": "index", "_index": index, "_id": str(page.pk), "version": version_of(page),
            "version_type": "external_gte", "_source": source_of(page, cache)}


def delete_action(index, page_id, page=None):
    """A bulk `delete` action. While the page row exists the delete carries its revision as the version:
    an unversioned delete would bump the version past the revision and refuse the guide when it comes
    back (published again, or its restriction lifted)."""
    action = {"_op_type": "delete", "_index": index, "_id": str(page_id)}
    revision = page and (page.live_revision_id or page.latest_revision_id)
    if revision:
        action.update(version=revision, version_type="external_gte")
    return action


def iter_guides(queryset=None, chunk_size=500):
    """Indexable guides in primary-key chunks, each chunk with its relations prefetched in a few queries."""
    queryset = indexable_guides() if queryset is None else queryset
    last_pk = 0
    while True:
        chunk = list(queryset.filter(pk__gt=last_pk).order_by("pk")[:chunk_size])
        if not chunk:
            return
        yield from chunk
        last_pk = chunk[-1].pk
