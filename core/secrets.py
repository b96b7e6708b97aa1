"""The secret key and the files only this user may read.

A key committed to the repository signs everyone's cookies the same way, so there is none: the embedded
run makes a random key on first start and keeps it under var/; production (SITE_URL on https://) must be
given SECRET_KEY, because several web servers behind one address must sign with the same key.
"""
import os
import secrets

from django.core.exceptions import ImproperlyConfigured

PRIVATE_MODE = 0o600


def private_file(path):
    """Create `path` if missing, readable and writable by this user only; tighten it if it exists."""
    path.parent.mkdir(parents=True, exist_ok=True)
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, PRIVATE_MODE))
    os.chmod(path, PRIVATE_MODE)
    return path


def write_private(path, text):
    private_file(path).write_text(text)


MIN_KEY_LENGTH, MIN_KEY_CHARACTERS = 50, 5  # what Django's own deploy check asks of a key


def weak(key):
    """Why `key` would let cookies be forged, or None: too short, too few different characters, or one of
    Django's generated development keys."""
    if len(key) < MIN_KEY_LENGTH:
        return f"it has {len(key)} characters, fewer than {MIN_KEY_LENGTH}"
    if len(set(key)) < MIN_KEY_CHARACTERS:
        return f"it has fewer than {MIN_KEY_CHARACTERS} different characters"
    if key.startswith("django-insecure-"):
        return "it is a development key (django-insecure-…)"
    return None


def secret_key(var_dir, production):
    key = os.environ.get("SECRET_KEY", "").strip()
    if key and production and weak(key):
        raise ImproperlyConfigured(
            f"SECRET_KEY is too weak for production: {weak(key)}. Give every web server and worker the same "
            "random key of at least 50 characters, e.g. python -c 'import secrets; print(secrets.token_urlsafe(50))'."
        )
    if key:
        return key
    if production:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. SITE_URL starts with https://, so this is production: give every web "
            "server and worker the same random SECRET_KEY of at least 50 characters, e.g. "
            "python -c 'import secrets; print(secrets.token_urlsafe(50))'."
        )
    key_file = var_dir / "secret-key"
    if not key_file.exists() or not key_file.read_text().strip():
        write_private(key_file, secrets.token_urlsafe(50))
    private_file(key_file)
    return key_file.read_text().strip()
