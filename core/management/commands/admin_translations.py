"""`manage.py admin_translations`: list the strings the admin's screens show untranslated (see
core.admin_translations), as every group that may use the admin and as a visitor to the sign-in page.

Run it on a database with content (the demo's, `load_demo`): a screen is only opened when something links to
it. Everything it does is rolled back. It exits with status 1 when a string is untranslated. `--write` adds the
missing Vietnamese ones to the catalog with an empty translation, for a translator; `--upstream FOLDER` writes
Wagtail's part of the catalog as one .po file per Wagtail catalog, to offer to Wagtail's translators.
"""
import logging

from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test import Client, override_settings

from core import admin_translations as checks


class Command(BaseCommand):
    help = "List the strings the admin's screens show untranslated (exit status 1 when there are any)."

    def add_arguments(self, parser):
        parser.add_argument("--write", action="store_true",
                            help="add the missing Vietnamese strings to the catalog, untranslated, for a translator")
        parser.add_argument("--upstream", metavar="FOLDER",
                            help="write Wagtail's messages with the project's translations, one .po per catalog")

    def handle(self, *args, write=False, upstream=None, verbosity=1, **options):
        seen, visits = self.walk()
        missing, scripts = checks.untranslated(seen), checks.untranslated_scripts()
        self.stdout.write(f"{len(visits)} admin screens opened ({len({name for name, _u, _s in visits})} views), "
                          f"{len(seen)} strings looked up")
        if verbosity > 1:
            for name, url, status in visits:
                self.stdout.write(f"  {status} {url} ({name})")
        for language, messages in missing.items():
            for message, screens in messages:
                self.stdout.write(f"{language}: {message!r}  [{', '.join(screens)}]")
        for message in scripts:
            self.stdout.write(f"vi (scripts): {message!r}")
        if write:
            written = checks.write_missing(missing["vi"], scripts)
            self.stdout.write(f"{written} strings added to {checks.WAGTAIL_CATALOG}")
        if upstream:
            for path, count in checks.write_upstream(upstream):
                self.stdout.write(f"{path}: {count} translations")
        count = sum(len(messages) for messages in missing.values()) + len(scripts)
        if count:
            raise CommandError(f"{count} untranslated strings on the admin's screens")
        self.stdout.write(self.style.SUCCESS("No untranslated string on the admin's screens."))

    @staticmethod
    @override_settings(ALLOWED_HOSTS=["testserver"], SECURE_SSL_REDIRECT=False)
    def walk():
        """Every screen as each group that may use the admin, then the sign-in page; nothing is kept."""
        access = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
        visits = []
        axes = logging.getLogger("axes")  # the failed sign-in below is the check's, not an attack
        level, axes.level = axes.level, logging.ERROR
        with transaction.atomic(), checks.recording() as seen:
            for group in Group.objects.filter(permissions=access).order_by("name"):
                user = checks.temporary_user(group)
                client = Client(raise_request_exception=False)
                client.force_login(user)
                visits += checks.walk(client, seen, start=checks.start_pages())
            visitor = Client(raise_request_exception=False)
            visits += checks.walk(visitor, seen, start=("/admin/login/", "/admin/password_reset/"))
            with checks.screen(seen, "wagtailadmin_login"):
                visitor.post("/admin/login/", {"username": "nobody", "password": "wrong"})
            transaction.set_rollback(True)
        axes.setLevel(level)
        return seen, visits
