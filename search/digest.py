"""What a document copies from other rows, digested: the content hash each document stores and the
reconcile reads back from the database.

The live revision id pins the page's own fields (a page's row changes only when a revision is published),
so each document carries, besides its revision, a digest of what the revision does not pin
(`content_hash`: its place in the tree, its language and the declared fields of the rows it copies,
`search.dependencies`). A reconcile reads the same digest from the database in a few queries, without
building a document, and finds a document whose copied text changed even when the task that should have
rewritten it was lost. A change of how documents are built from the same rows (`search.builders`) bumps
BUILD: every digest changes, so the next reconcile rewrites every document, no rebuild by hand; a data
migration that rewrites pages in place needs `search_index rebuild`.
"""
import hashlib

# How documents are built from the rows they copy. 2: a guide takes the signs only of the problems its title or
# summary names.
BUILD = 2


def content_hash(values):
    """A digest of what a document copies (`copied_values`) and of how it is built (BUILD): the order of
    related rows does not count, any value that changed (a renamed region, a moved parent) gives another
    digest."""
    text = repr((BUILD, sorted((path, sorted(map(repr, rows))) for path, rows in values.items())))
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def copies(dependencies):
    return [copy for dependency in dependencies for copy in dependency.copies]


def related(obj, name):
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
    for path, fields in copies(dependencies):
        objects = [page]
        for part in path.split("__"):
            objects = [found for obj in objects for found in related(obj, part)]
        values[path] = [[getattr(obj, name) for name in fields] if fields else [obj] for obj in objects]
    return values


def states(kinds, page_ids=None):
    """page id → (live revision, content hash) of every page a farmer may see, of each of `kinds`
    (`search.documents.KINDS`; only `page_ids`, when given): what a reconcile compares with the index.
    Read in one query per copied lookup, joined in the database, never building a document, so it costs
    a fraction of a rebuild."""
    states = {}
    for kind in kinds:
        pages = kind.queryset() if page_ids is None else kind.queryset().filter(pk__in=page_ids)
        pages = pages.prefetch_related(None)
        revisions = dict(pages.values_list("pk", "live_revision_id"))
        values = {pk: {path: [] for path, _ in copies(kind.dependencies)} for pk in revisions}
        for path, fields in copies(kind.dependencies):
            lookups = [f"{path}__{name}" for name in fields] or [path]
            for pk, *row in pages.values_list("pk", *lookups):
                if pk in values and any(value is not None for value in row):  # None: no related row (outer join)
                    values[pk][path].append(row)
        states.update((pk, (revision, content_hash(values[pk]))) for pk, revision in revisions.items())
    return states
