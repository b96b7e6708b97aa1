"""Settings for the knowledge base.

Every value an operator may change comes from an environment variable, and every variable is optional:
without any, the site runs embedded (SQLite under var/, the bundled search engine, a broker on disk).
The README lists them.
"""
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from core.secrets import private_file, secret_key

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name, default=False):
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Production is the site served over HTTPS: it must be given a strong key, never shows debug pages (they
# print settings and code to anyone), and gets the HTTPS settings below.
PRODUCTION = SITE_URL.startswith("https://")
SECRET_KEY = secret_key(VAR_DIR, PRODUCTION)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG is on, but SITE_URL starts with https://, so this is production: debug pages "
                               "would show settings and code to anyone. Unset DEBUG (or set DEBUG=false).")
WAGTAILADMIN_BASE_URL = SITE_URL
CSRF_TRUSTED_ORIGINS = [SITE_URL]

# Only the Wagtail parts the site uses: redirects (moved guides keep their old address), simple_translation
# and locales (the English tree), documents and images (blocks, covers), search (the admin's own search),
# snippets, users, sites and the admin. No form pages, routable pages or embeds (videos are links).
INSTALLED_APPS = [
    "core",
    "kb",
    "search",
    "analytics",
    "tasks",
    "fieldsheets",
    "feedback",
    "questions",
    "chat",
    "alerts",
    "reports",
    "wagtail.contrib.redirects",
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "ninja",  # its templates and static files: Swagger UI at /api/docs from our own origin, not a CDN
    "axes",
    "csp",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "offline.middleware.save_data",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "core.middleware.DatabaseUnavailableMiddleware",
    "core.inline_styles.InlineStyleCSPMiddleware",  # django-csp, plus the inlined stylesheet's hash
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires
]

# django-axes counts failed sign-ins (Wagtail's login form authenticates through these backends).
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Each of gunicorn's threads keeps its connection for a minute: a new one per request cost every search
# 1.8 ms on SQLite, which reads the whole schema on a connection's first statement (bench/load.py).
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"), conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The worker and the web server write to the same file: wait for the lock instead of failing. IMMEDIATE
    # takes the write lock when a transaction begins, so a reader turning writer cannot deadlock and fail
    # at once with "database is locked"; it waits up to the timeout like any other writer.
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    # Created before SQLite does, so the database (and the journal files SQLite gives its mode) is private.
    if DATABASES["default"]["NAME"] not in ("", ":memory:"):
        private_file(Path(DATABASES["default"]["NAME"]))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# Vietnamese first, English second; Wagtail content locales follow the interface languages.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# The project's own catalogs (its messages are Vietnamese; locale/en has their English), then the Vietnamese
# of Wagtail's and Django's admin messages their own catalogs lack, which makemessages never rewrites
# (README, "Translations"; kept current by `manage.py admin_translations`).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_wagtail"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# The embedded run has no front web server; behind one, set SERVE_MEDIA=false and let it serve media.
# Either way only image renditions (MEDIA_ROOT/images/) are public: original uploads and documents stay
# behind the application (documents through Wagtail's permission-checked view, below).
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)
PUBLIC_MEDIA_PREFIX = "images/"
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Files that must never have a public URL (print packs); only views that check permission read them.
PRIVATE_ROOT = Path(os.environ.get("PRIVATE_ROOT", VAR_DIR / "private"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_ROOT), "base_url": "/private-files-have-no-url/",
                    "file_permissions_mode": 0o600, "directory_permissions_mode": 0o700},
    },
    # Hashed names let browsers cache static files for a year (WHITENOISE_MAX_AGE below).
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if env_bool("PLAIN_STATICFILES")
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_MAX_AGE = 365 * 24 * 3600

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "cache"),
    },
    # Rendered field sheets (keyed by revision): far more entries than a default cache's 300, so a pack of
    # dozens of guides in two paper sizes and three units never pushes out the sheets it just rendered.
    "fieldsheets": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "cache" / "fieldsheets"),
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    },
    # What every search reads first (the visible stamp, the vocabulary: search.stamp), apart from the answers
    # cached per query: the default cache drops a third of its entries whenever it holds 300, and a stamp
    # dropped starts a new generation, whose vocabulary is read again from every guide (seconds at 10,000).
    "search": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "cache" / "search"),
    },
}
# Several servers share rate-limit counters, lockouts and the visible stamp through Redis:
# CACHE_URL=redis://host:6379/1.
if os.environ.get("CACHE_URL"):
    CACHES["default"] = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["CACHE_URL"]}
    CACHES["search"] = CACHES["default"]

WAGTAIL_SITE_NAME = "Khuyến nông Thừa Thiên Huế"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "odt", "ods", "txt", "csv"]
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"png": "webp", "jpeg": "webp", "gif": "webp", "bmp": "webp"}
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Pages Django and Wagtail would render bare, in the site's layout (core/errors.py; the URL map's handlers).
WAGTAIL_PASSWORD_REQUIRED_TEMPLATE = "kb/password_required.html"
CSRF_FAILURE_VIEW = "core.errors.csrf_failure"
# No admin screen loads anything from another host: no Gravatar (Wagtail shows its own default avatar, or
# the picture an officer uploads in "Tài khoản").
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# The sign-in form with its password field labelled in the officer's language.
WAGTAILADMIN_USER_LOGIN_FORM = "core.forms.LoginForm"
# Rich text fields of the admin's forms name their text box after their label (screen readers, axe-core).
WAGTAILADMIN_RICH_TEXT_EDITORS = {"default": {"WIDGET": "core.widgets.LabelledDraftailRichTextArea"}}
# Officers all work in Huế: their account offers its time zone, not the server's list of 600 (which, from
# Debian's zoneinfo, includes "localtime", a name browsers refuse: the account page threw a script error).
WAGTAIL_USER_TIME_ZONES = [TIME_ZONE]
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# The local area unit: a sào is 500 m² in central Vietnam, 360 m² in the North.
SAO_M2 = int(os.environ.get("SAO_M2", "500"))

# Print packs (many field sheets in one PDF) are removed this many hours after they are built.
PRINT_PACK_TTL_HOURS = int(os.environ.get("PRINT_PACK_TTL_HOURS", "72"))

# Farmers' questions: photos kept outside MEDIA_ROOT (served only to the farmer and officers); officers
# are emailed through Django's email backend (printed to the console unless configured); farmers get an SMS
# through QUESTION_SMS_SENDER (a dotted class: questions.sms.LogSender logs it, questions.sms.HttpGatewaySender
# posts it to SMS_GATEWAY_URL).
QUESTION_PHOTO_ROOT = Path(os.environ.get("QUESTION_PHOTO_ROOT", VAR_DIR / "private" / "questions"))
# Photos decoded at once in one web process (each under 150 MB at the pixel cap: bench/question_photo.py),
# and how long another upload waits for its turn before the farmer is asked to send again.
PHOTO_DECODES_AT_ONCE = int(os.environ.get("PHOTO_DECODES_AT_ONCE", "1"))
PHOTO_DECODE_WAIT_SECONDS = float(os.environ.get("PHOTO_DECODE_WAIT_SECONDS", "20"))
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "khuyennong@localhost")
QUESTION_SMS_SENDER = os.environ.get("QUESTION_SMS_SENDER", "questions.sms.LogSender")
SMS_GATEWAY_URL = os.environ.get("SMS_GATEWAY_URL", "")
SMS_GATEWAY_TOKEN = os.environ.get("SMS_GATEWAY_TOKEN", "")

# Chat channels (chat/): each is off (its webhook answers 404) until its secrets are set. The platforms'
# addresses are settings so tests and benchmarks can point them at a local stand-in.
ZALO_APP_ID = os.environ.get("ZALO_APP_ID", "")
ZALO_APP_SECRET = os.environ.get("ZALO_APP_SECRET", "")
ZALO_OA_SECRET_KEY = os.environ.get("ZALO_OA_SECRET_KEY", "")
ZALO_REFRESH_TOKEN = os.environ.get("ZALO_REFRESH_TOKEN", "")  # the first one; later ones are stored as they rotate
ZALO_API_URL = os.environ.get("ZALO_API_URL", "https://openapi.zalo.me").rstrip("/")
ZALO_OAUTH_URL = os.environ.get("ZALO_OAUTH_URL", "https://oauth.zaloapp.com").rstrip("/")
ZALO_ZNS_URL = os.environ.get("ZALO_ZNS_URL", "https://business.openapi.zalo.me").rstrip("/")
MESSENGER_APP_SECRET = os.environ.get("MESSENGER_APP_SECRET", "")
MESSENGER_VERIFY_TOKEN = os.environ.get("MESSENGER_VERIFY_TOKEN", "")
MESSENGER_PAGE_TOKEN = os.environ.get("MESSENGER_PAGE_TOKEN", "")
MESSENGER_API_URL = os.environ.get("MESSENGER_API_URL", "https://graph.facebook.com/v21.0").rstrip("/")
SMS_INBOUND_SECRET = os.environ.get("SMS_INBOUND_SECRET", "")
SMS_INBOUND_FORMAT = os.environ.get("SMS_INBOUND_FORMAT", "chat.sms.SignedJsonInbound")

# Alerts (alerts/): Web Push keys, the Zalo ZNS template for farmers whose chat window has closed, the SMS
# rules, and how many messages a second each channel is sent (all workers together, counted in the cache).
WEBPUSH_VAPID_PRIVATE_KEY = os.environ.get("WEBPUSH_VAPID_PRIVATE_KEY", "")  # PEM, or the raw key base64url
WEBPUSH_VAPID_SUBJECT = os.environ.get("WEBPUSH_VAPID_SUBJECT", f"mailto:{DEFAULT_FROM_EMAIL}")
ZALO_ZNS_TEMPLATE_ID = os.environ.get("ZALO_ZNS_TEMPLATE_ID", "")
# Push services a phone's subscription may name (host suffixes over HTTPS, or whole origins): the browsers'
# own, so that no one can make the site post to an address of their choosing.
WEBPUSH_SERVICES = env_list("WEBPUSH_SERVICES", "fcm.googleapis.com,push.services.mozilla.com,push.apple.com,"
                                                "notify.windows.com")
ALERT_SMS_HOURS = tuple(int(h) for h in os.environ.get("ALERT_SMS_HOURS", "7-22").split("-"))  # local time
ALERT_SMS_PER_DAY = int(os.environ.get("ALERT_SMS_PER_DAY", "3"))
ALERT_RATES = {channel: float(rate) for channel, rate in (
    item.split("=") for item in env_list("ALERT_RATES", "zalo=100,messenger=150,sms=50,webpush=300"))}
ALERT_BATCH_SIZE = int(os.environ.get("ALERT_BATCH_SIZE", "200"))

# Search records (analytics) are removed this many days after the search.
SEARCH_RECORD_RETENTION_DAYS = int(os.environ.get("SEARCH_RECORD_RETENTION_DAYS", "365"))
# The line a farmer may add to "Chưa" (feedback) is removed this many days after it was written.
FEEDBACK_LINE_RETENTION_DAYS = int(os.environ.get("FEEDBACK_LINE_RETENTION_DAYS", "365"))

# Guides a phone keeps for reading without signal: the least recently read go first beyond these bounds
# (guides pinned with "Lưu để đọc khi mất sóng" are never dropped); how often a phone that is online
# asks whether its saved guides have a newer revision.
OFFLINE_MAX_GUIDES = int(os.environ.get("OFFLINE_MAX_GUIDES", "30"))
OFFLINE_MAX_MB = float(os.environ.get("OFFLINE_MAX_MB", "20"))
OFFLINE_CHECK_MINUTES = float(os.environ.get("OFFLINE_CHECK_MINUTES", "15"))

# Search engine: the embedded default is the bundled in-memory server that scripts/run starts.
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "http://127.0.0.1:9201")
ELASTICSEARCH_USERNAME = os.environ.get("ELASTICSEARCH_USERNAME", "")
ELASTICSEARCH_PASSWORD = os.environ.get("ELASTICSEARCH_PASSWORD", "")
ELASTICSEARCH_API_KEY = os.environ.get("ELASTICSEARCH_API_KEY", "")
SEARCH_INDEX_ALIAS = os.environ.get("SEARCH_INDEX_ALIAS", "guides")
# Copies of each shard on other Elasticsearch nodes: 0 on one node; 1 or more once there are several.
SEARCH_INDEX_REPLICAS = int(os.environ.get("SEARCH_INDEX_REPLICAS", "0"))
# A search waits at most this long for the engine; an engine that failed is not asked again for
# SEARCH_ENGINE_RETRY_SECONDS (searches meanwhile answer from the database at once).
SEARCH_ENGINE_TIMEOUT_SECONDS = float(os.environ.get("SEARCH_ENGINE_TIMEOUT_SECONDS", "5"))
SEARCH_ENGINE_RETRY_SECONDS = float(os.environ.get("SEARCH_ENGINE_RETRY_SECONDS", "5"))
# How often Celery beat compares the index with the database and repairs any difference.
SEARCH_RECONCILE_MINUTES = float(os.environ.get("SEARCH_RECONCILE_MINUTES", "10"))

# Celery: the embedded default is a broker on disk under var/ that needs no service.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "filesystem://")
CELERY_BROKER_TRANSPORT_OPTIONS = {}
if CELERY_BROKER_URL.startswith("filesystem://"):
    _queue_dir = VAR_DIR / "celery"
    # The transport needs its folders before the first task is queued (publishing queues indexing tasks).
    for _folder in ("processed", "control"):
        (_queue_dir / _folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT = "tasks.broker:Transport"  # kombu's, delivering in the order queued
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "processed_folder": str(_queue_dir / "processed"),
        "control_folder": str(_queue_dir / "control"),  # otherwise "control/" in the working directory
        "store_processed": False,
    }
if CELERY_BROKER_URL.startswith("redis"):
    # A task taken by a worker that died before acknowledging it (acks_late) goes back to its queue after
    # this many seconds, for another worker; longer than any task runs (a 50-guide print pack: ~10 s). Each
    # worker looks for such tasks every 10 s (kombu's default looks on every tenth time: 100 s).
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "900")),
                                       "unacked_restore_throttle": 1}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Analytics have a queue of their own, so a burst of searches never delays indexing or expiry (default queue);
# so do chats, so a farmer waiting in Zalo is never behind a rebuild or a print pack.
CELERY_TASK_ROUTES = {"tasks.analytics.*": {"queue": "analytics"}, "tasks.chat.*": {"queue": "chat"},
                      "tasks.alerts.*": {"queue": "alerts"}}

# /healthz (core.health): each service probed by the app that owns it; its detail is for staff and for
# monitoring that sends this token (Authorization: Bearer …); everyone else reads only the status.
HEALTHZ_TOKEN = os.environ.get("HEALTHZ_TOKEN", "")
HEALTH_CHECKS = {
    "database": "core.health.database",
    "broker": "tasks.health.broker",
    "search": "search.client.health",
}
# Acknowledgement and results are per task, in the one task decorator (tasks/celery.py).
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    "publish-scheduled-pages": {"task": "tasks.scheduling.publish_scheduled", "schedule": 60.0},
    "reconcile-search-index": {"task": "tasks.indexing.reconcile", "schedule": SEARCH_RECONCILE_MINUTES * 60},
    "remove-expired-print-packs": {"task": "tasks.printing.remove_expired_packs", "schedule": 3600.0},
    "remind-late-questions": {"task": "tasks.questions.remind_late_questions", "schedule": 3600.0},
    "purge-question-phones": {"task": "tasks.questions.purge_phones", "schedule": 24 * 3600.0},
    "purge-chats": {"task": "tasks.chat.purge_chats", "schedule": 24 * 3600.0},
    "alerts-tick": {"task": "tasks.alerts.tick", "schedule": 60.0},
    # Counted by day first, then purged past SEARCH_RECORD_RETENTION_DAYS (reports/aggregation.py).
    "count-and-purge-activity": {"task": "tasks.reports.count_and_purge", "schedule": 3600.0},
    # Past days' vote digests, and "Chưa" lines past FEEDBACK_LINE_RETENTION_DAYS (feedback/votes.py).
    "forget-vote-digests": {"task": "tasks.feedback.forget_vote_digests", "schedule": 3600.0},
}

# Wagtail's own background work (reference index updates, deleting the files of removed images and
# documents, image focal points) goes through django-tasks, which Wagtail 8 installs and configures from
# TASKS. Unset, it silently runs each task inline; declared here so that choice is visible. Inline is right
# for this site: those tasks are short, Wagtail queues the file deletions after commit itself, and the
# installed django-tasks has only inline and dummy backends, none that hands work to our Celery worker.
# Our own tasks are Celery's (tasks/celery.py).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "kb": {"level": "INFO"},
        "search": {"level": "INFO"},
        "tasks": {"level": "INFO"},
        "fieldsheets": {"level": "INFO"},
        "questions": {"level": "INFO"},
        "chat": {"level": "INFO"},
        "alerts": {"level": "INFO"},
    },
}

# --- Production safety: HTTPS, content policy, limits, logging ---------------------------------------------

if PRODUCTION:
    # The front server terminates TLS and must set X-Forwarded-Proto (and drop any the client sent).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 365 * 24 * 3600))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True

# Content-Security-Policy for the public site: nothing inline but the stylesheet each page carries (allowed by
# its hash, core/inline_styles.py), nothing from another host. The Wagtail admin
# is left out: its editor and widgets rely on inline scripts and styles, and only signed-in staff use it.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'"],
        "manifest-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    },
}

# Rate limits (core/ratelimit.py): RATE_LIMITS=off turns them off, e.g. for benchmarks. Behind a front
# server, list its addresses in TRUSTED_PROXIES so the client address is read from X-Forwarded-For.
RATELIMIT_ENABLE = env_bool("RATE_LIMITS", True)
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "")

# Admin sign-in: 5 failures for one account from one address lock it for 15 minutes (counted in the database).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["ip_address", "username"]]
AXES_CLIENT_IP_CALLABLE = "core.ratelimit.client_ip"
AXES_LOCKOUT_TEMPLATE = "core/lockout.html"
AXES_RESET_ON_SUCCESS = True

# Errors, with their tracebacks, and warnings go to stderr, where gunicorn and the service manager keep them.
LOGGING["formatters"] = {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}}
LOGGING["handlers"]["console"]["formatter"] = "plain"
LOGGING["root"] = {"handlers": ["console"], "level": "WARNING"}  # the project's loggers above reach it too
LOGGING["loggers"]["django.request"] = {"handlers": ["console"], "level": "ERROR", "propagate": False}
