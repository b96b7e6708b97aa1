"""Rebuild time of the search index next to the engine's raw bulk rate for the same documents.

For each size (default 10,000 then 100,000 generated guides, in one throw-away database and one engine)
it prints the time of `search.indexes.rebuild()` — reading the database, building documents, bulk
loading, reconcile and alias swap — and the time the engine takes to bulk-index the very same documents
already built in memory (same chunk size), and the ratio of the two rates (target: at least 80 %).
Then the time of a reconcile of the index it built (nothing to repair: every document's id, revision and
content hash read from the index and compared with documents built again from the database), next to
the time of reading those three values alone.

    .venv/bin/python bench/search_rebuild.py [--sizes 10000 100000]

Uses ELASTICSEARCH_URL when set (a real Elasticsearch), otherwise starts the bundled in-memory engine.
"""
import argparse
import gc
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def manage(*args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=os.environ, check=True,
                   stdout=subprocess.DEVNULL)


def raw_bulk_seconds(actions):
    """Bulk-index pre-built documents into a fresh index: the engine's own rate, nothing of ours."""
    from elasticsearch.helpers import bulk

    from search import indexes
    from search.client import get_client

    name = indexes.create_index()
    for action in actions:
        action["_index"] = name
    started = time.perf_counter()
    bulk(get_client(), actions, chunk_size=indexes.BULK_CHUNK, raise_on_error=True)
    get_client().indices.refresh(index=name)
    elapsed = time.perf_counter() - started
    get_client().indices.delete(index=name)
    return elapsed


def measure(count):
    from search import indexes
    from search.builders import url_cache
    from search.documents import index_action, iter_documents

    cache = url_cache()
    actions = [index_action("raw", page, cache) for page in iter_documents()]
    built = len(actions)
    raw = raw_bulk_seconds(actions)
    del actions  # 100,000 documents held in memory would slow the rebuild's garbage collection
    gc.collect()
    result = indexes.rebuild()
    assert result.count == built == count, (result.count, built, count)
    ours, engine = count / result.seconds, count / raw
    print(f"{count:>7} guides: rebuild {result.seconds:6.1f} s = {ours:6.0f} guides/s | "
          f"raw bulk of the same documents {raw:6.1f} s = {engine:6.0f} docs/s | rebuild reaches "
          f"{100 * ours / engine:.0f} % of the raw rate", flush=True)
    started = time.perf_counter()
    repaired = indexes.reconcile()
    reconcile = time.perf_counter() - started
    assert repaired.total == 0, repaired
    started = time.perf_counter()
    indexes.indexed_state(indexes.live_alias())
    read = time.perf_counter() - started
    print(f"{count:>7} guides: reconcile {reconcile:6.1f} s = {count / reconcile:6.0f} guides/s | "
          f"reading id, revision and hash from the index alone {read:6.1f} s", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kb-bench-") as var:
        os.environ.update(VAR_DIR=var, DJANGO_SETTINGS_MODULE="config.settings")
        server = None
        if not os.environ.get("ELASTICSEARCH_URL"):
            from osmem_server import OsmemServer

            server = OsmemServer.start(japanese=False)
            os.environ["ELASTICSEARCH_URL"] = server.url
        manage("migrate", "--noinput")
        manage("load_demo")
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from search.builders import indexable_guides
        from search.documents import indexable_count

        print(f"engine: {os.environ['ELASTICSEARCH_URL']}  database: {os.environ.get('DATABASE_URL', 'sqlite')}")
        for seed, count in enumerate(sorted(args.sizes), start=1):
            missing = count - indexable_guides().count()
            if missing > 0:
                manage("generate_guides", "--count", str(missing), "--seed", str(seed))
            measure(indexable_count())  # the guides and the demo's published questions
        if server:
            server.close()


if __name__ == "__main__":
    main()
