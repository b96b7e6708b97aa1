"""`manage.py generate_guides --count N`: synthetic live guides for benchmarks."""
import sys
import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from kb.generator import generate


class Command(BaseCommand):
    help = "Create N synthetic guides from the demo vocabulary (run load_demo first), in bulk."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, required=True)
        parser.add_argument("--seed", type=int, default=None, help="for a repeatable set")

    def handle(self, *args, count, seed, **options):
        if count < 1:
            raise CommandError("--count must be at least 1")
        started = time.perf_counter()
        with tqdm(total=count, unit="guide", disable=not sys.stderr.isatty()) as progress:
            try:
                made = generate(count, seed=seed, progress=progress)
            except ValueError as exc:
                raise CommandError(str(exc)) from None
        elapsed = time.perf_counter() - started
        self.stdout.write(f"{made} guides generated in {elapsed:.1f} s ({made / elapsed:.0f} guides/s)")
