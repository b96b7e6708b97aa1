"""Index lifecycle: versioned concrete indices behind one alias, rebuilt without losing an update.

`settings.SEARCH_INDEX_ALIAS` ("guides") points at the live index. A rebuild creates a new index and
points a second alias, "<alias>-building", at it before loading anything. Every single-guide write
(`write_guide`) goes to both aliases, so a guide published, changed or unpublished while the bulk load runs
reaches the new index too. Every write carries the live revision id as an external version, so the bulk
load cannot overwrite a newer write with the older copy it read earlier. A reconcile pass against the
database then repairs the new index, the aliases swap in one atomic `_aliases` call, and the old index is
deleted. Searches read the live alias throughout.

Single-guide writes name aliases with `require_alias`, so a write that races a swap is refused instead of
silently creating a stray index.

The index holds every kind of document in `search.documents.KINDS` (guides and published farmers'
questions), keyed by page id: "guide" in the names below means a page of any of those kinds.
"""
import logging
import re
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone
from elasticsearch import BadRequestError, NotFoundError
from elasticsearch.helpers import BulkIndexError, bulk, scan
from wagtail.models import Page

from search import hidden
from search.builders import url_cache
from search.client import get_client
from search.documents import (
    delete_action,
    expected_states,
    index_action,
    indexable,
    indexable_count,
    iter_documents,
    visible_ids,
)
from search.mapping import GuideDocument

logger = logging.getLogger(__name__)
BULK_CHUNK = 500
# A bulk request may wait this long for a busy engine (an in-memory engine on a loaded machine takes
# longer than the client's 30 s for 500 documents): a rebuild then finishes late instead of failing.
BULK_TIMEOUT = 300
CONFLICT_VERSION = re.compile(r"current version \[(\d+)\]")


def live_alias():
    return settings.SEARCH_INDEX_ALIAS


def building_alias():
    return f"{settings.SEARCH_INDEX_ALIAS}-building"


def indices_of(alias):
    """Concrete indices behind `alias` (empty when it does not exist)."""
    try:
        return sorted(get_client().indices.get_alias(name=alias).body)
    except NotFoundError:
        return []


def _create(name):
    """An empty index named `name` with the guide mapping and the configured number of replicas."""
    index = GuideDocument._index.clone(name=name)
    index.settings(number_of_replicas=settings.SEARCH_INDEX_REPLICAS)
    index.create(using=get_client())


def create_index():
    """A new, empty, versioned index with the guide mapping; returns its name."""
    name = f"{live_alias()}-{timezone.now():%Y%m%d%H%M%S%f}"
    _create(name)
    return name


def ensure_live_index():
    """The live index, created empty when the engine has none (a restarted in-memory engine).

    Several workers may find it missing at once. Each would create an index of its own, the alias would
    then name two indices, and every write would be refused until a rebuild. So the first index has a
    fixed name: one racer creates it, the others find it, and all of them add the alias (a no-op twice)."""
    existing = indices_of(live_alias())
    if existing:
        return existing[0]
    name = f"{live_alias()}-initial"
    try:
        _create(name)
    except BadRequestError as exc:
        if exc.error != "resource_already_exists_exception":
            raise
    get_client().indices.update_aliases(actions=[{"add": {"index": name, "alias": live_alias()}}])
    return name


def _bulk_client():
    return get_client().options(request_timeout=BULK_TIMEOUT)


def send(actions, overrule=False, **kwargs):
    """Bulk-send actions. A 409 means the index already holds this or a newer revision and a 404 that a
    delete found nothing (or an alias went away in a swap): both leave the index right. Anything else raises.

    `overrule` is for reconcile, which has just read the truth from the database: a document refused
    because the index holds a higher version (a copy written by hand, a delete's version bump) is sent
    again at that version."""
    actions = list(actions)
    _, errors = bulk(_bulk_client(), actions, chunk_size=BULK_CHUNK, raise_on_error=False, stats_only=False,
                     **kwargs)
    if overrule and errors:
        errors = _resend_at_indexed_version(actions, errors, kwargs)
    serious = [e for e in errors if next(iter(e.values())).get("status") not in (404, 409)]
    if serious:
        raise BulkIndexError(f"{len(serious)} document(s) failed to index", serious)
    return len(errors)


def _resend_at_indexed_version(actions, errors, kwargs):
    by_id = {action["_id"]: action for action in actions}
    again, remaining = [], []
    for error in errors:
        result = next(iter(error.values()))
        indexed = result.get("status") == 409 and CONFLICT_VERSION.search(str(result.get("error")))
        if indexed:
            again.append({**by_id[result["_id"]], "version": int(indexed[1])})
        else:
            remaining.append(error)
    if again:
        remaining += bulk(_bulk_client(), again, raise_on_error=False, stats_only=False, **kwargs)[1]
    return remaining


def write_guide(page_id):
    """Make the live index (and the one being built) agree with the database about one guide."""
    started = timezone.now()
    ensure_live_index()
    targets = [live_alias(), *([building_alias()] if indices_of(building_alias()) else [])]
    page = indexable(page_id)
    if page is None:
        row = Page.objects.filter(pk=page_id).only("live_revision_id", "latest_revision_id").first()
        actions = [delete_action(target, page_id, row) for target in targets]
    else:
        cache = url_cache()
        actions = [index_action(target, page, cache) for target in targets]
    send(actions, require_alias=True, refresh=True)
    hidden.forget([page_id], before=started)
    return "indexed" if page is not None else "removed"


@dataclass
class Drift:
    """How an index differs from the database: page ids missing from it, indexed with another revision or
    other content (a renamed region it shows, a moved page), or indexed although not (or no longer)
    visible."""

    missing: list = field(default_factory=list)
    stale: list = field(default_factory=list)
    extra: list = field(default_factory=list)

    @property
    def total(self):
        return len(self.missing) + len(self.stale) + len(self.extra)

    def __str__(self):
        return f"{len(self.missing)} missing, {len(self.stale)} stale, {len(self.extra)} extra"


def indexed_state(index):
    """page id → (revision, content hash) of every document in `index`, reading nothing else."""
    state = {}
    for hit in scan(get_client(), index=index, query={"query": {"match_all": {}}},
                    _source=["revision_id", "content_hash"], size=1000):
        source = hit.get("_source") or {}
        state[int(hit["_id"])] = (source.get("revision_id"), source.get("content_hash"))
    return state


def drift(index):
    """Compare (page id, revision, content hash) in `index` with what the database gives now (the index's
    state is read in a thread while the database is read; no document is built)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        reading = pool.submit(indexed_state, index)
        expected = expected_states()
        indexed = reading.result()
    extra = indexed.keys() - expected.keys()
    # Published after its chunk was read but indexed before the scan: not extra, and never to be deleted.
    extra -= visible_ids(extra)
    return Drift(
        missing=sorted(expected.keys() - indexed.keys()),
        stale=sorted(pk for pk in expected.keys() & indexed.keys() if indexed[pk] != expected[pk]),
        extra=sorted(extra),
    )


def reconcile(index=None):
    """Repair every difference between `index` (default: the live index) and the database; log them."""
    started = timezone.now()
    index = index or ensure_live_index()
    found = drift(index)
    if found.total:
        cache = url_cache()
        actions = [index_action(index, page, cache) for page in iter_documents(found.missing + found.stale)]
        actions += [delete_action(index, pk) for pk in found.extra]
        send(actions, overrule=True, refresh=True)
        logger.info("reconcile %s: repaired %s (missing %s, stale %s, extra %s)", index, found,
                    found.missing[:20], found.stale[:20], found.extra[:20])
    else:
        logger.info("reconcile %s: in sync", index)
    hidden.forget(None, before=started)
    return found


@dataclass
class RebuildResult:
    index: str
    count: int
    seconds: float
    repaired: Drift


def load(index, progress=None):
    """Bulk-load every indexable guide into `index`, building the next chunk of documents while the
    engine indexes the previous one. Returns the number of guides sent."""
    cache, chunk, count = url_cache(), [], 0
    with ThreadPoolExecutor(max_workers=1) as pool:
        pending = None
        for page in iter_documents():
            chunk.append(index_action(index, page, cache))
            if len(chunk) == BULK_CHUNK:
                if pending:
                    pending.result()
                pending, chunk, count = pool.submit(send, chunk), [], count + len(chunk)
                if progress:
                    progress(BULK_CHUNK)
        if pending:
            pending.result()
        if chunk:
            send(chunk)
            count += len(chunk)
            if progress:
                progress(len(chunk))
    return count


def rebuild(progress=None):
    """Build a fresh index from the database and swap it in with no pause in searching and no lost
    update (see the module docstring). `progress(n)` is called as guides are sent."""
    client, started = get_client(), time.monotonic()
    old = indices_of(live_alias())
    for leftover in indices_of(building_alias()):  # from a rebuild that died half-way
        if leftover not in old:
            client.indices.delete(index=leftover)
    new = create_index()
    client.indices.update_aliases(actions=[{"add": {"index": new, "alias": building_alias()}}])
    try:
        count = load(new, progress)
        client.indices.refresh(index=new)
        repaired = reconcile(new)
        client.indices.update_aliases(actions=[
            *({"remove": {"index": index, "alias": live_alias()}} for index in old),
            {"add": {"index": new, "alias": live_alias()}},
            {"remove": {"index": new, "alias": building_alias()}},
        ])
    except Exception:
        client.indices.delete(index=new, ignore_unavailable=True)
        raise
    for index in old:
        client.indices.delete(index=index, ignore_unavailable=True)
    logger.info("rebuilt %s: %s guides in %.1f s (reconcile repaired %s)", new, count,
                time.monotonic() - started, repaired)
    return RebuildResult(index=new, count=client.count(index=new)["count"], seconds=time.monotonic() - started,
                         repaired=repaired)


def _fields(mapping, prefix=""):
    """{field path: its settings} of a mapping's properties and their multi-fields."""
    found = {}
    for name, settings_ in mapping.get("properties", {}).items():
        path = f"{prefix}{name}"
        found[path] = {key: value for key, value in settings_.items() if key not in ("properties", "fields")}
        found |= _fields({"properties": settings_.get("fields", {})}, f"{path}.") | _fields(settings_, f"{path}.")
    return found


def outdated_fields(index):
    """The fields the code's mapping declares that `index` lacks or maps otherwise (another analyzer, no
    copy_to…): queries would silently find nothing in them until a rebuild."""
    wanted = _fields(GuideDocument._doc_type.mapping.to_dict())
    found = {}
    for mapping in get_client().indices.get_mapping(index=index).body.values():
        found |= _fields(mapping["mappings"])
    return sorted(path for path, settings_ in wanted.items()
                  if path not in found or any(found[path].get(key) != value for key, value in settings_.items()))


@dataclass
class Status:
    alias: str
    indices: list
    count: int
    database: int
    drift: Drift | None
    outdated: list = field(default_factory=list)


def status():
    alias = live_alias()
    indices = indices_of(alias)
    database = indexable_count()
    if not indices:
        return Status(alias, [], 0, database, None)
    get_client().indices.refresh(index=alias)
    return Status(alias, indices, get_client().count(index=alias)["count"], database, drift(alias),
                  outdated_fields(alias))
