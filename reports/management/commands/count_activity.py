"""`manage.py count_activity [--purge]`: what the hourly beat task does, by hand (after a restore, or to see
today's figures at once)."""
from django.core.management.base import BaseCommand

from reports.aggregation import aggregate, purge


class Command(BaseCommand):
    help = "Count searches, questions, uses, alerts and votes into daily rows; with --purge, then remove the raw " \
           "events past their retention that are counted."

    def add_arguments(self, parser):
        parser.add_argument("--purge", action="store_true", help="then purge counted raw events past retention")

    def handle(self, *args, **options):
        first, last, rows = aggregate()
        if first is None:
            self.stdout.write("nothing to count")
        else:
            self.stdout.write(f"counted {first} to {last}: {rows} daily rows")
        if options["purge"]:
            searches, uses = purge()
            self.stdout.write(f"purged {searches} search records and {uses} usage events")
