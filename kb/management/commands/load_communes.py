"""Load or update Huế's communes and wards from the vietnam-provinces package and kb/data/communes.csv."""
from django.core.management.base import BaseCommand, CommandError

from kb.places import load_communes


class Command(BaseCommand):
    help = "Create or update the communes and wards of Huế (matched by name, then code); nothing is deleted."

    def handle(self, **options):
        try:
            created, updated = load_communes()
        except (OSError, ValueError, KeyError) as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"{created} created, {updated} updated")
