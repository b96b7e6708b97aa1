"""Load the diseases, pests and disorders from CSV (a revised list; rows are matched by name)."""
from django.core.management.base import BaseCommand, CommandError

from kb.models import Problem
from kb.problems import CSV_COLUMNS, CSV_PATH, load_csv


class Command(BaseCommand):
    help = (f"Create or update problems from a CSV with the columns {', '.join(CSV_COLUMNS)} (names and signs "
            "separated by |, matched by name); the guides that name each are linked again.")

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(CSV_PATH))

    def handle(self, path, **options):
        try:
            created, updated = load_csv(Problem, path)
        except (OSError, ValueError, KeyError) as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"{created} created, {updated} updated")
