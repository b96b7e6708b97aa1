"""`manage.py search_index rebuild|status|reconcile`: look after the search index."""
import sys

from django.core.management.base import BaseCommand, CommandError
from elastic_transport import TransportError
from elasticsearch import ApiError
from elasticsearch.helpers import BulkIndexError
from tqdm import tqdm

from search import indexes


class Command(BaseCommand):
    help = "Rebuild the search index with no downtime, show its status, or reconcile it with the database."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild", "status", "reconcile"])

    def handle(self, *args, action, **options):
        try:
            getattr(self, action)()
        except (ApiError, TransportError, BulkIndexError) as exc:
            raise CommandError(f"search engine error during {action}: {exc}") from exc

    def rebuild(self):
        total = indexes.indexable_count()
        with tqdm(total=total, unit="guide", disable=not sys.stderr.isatty(), file=sys.stderr) as bar:
            result = indexes.rebuild(progress=bar.update)
        self.stdout.write(f"rebuilt {result.index}: {result.count} guides in {result.seconds:.1f} s "
                          f"(repaired after load: {result.repaired})")

    def status(self):
        state = indexes.status()
        if not state.indices:
            raise CommandError(f"alias {state.alias!r} does not exist: run `manage.py search_index rebuild` "
                               f"({state.database} live public guides in the database)")
        self.stdout.write(f"alias: {state.alias}\nindex: {', '.join(state.indices)}\n"
                          f"documents: {state.count}\ndatabase: {state.database} live public guides\n"
                          f"drift: {state.drift}")
        if state.outdated:
            raise CommandError(f"the index was made by an older mapping ({', '.join(state.outdated)}): run "
                               "`manage.py search_index rebuild`")
        if state.drift.total:
            raise CommandError(f"index differs from the database ({state.drift}): run "
                               "`manage.py search_index reconcile`")

    def reconcile(self):
        fixed = indexes.reconcile()
        self.stdout.write(f"reconciled {indexes.live_alias()}: repaired {fixed}")
