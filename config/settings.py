"""One settings module, driven by the environment (django-environ).

Embedded defaults (SQLite under var/, a filesystem Celery broker, file email backend) let `make run` work on a bare
machine; production sets DATABASE_URL, REDIS_URL, CACHE_URL, SECRET_KEY, ALLOWED_HOSTS and the email variables
(see README).
"""

import os
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env(
    DEBUG=(bool, False),
    ALLOWED_HOSTS=(list, ["127.0.0.1", "localhost"]),
)
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# Local state of the embedded setup: SQLite file, Celery broker folders, beat schedule, mail files, uploads.
VAR_DIR = Path(env.str("VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env("DEBUG")
# The test runner (pytest sets PYTEST_VERSION) and DEBUG runs get a throwaway key; production must set its own.
TESTING = "PYTEST_VERSION" in os.environ
_DEV_SECRET = "dev-only-insecure-secret-key-do-not-use-in-production-0123456789"
SECRET_KEY = env("SECRET_KEY", default=_DEV_SECRET if (DEBUG or TESTING) else None)
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")

ALLOWED_HOSTS = env("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
APP_VERSION = "0.1.0"

INSTALLED_APPS = [
    "coalition.admin_config.TrackerAdminConfig",  # Django's admin, with the sign-in throttle
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.forms",  # its widget templates, for the project's overrides (FORM_RENDERER below)
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    # Project apps, bottom layer first (docs/architecture.md; the import-linter contract in pyproject.toml).
    "core",
    "coalition",
    "directory",
    "deadlines",
    "reminders",
    "foia",
    "litigation",
    "documents",
    "imports",
    "exports",
    "web",
]

MIDDLEWARE = [
    "core.gc_freeze.FreezeAfterWarmupMiddleware",  # long-lived objects out of the collector's walks
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "coalition.middleware.ActiveOrganizationMiddleware",
]

# Widgets render through TEMPLATES, so templates/django/forms/widgets/ can override Django's (the same markup with
# each option written in place instead of two to four includes: see those templates).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "coalition.context_processors.organization_context",
            ],
        },
    },
]

# An empty DATABASE_URL means the default too (as an unset one would).
DATABASES = {"default": env.db_url_config(env.str("DATABASE_URL", default="") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL + a busy timeout let the web server, worker and beat share one SQLite file without "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
    # Tests use a file, not memory, so a real Celery worker subprocess can see the test database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-db.sqlite3")}
    # Covering indexes (INCLUDE) serve PostgreSQL's index-only scans; SQLite builds them on their key columns.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:  # hashing strength is not under test; PBKDF2 would dominate the suite's run time
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Sign-in pauses after repeated failures (coalition/login_throttle.py), on every way in, through this backend.
AUTHENTICATION_BACKENDS = ["coalition.backends.ThrottledModelBackend"]
LOGIN_FAILURES_PER_ACCOUNT = env.int("LOGIN_FAILURES_PER_ACCOUNT", default=5)
LOGIN_FAILURES_PER_ADDRESS = env.int("LOGIN_FAILURES_PER_ADDRESS", default=50)
LOGIN_FAILURE_WINDOW_SECONDS = env.int("LOGIN_FAILURE_WINDOW_SECONDS", default=900)
LOGIN_CLIENT_ADDRESS_HEADER = env.str("LOGIN_CLIENT_ADDRESS_HEADER", default="")
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
# Legal dates are calendar dates in the court's or agency's zone; the app's own clock runs in US Eastern (D.D.C., DHS).
TIME_ZONE = env.str("TIME_ZONE", default="America/New_York")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "staticfiles")))
if DEBUG or TESTING:  # served from the source folders here; WhiteNoise still expects the collected folder to exist
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
MEDIA_URL = "/media-not-served/"  # uploads are only served through access-checked views
# Uploads: local files under MEDIA_ROOT by default; S3-compatible object storage (django-storages) when
# AWS_STORAGE_BUCKET_NAME is set, with AWS_S3_ENDPOINT_URL for non-AWS services (MinIO, Ceph...) and the usual
# AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_S3_REGION_NAME (README, "Production"). Objects stay private:
# files are only ever served through access-checked views.
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            "access_key": env.str("AWS_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default="") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        # Production serves hashed, compressed files collected by `collectstatic` (WhiteNoise); development and tests
        # serve the source files directly.
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Email: SMTP in production from EMAIL_URL (e.g. smtp+tls://user:pass@host:587); files under var/mail by default.
if env.str("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.filebased.EmailBackend")
    EMAIL_FILE_PATH = str(VAR_DIR / "mail")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="FOIA Tracker <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: Redis in production; an embedded filesystem broker when REDIS_URL is unset, so a real worker and beat
# still run with no server. Results are not stored: tasks record their outcome in the database.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600)}
else:
    # Producers write to and consumers read from the same folder; `control` holds the fanout tables used by the
    # worker's remote control (kombu's default is a folder relative to the working directory).
    _broker_dir = VAR_DIR / "celery-broker"
    for _sub in ("queue", "processed", "control"):
        (_broker_dir / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://localhost//"  # the host is ignored; naming one silences a kombu warning
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
# The cache holds the sign-in attempt counters (coalition/login_throttle.py): Redis in production, so every web
# process shares them, in a database of its own (CACHE_URL; `check --deploy` warns when it is the broker's, since
# `cache.clear()` empties a whole database). Process memory otherwise (`make run` has one web process) and in tests,
# so parallel test workers never share counters (the Redis cache has its own test). Short socket timeouts: a hung
# Redis must not hold sign-in for seconds (the throttle then lets it through).
# CACHE_URL keeps what the environment said (empty when unset): `check --deploy` refuses a production setup without it.
CACHE_URL = env.str("CACHE_URL", default="")
_cache_location = CACHE_URL or REDIS_URL
if _cache_location and not TESTING:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _cache_location,
            "KEY_PREFIX": "foia-tracker",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# Tests run tasks in-process (on commit, when enqueued with delay_on_commit) unless a test starts a real worker.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=TESTING)
CELERY_TASK_EAGER_PROPAGATES = True
# Apps add their periodic tasks here. The heartbeat proves beat -> broker -> worker -> database works (see /healthz).
CELERY_BEAT_SCHEDULE: dict = {
    "core-heartbeat": {"task": "core.tasks.heartbeat", "schedule": 60.0},
    # Reminders: exactly one beat in production (a second is safe, just redundant: sweeps claim under constraints).
    # The tasks live in reminders/tasks.py but keep their "deadlines." names, so messages queued before the move
    # and saved beat schedules still resolve.
    "reminder-sweep": {"task": "deadlines.reminder_sweep", "schedule": 60.0, "options": {"expires": 55}},
    "reminder-digests": {"task": "deadlines.reminder_digest_sweep", "schedule": 300.0, "options": {"expires": 290}},
    "reminder-reconcile": {"task": "deadlines.reminder_schedule_reconcile", "schedule": 3600.0},
    # Released documents whose worker died mid-extraction (lease passed) or whose message was lost go out again.
    "documents-sweep": {"task": "documents.documents_sweep", "schedule": 300.0, "options": {"expires": 290}},
    # Finished exports past their expiry lose their file.
    "exports-purge": {"task": "exports.export_jobs_purge", "schedule": 3600.0, "options": {"expires": 3500}},
}
# Reminders (reminders/conf.py): a claimed send unfinished after the lease is re-enqueued by the sweep.
REMINDER_LEASE_SECONDS = env.int("REMINDER_LEASE_SECONDS", default=CELERY_TASK_TIME_LIMIT + 60)
REMINDER_MAX_ATTEMPTS = env.int("REMINDER_MAX_ATTEMPTS", default=6)
REMINDER_RETRY_BASE_SECONDS = env.int("REMINDER_RETRY_BASE_SECONDS", default=60)

# Released documents (documents/conf.py). Uploads over the limit, ZIP bombs (ratio and total size) and files with
# more pages than allowed are refused; a worker holding a file past the lease is presumed dead (longer than the
# processing task's 1,800 s time limit). OCR runs when the Tesseract binary is found (TESSERACT_CMD, a name on the
# PATH or an absolute path; empty turns OCR off and pages without text are marked "needs OCR").
DOCUMENTS_MAX_FILE_BYTES = env.int("DOCUMENTS_MAX_FILE_BYTES", default=200 * 1024 * 1024)
DOCUMENTS_MAX_PAGES = env.int("DOCUMENTS_MAX_PAGES", default=5000)
DOCUMENTS_ZIP_MAX_RATIO = env.int("DOCUMENTS_ZIP_MAX_RATIO", default=100)
DOCUMENTS_ZIP_MAX_TOTAL_BYTES = env.int("DOCUMENTS_ZIP_MAX_TOTAL_BYTES", default=1024 * 1024 * 1024)
DOCUMENTS_ZIP_MAX_MEMBERS = env.int("DOCUMENTS_ZIP_MAX_MEMBERS", default=2000)
DOCUMENTS_PROCESSING_LEASE_SECONDS = env.int("DOCUMENTS_PROCESSING_LEASE_SECONDS", default=1900)
DOCUMENTS_MAX_ATTEMPTS = env.int("DOCUMENTS_MAX_ATTEMPTS", default=3)
# Exports (exports/conf.py): a page export over this many rows runs as a background job; its file is kept this long.
EXPORTS_STREAM_MAX_ROWS = env.int("EXPORTS_STREAM_MAX_ROWS", default=5000)
EXPORTS_JOB_TTL_HOURS = env.int("EXPORTS_JOB_TTL_HOURS", default=72)
TESSERACT_CMD = env.str("TESSERACT_CMD", default="tesseract")
OCR_LANGUAGES = env.str("OCR_LANGUAGES", default="eng")

# Spreadsheet imports (imports/conf.py): a file over either limit is refused before anything is read into the preview.
IMPORTS_MAX_FILE_BYTES = env.int("IMPORTS_MAX_FILE_BYTES", default=10 * 1024 * 1024)
IMPORTS_MAX_ROWS = env.int("IMPORTS_MAX_ROWS", default=20000)

REST_FRAMEWORK = {
    # Token first, so an unauthenticated call answers 401 with `WWW-Authenticate: Token` rather than 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "core.api.StrictFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    # drf-spectacular's, plus the ETag / If-Match contract of versioned objects (core.etags) and every error
    # status with its body (core.schema).
    "DEFAULT_SCHEMA_CLASS": "core.schema.AutoSchema",
    # Services raise Django's exceptions; one handler turns them into 400/403/404/409 in one shape (core/api.py).
    "EXCEPTION_HANDLER": "core.api.api_exception_handler",
    "DEFAULT_PARSER_CLASSES": [
        "core.api.DepthLimitedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "FOIA & Litigation Tracker API",
    "DESCRIPTION": "Requests, lawsuits, deadlines and released documents, scoped to what the caller may see.",
    "VERSION": APP_VERSION,
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # Redoc from the sidecar, less its online logo (static/vendor/redoc-2.5.4/README.md).
    "REDOC_DIST": f"{STATIC_URL.rstrip('/')}/vendor/redoc-2.5.4",
    # Separate request components carry what input must satisfy (required fields, minLength 1 for a non-blank
    # string, binary uploads) that a shared read/write component cannot.
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI would otherwise send the schema to an online validator.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    # Several apps have a "kind" / "status" field with different choices: name each set once.
    "ENUM_NAME_OVERRIDES": {
        "FoiaEventKindEnum": "foia.choices.EventKind",
        "FoiaCommunicationKindEnum": "foia.choices.CommunicationKind",
        "FoiaTrackingKindEnum": "foia.choices.TrackingKind",
        "FoiaRequestStatusEnum": "foia.choices.RequestStatus",
        "ImportKindEnum": "imports.models.ImportKind",
        "ImportBatchStatusEnum": "imports.models.BatchStatus",
        "CaseStatusEnum": "litigation.models.CaseStatus",
    },
}

# Content-Security-Policy on every response (django-csp): only the site's own scripts, styles, images and fonts; no
# inline script or style anywhere, no plug-ins, no framing, forms post only here. A view that needs more says so
# itself (Redoc's page sets its own header; attachments are served with `sandbox`).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Security: strict when DEBUG is off; `manage.py check --deploy` is clean with the documented variables.
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    # Behind a TLS-terminating proxy that sets X-Forwarded-Proto (see README, "Production").
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not TESTING)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe the backend over plain HTTP
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
