"""Search quality: hit@3 and MRR@10 of search_guides() on relevance sets (guides + farmer queries).

Imports the guides into a throw-away database, indexes them in the bundled engine (or ELASTICSEARCH_URL)
and asks every query; prints each set's figures (its queries asked over the guides of every set given).
Default sets: ../shared/relevance (when present), bench/relevance (ours: regional names, no diacritics,
typos, upper case, partial titles, with look-alike guides), bench/relevance_stories (farmers' messages,
mostly signs, over guides on problems the demo does not treat) and bench/relevance_howto (how-to questions
as letters, Zalo, SMS and dictation, over 12 how-to guides). Each of the last two was written by two hands
apart: the guides by one, the messages by another who saw only the guides' topics.

    .venv/bin/python bench/search_relevance.py [--set DIR ...] [--not-first]

Each query whose guide is not in the top three is printed (with --not-first: not first).
"""
import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SETS = [ROOT.parent / "shared" / "relevance", ROOT / "bench" / "relevance",
                ROOT / "bench" / "relevance_stories", ROOT / "bench" / "relevance_howto"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", dest="sets", nargs="+", type=Path,
                        default=[d for d in DEFAULT_SETS if (d / "queries.jsonl").exists()])
    parser.add_argument("--not-first", action="store_true", help="print every query whose guide is not first")
    args = parser.parse_args()
    os.environ.update(VAR_DIR=tempfile.mkdtemp(prefix="kb-bench-"), DJANGO_SETTINGS_MODULE="config.settings",
                      CELERY_BROKER_URL="memory://")
    if not os.environ.get("ELASTICSEARCH_URL"):
        from osmem_server import OsmemServer

        server = OsmemServer.start(japanese=False)
        os.environ["ELASTICSEARCH_URL"] = server.url
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from kb.importer import import_lines
    from search import indexes
    from search.queries import search_guides
    from search.types import SearchParams

    call_command("migrate", verbosity=0)
    cases = {}
    for directory in args.sets:
        report = import_lines((directory / "guides.jsonl").read_text("utf-8").splitlines(), publish=True)
        assert report.ok, report.errors
        cases[directory] = [json.loads(line) for line in (directory / "queries.jsonl").open(encoding="utf-8")
                            if line.strip()]
    indexes.rebuild()
    for directory, asked in cases.items():  # each set's figures, over the guides of every set
        hits, reciprocal = 0, 0.0
        for case in asked:
            slugs = [hit.slug for hit in search_guides(SearchParams(q=case["q"])).hits]
            rank = slugs.index(case["expect"]) + 1 if case["expect"] in slugs else None
            hits += bool(rank and rank <= 3)
            reciprocal += 1 / rank if rank else 0
            if not rank or rank > (1 if args.not_first else 3):
                print(f"MISS {case['q']!r}: expected {case['expect']} (rank {rank}), got {slugs[:5]}")
        print(f"{directory.parent.name}/{directory.name}: {len(asked)} queries: hit@3 {hits / len(asked):.3f}  "
              f"MRR@10 {reciprocal / len(asked):.3f}")

if __name__ == "__main__":
    main()
