"""`manage.py load_demo`: the demo commodities, technologies, officers and guides; safe to run again."""
import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from kb.demo import DEMO_DIR, load_catalogues, load_guides, load_questions


class Command(BaseCommand):
    help = "Load the demo content for Thừa Thiên Huế (idempotent: a second run changes nothing)."

    def handle(self, *args, **options):
        load_catalogues()
        total = sum(1 for _ in (DEMO_DIR / "guides.jsonl").open(encoding="utf-8"))
        with tqdm(total=total, unit="guide", disable=not sys.stderr.isatty()) as progress:
            report = load_guides(progress)
        self.stdout.write(f"Demo guides: {report.created} created, {report.updated} updated, "
                          f"{report.unchanged} unchanged")
        self.stdout.write(f"Demo questions answered and published: {load_questions()} created")
        if not report.ok:
            for number, reason in report.errors:
                self.stderr.write(f"demo guides line {number}: {reason}")
            raise CommandError("some demo guides could not be loaded")
