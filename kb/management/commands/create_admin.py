"""`manage.py create_admin`: make sure an admin account exists and print how to sign in."""
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from core.secrets import private_file, write_private


class Command(BaseCommand):
    help = ("Create the superuser 'admin' with a random password unless it exists; print the password once "
            "(it is kept in var/admin-password.txt, readable by this user only).")

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username, **options):
        secret_file = settings.VAR_DIR / "admin-password.txt"
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        if user is None or not secret_file.exists():
            password = secrets.token_urlsafe(9)
            user = user or User(username=username, email=f"{username}@localhost")
            user.is_staff = user.is_superuser = True
            user.set_password(password)
            user.save()
            write_private(secret_file, password)
            self.stdout.write(f"Admin: {settings.SITE_URL}/admin/  user: {username}  password: {password}")
            return
        private_file(secret_file)
        self.stdout.write(f"Admin: {settings.SITE_URL}/admin/  user: {username}  password: in {secret_file}")
