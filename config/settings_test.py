"""Test settings: the production settings with what a test run needs instead.

Services stay real: the database and broker come from DATABASE_URL / CELERY_BROKER_URL exactly as in
production (the in-memory broker only when none is given), and the search engine is a real server the
test session starts.
"""
import atexit
import os
import shutil
import tempfile
from pathlib import Path

if "VAR_DIR" not in os.environ:
    os.environ["VAR_DIR"] = tempfile.mkdtemp(prefix="kb-test-")
    atexit.register(shutil.rmtree, os.environ["VAR_DIR"], ignore_errors=True)
os.environ.setdefault("CELERY_BROKER_URL", "memory://")
os.environ.setdefault("PLAIN_STATICFILES", "1")
# Tests send many requests from one address; the rate-limit tests turn the limits on for themselves.
os.environ.setdefault("RATE_LIMITS", "off")

from config.settings import *  # noqa: E402,F401,F403
from config.settings import VAR_DIR  # noqa: E402

# No engine until a test asks for the `search_engine` fixture (tests/conftest.py): until then a search is
# refused at once by a closed port, instead of reaching the engine `scripts/run` may have on 9201.
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "http://127.0.0.1:9")
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
MEDIA_ROOT = Path(VAR_DIR) / "media"
CACHES = {**CACHES, "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},  # noqa: F405
          "search": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "search"}}

if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    # A file, not shared-cache memory: worker threads and the test thread then wait on SQLite's lock
    # (the 20 s timeout) instead of failing with "database table is locked".
    DATABASES["default"]["TEST"] = {"NAME": str(Path(VAR_DIR) / "test.sqlite3")}  # noqa: F405

# Worker threads close their connection after each task, so no session outlives the test database.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
