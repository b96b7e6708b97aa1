"""Load the list of banned, restricted and permitted active ingredients from CSV (when a circular changes it)."""
from django.core.management.base import BaseCommand, CommandError

from kb.substances import CSV_COLUMNS, CSV_PATH, load_csv


class Command(BaseCommand):
    help = f"Create or update substances from a CSV with the columns {', '.join(CSV_COLUMNS)} (matched by name)."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(CSV_PATH))

    def handle(self, path, **options):
        try:
            created, updated = load_csv(path)
        except (OSError, ValueError, KeyError) as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"{created} created, {updated} updated")
