"""Synthetic guides for benchmarks, written straight into the page tree in batches.

Creating pages one by one through Wagtail (tree locks, signals, one revision save each) manages a few
dozen a second; benchmarks need 10,000–100,000. This module builds the rows itself — tree paths, pages,
revisions, tags and relations — with bulk inserts, and draws every text from the demo guides' own words,
commodities and regions so a benchmark query matches a realistic share of the guides, not all of them.
"""
import json
import random
import uuid
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import CharField, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from modelcluster.models import get_serializable_data_for_fields
from taggit.models import Tag
from wagtail.models import Page, Revision

from kb.blocks import GENERAL, STEP, WARNING
from kb.importer import raw_block
from kb.models import Commodity, GuidePage, GuidePageTag, Problem, Region, Sector
from kb.tree import sector_index

DEMO_DIR = Path(__file__).resolve().parent / "data" / "demo"


@dataclass
class Vocabulary:
    """Phrases lifted from the demo guides, by sector."""

    titles: dict
    summaries: dict
    steps: dict
    warnings: list
    topics: list

    @classmethod
    def from_demo(cls, path=DEMO_DIR / "guides.jsonl"):
        titles, summaries, steps = ({s: [] for s in Sector.values} for _ in range(3))
        warnings, topics = [], set()
        for line in path.read_text(encoding="utf-8").splitlines():
            guide = json.loads(line)
            if guide.get("locale", "vi") != "vi":
                continue
            sector = guide["sector"]
            titles[sector].append(guide["title"])
            summaries[sector].append(guide["summary"])
            topics.update(guide.get("topics", []))
            for block in guide["body"]:
                if block["type"] == STEP:
                    steps[sector].append({"type": STEP, "title": block["title"], "text": block["text"]})
                elif block["type"] == WARNING:
                    warnings.append({"type": WARNING, "kind": GENERAL, "text": block["text"]})
        return cls(titles, summaries, steps, warnings, sorted(topics))


def _title(rng, vocab, sector, commodity, region):
    """A demo title re-aimed at another commodity and place: realistic words, varied subjects."""
    words = rng.choice(vocab.titles[sector]).split()
    head = " ".join(words[: rng.randint(1, 3)])
    return f"{head} {commodity.name.lower()} {rng.choice(['tại', 'ở', 'vùng'])} {region.name}"


def _body(rng, vocab, sector):
    """Demo steps and a general warning, in the import format, made into raw blocks by the importer."""
    body = rng.sample(vocab.steps[sector], k=min(len(vocab.steps[sector]), rng.randint(3, 6)))
    if vocab.warnings and rng.random() < 0.5:
        body.append(rng.choice(vocab.warnings))
    return [{**raw_block(block), "id": str(uuid.uuid4())} for block in body]


def _revision_content(guide, link):
    """What `serializable_data()` would store, without its five queries per page."""
    commodities, regions, topics = link
    content = get_serializable_data_for_fields(guide)
    content.update(commodities=[c.pk for c in commodities], regions=[r.pk for r in regions], officers=[],
                   tagged_items=[], comments=[])
    return content


class _Slots:
    """Next free tree path under each sector index, so paths are computed, not locked for."""

    def __init__(self, parent):
        self.parent = parent
        last = parent.get_last_child()
        self.next = (Page._str2int(last.path[-Page.steplen:]) + 1) if last else 1

    def take(self):
        path = Page._get_path(self.parent.path, self.parent.depth + 1, self.next)
        self.next += 1
        return path


def generate(count, seed=None, batch_size=1000, progress=None):
    """Create `count` live guides; returns how many were made."""
    rng = random.Random(seed)
    vocab = Vocabulary.from_demo()
    commodities = {s: list(Commodity.objects.filter(sector=s)) for s in Sector.values}
    if not all(commodities.values()):
        raise ValueError("generate_guides needs commodities in every sector: run load_demo first")
    regions = list(Region.objects.all())
    slots = {s: _Slots(sector_index(s)) for s in Sector.values}
    tags = {name: Tag.objects.get_or_create(name=name)[0] for name in vocab.topics}
    page_type = ContentType.objects.get_for_model(Page)
    guide_type = ContentType.objects.get_for_model(GuidePage)
    run = uuid.uuid4().hex[:6]
    problems = Problem.objects.all().matcher()
    made = 0
    while made < count:
        size = min(batch_size, count - made)
        _create_batch(rng, vocab, commodities, regions, slots, tags, page_type, guide_type, run, made, size,
                      problems)
        made += size
        if progress:
            progress.update(size)
    for slot in slots.values():
        Page.objects.filter(pk=slot.parent.pk).update(numchild=slot.parent.get_children().count())
    return made


@transaction.atomic
def _create_batch(rng, vocab, commodities, regions, slots, tags, page_type, guide_type, run, start, size,
                  problems):
    now = timezone.now()
    guides, links = [], []
    for n in range(start, start + size):
        sector = rng.choice(Sector.values)
        chosen = rng.sample(commodities[sector], k=min(2, len(commodities[sector])) if rng.random() < 0.2 else 1)
        where = rng.sample(regions, k=rng.randint(1, 2))
        slot = slots[sector]
        slug = f"tu-dong-{run}-{n}"
        published = now - timedelta(days=rng.randint(0, 1000))
        title = _title(rng, vocab, sector, chosen[0], where[0])
        guides.append(GuidePage(
            title=title, draft_title=title, slug=slug, path=slot.take(), depth=slot.parent.depth + 1, numchild=0,
            url_path=f"{slot.parent.url_path}{slug}/", content_type=guide_type, locale_id=slot.parent.locale_id,
            translation_key=uuid.uuid4(), live=True, first_published_at=published, last_published_at=published,
            latest_revision_created_at=published,
            summary=rng.choice(vocab.summaries[sector]), sector=sector,
            months=sorted(rng.sample(range(1, 13), k=rng.randint(2, 4))),
            difficulty=rng.choice(GuidePage.Difficulty.values), body=_body(rng, vocab, sector),
        ))
        guides[-1].fold_search_fields()  # bulk inserts bypass save()
        links.append((chosen, where, rng.sample(vocab.topics, k=min(2, len(vocab.topics)))))

    Page.objects.bulk_create(guides)
    for guide in guides:
        guide.page_ptr_id = guide.id
    GuidePage._base_manager._insert(guides, fields=GuidePage._meta.local_concrete_fields)

    Revision.objects.bulk_create([
        Revision(content_type=guide_type, base_content_type=page_type, object_id=str(g.pk),
                 created_at=g.last_published_at, content=_revision_content(g, link), object_str=g.title)
        for g, link in zip(guides, links)
    ])
    revision = Revision.objects.filter(base_content_type=page_type, object_id=Cast(OuterRef("pk"), CharField()))
    Page.objects.filter(pk__in=[g.pk for g in guides]).update(
        latest_revision=Subquery(revision.values("pk")[:1]), live_revision=Subquery(revision.values("pk")[:1]),
    )

    through = GuidePage.commodities.through, GuidePage.regions.through
    through[0].objects.bulk_create([through[0](guidepage_id=g.pk, commodity_id=c.pk)
                                    for g, (cs, _, _) in zip(guides, links) for c in cs])
    through[1].objects.bulk_create([through[1](guidepage_id=g.pk, region_id=r.pk)
                                    for g, (_, rs, _) in zip(guides, links) for r in rs])
    GuidePageTag.objects.bulk_create([GuidePageTag(content_object_id=g.pk, tag=tags[t])
                                      for g, (_, _, ts) in zip(guides, links) for t in ts])
    GuidePage.problems.through.objects.bulk_create([  # what save() would link: the problems each guide names
        GuidePage.problems.through(guidepage_id=g.pk, problem_id=pk)
        for g in guides for pk in problems.named_in(g.problem_text(), g.sector)])
