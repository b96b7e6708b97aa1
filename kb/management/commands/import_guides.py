"""`manage.py import_guides FILE.jsonl [--publish]`: create or update guides from JSON Lines."""
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from kb.importer import import_lines


class Command(BaseCommand):
    help = "Create or update technique guides (matched by slug) from a JSON Lines file; see the README."

    def add_arguments(self, parser):
        parser.add_argument("file", help="a .jsonl file, one guide a line, or - for standard input")
        parser.add_argument("--publish", action="store_true", help="publish every imported guide")

    def handle(self, *args, file, publish, **options):
        try:
            handle = sys.stdin if file == "-" else open(file, encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"cannot read {file}: {exc.strerror}") from None
        with handle:
            lines = handle.read().splitlines()
        progress = tqdm(total=len(lines), unit="line", disable=not sys.stderr.isatty())
        with progress:
            base_dir = Path.cwd() if file == "-" else Path(file).resolve().parent
            report = import_lines(lines, publish=publish, progress=progress, base_dir=base_dir)
        for number, reason in report.errors:
            self.stderr.write(f"{file}:{number}: {reason}")
        self.stdout.write(
            f"{report.created} created, {report.updated} updated, {report.unchanged} unchanged, "
            f"{len(report.errors)} failed"
        )
        if not report.ok:
            raise CommandError(f"{len(report.errors)} line(s) could not be imported; the others were.")
