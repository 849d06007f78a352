"""Settings for the outsourcing assessment app.

One file, driven by the environment (see README "Configuration"). With no
DATABASE_URL the embedded SQLite database is used; with no REDIS_URL Celery runs
tasks eagerly in-process.
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor

from outsourcing.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", default=False)
TESTING = env_bool("DJANGO_TESTING", default=False)

SECRET_KEY = env_str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if DEBUG or TESTING:
        SECRET_KEY = "insecure-development-key-never-use-in-production"  # noqa: S105 - DEBUG/tests only; production refuses to start without one
    else:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random value, or set "
            "DJANGO_DEBUG=1 for local development (the README's run command does this)."
        )

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG or TESTING else [])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "outsourcing.security.apps.SecurityConfig",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "providers",
    "assessments",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before WhiteNoise, so static files get the Permissions-Policy too (and, being anonymous
    # there, keep their long cache lifetime).
    "outsourcing.middleware.PrivacyHeadersMiddleware",
    "outsourcing.uploads.limits.RequestBodyLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "outsourcing.middleware.SessionLifetimeMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "outsourcing.middleware.MultiFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "outsourcing.middleware.ContentSecurityPolicyMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "outsourcing.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "outsourcing.context_processors.navigation",
            ],
        },
    },
]

WSGI_APPLICATION = "outsourcing.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{env_str('DJANGO_SQLITE_PATH', default=str(BASE_DIR / 'db.sqlite3'))}",
        conn_max_age=60,
        conn_health_checks=True,
    )
}
# SQLite through a thin subclass that knows SQLite's real limit on query parameters (bulk writes).
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["ENGINE"] = "outsourcing.sqlite3"
    # Tests use an in-memory database, as with Django's own SQLite backend (pytest-django only
    # recognises that backend by name, and would otherwise derive a file name from NAME).
    DATABASES["default"].setdefault("TEST", {}).setdefault("NAME", ":memory:")
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The embedded default serves a small team: concurrent writers wait for the lock instead of
    # failing with "database is locked". WAL lets readers go on while one writes; IMMEDIATE takes
    # the write lock when a transaction starts, so the busy timeout applies (a deferred transaction
    # that upgrades to a writer later fails at once). See sqlite.org/wal.html and Django 5.1's
    # SQLite "transaction_mode" and "init_command" options.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            # Seconds a connection waits for the lock (sqlite3's busy timeout).
            "timeout": env_int("DJANGO_SQLITE_BUSY_TIMEOUT_SECONDS", default=20),
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# ASVS 5.0 6.2.1 (at least 8, 12 recommended here as NIST SP 800-63B-4 allows) and 6.2.4 (refuse
# common and breached passwords: Django's bundled list of 20 000 common passwords, offline).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sign-in throttling (ASVS 5.0 6.3.1): lock the username+address pair after 5 failures for an
# hour, and an address after SIGNIN_ADDRESS_FAILURE_LIMIT failures across any usernames in that
# hour (password spraying). The address is the real client's, read from X-Forwarded-For past
# TRUSTED_PROXY_COUNT reverse proxies (outsourcing/security/client_address.py, README "Production").
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_HANDLER = "outsourcing.security.throttle.AddressThrottlingHandler"
AXES_CLIENT_IP_CALLABLE = "outsourcing.security.client_address.client_address"
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", default=0)
SIGNIN_ADDRESS_FAILURE_LIMIT = env_int("SIGNIN_ADDRESS_FAILURE_LIMIT", default=20)

# Sessions (ASVS 5.0 7.3.1, 7.3.2): signed out after SESSION_IDLE_SECONDS without a request
# (default 8 h) and SESSION_ABSOLUTE_SECONDS after signing in whatever the activity (default 12 h).
SESSION_IDLE_SECONDS = env_int("SESSION_IDLE_SECONDS", default=8 * 3600)
SESSION_ABSOLUTE_SECONDS = env_int("SESSION_ABSOLUTE_SECONDS", default=12 * 3600)
SESSION_COOKIE_AGE = SESSION_IDLE_SECONDS
# The idle clock is moved on (one session write) at most this often, not on every request.
SESSION_ACTIVITY_RESOLUTION_SECONDS = 60

# Two-factor sign-in (django-otp: TOTP, RFC 6238, and single-use recovery codes). Optional per
# user, required by an organisation's flag for its members, and always for staff (the admin).
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", default="Sourcing Navigator")
MFA_RECOVERY_CODE_COUNT = 10
MFA_REQUIRED_FOR_STAFF = env_bool("MFA_REQUIRED_FOR_STAFF", default=True)

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("id", _("Bahasa Indonesia"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
TIME_ZONE = "Asia/Jakarta"
# One date format per language (`1 Dec 2026`, `1 Des 2026`): outsourcing/formats/<language>/formats.py.
FORMAT_MODULE_PATH = ["outsourcing.formats"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "outsourcing.staticfinders.VendorFinder",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Hashed file names are immutable, so whitenoise serves them with a year-long max-age.
WHITENOISE_USE_FINDERS = DEBUG or TESTING
# Source maps (11 of the 19 MB collected) are fetched only by a developer's browser tools: they are
# served as they are instead of being gzip- and brotli-compressed at every deployment.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = env_str(
    "DJANGO_EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if DEBUG or TESTING
    else "django.core.mail.backends.smtp.EmailBackend",
)
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", default="no-reply@localhost")
# The site's address (scheme and host, no trailing slash) for links in e-mails sent outside a
# request, such as the notice that a computed roadmap awaits a decision.
SITE_URL = env_str("DJANGO_SITE_URL", default="http://localhost:8000").rstrip("/")

# Team invitations: how long a link stays valid, and how many one member may send an hour
# (the product's own judgement: a week covers a holiday; twenty an hour staffs a new client
# while keeping the app from being used to send mail in bulk).
INVITATION_VALID_DAYS = env_int("INVITATION_VALID_DAYS", default=7)
INVITATION_SEND_LIMIT_PER_HOUR = env_int("INVITATION_SEND_LIMIT_PER_HOUR", default=20)

# Uploads. REQUEST_MAX_BYTES bounds every request body site-wide (413 before it is read, see
# outsourcing.uploads.limits); the upload reader's budgets are documented in outsourcing.uploads.budgets.
DATA_UPLOAD_MAX_MEMORY_SIZE = int(env_str("DATA_UPLOAD_MAX_MEMORY_SIZE", default=str(5 * 1024 * 1024)))
FILE_UPLOAD_MAX_MEMORY_SIZE = int(env_str("FILE_UPLOAD_MAX_MEMORY_SIZE", default=str(5 * 1024 * 1024)))
REQUEST_MAX_BYTES = int(env_str("REQUEST_MAX_BYTES", default=str(10 * 1024 * 1024)))
IMPORT_MAX_BYTES = int(env_str("IMPORT_MAX_BYTES", default=str(2 * 1024 * 1024)))
IMPORT_MAX_ROWS = int(env_str("IMPORT_MAX_ROWS", default="5000"))
UPLOAD_MAX_ROWS_SCANNED = int(env_str("UPLOAD_MAX_ROWS_SCANNED", default="50000"))
UPLOAD_MAX_COLUMNS = int(env_str("UPLOAD_MAX_COLUMNS", default="200"))
UPLOAD_MAX_CELLS = int(env_str("UPLOAD_MAX_CELLS", default="150000"))
UPLOAD_MAX_UNCOMPRESSED_BYTES = int(env_str("UPLOAD_MAX_UNCOMPRESSED_BYTES", default=str(32 * 1024 * 1024)))
UPLOAD_MAX_ERRORS = int(env_str("UPLOAD_MAX_ERRORS", default="200"))
UPLOAD_MAX_SECONDS = float(env_str("UPLOAD_MAX_SECONDS", default="10"))

# --- Celery -----------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Env-driven so the broker tests can run a worker with short limits.
# A killed worker's computation completes within 90 s (README "Reliability"): its message comes back
# after the visibility timeout (60 s) plus kombu's restore sweep (10 s), and the row is reclaimable
# once it has run longer than the hard limit plus the grace (40 + 10 s). Keep
# soft < hard < hard + grace < visibility timeout (tests/reliability/test_worker_recovery.py).
# Computations take seconds; a 30 s soft limit is ten times the largest measured one.
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", default=30)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", default=40)
# Longest wait between retries of a task on transient errors: below the visibility timeout, so a
# message waiting for its countdown is not redelivered meanwhile.
ROADMAP_RETRY_BACKOFF_MAX_SECONDS = 30
CELERY_TASK_DEFAULT_QUEUE = "outsourcing"
# A broker that is down must fail fast instead of hanging a web request.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
    # Unacknowledged messages of a killed worker return to the queue after this.
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", default=60),
    # Sweep for such messages every 10 s (kombu's default throttle makes it every 100 s).
    "unacked_restore_throttle": 1,
}
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}
CELERY_BEAT_SCHEDULE = {
    "resend-pending-roadmaps": {"task": "assessments.roadmap_resend_pending", "schedule": 60.0},
}
# Roadmap pipeline (assessments/roadmaps/pipeline_services.py). A row still "running" this long after the
# hard time limit belongs to a dead worker and may be reclaimed.
ROADMAP_RECLAIM_GRACE_SECONDS = env_int("ROADMAP_RECLAIM_GRACE_SECONDS", default=10)
# A row sent to the broker this long ago and still queued is sent again (the message may be lost).
ROADMAP_RESEND_AFTER_SECONDS = int(env_str("ROADMAP_RESEND_AFTER_SECONDS", default="900"))
# A computation that killed its worker this many times is marked failed instead of reclaimed again.
ROADMAP_MAX_ATTEMPTS = 3
# Tests only: the task sleeps this long after claiming a row, to kill a worker mid-task.
ROADMAP_TEST_DELAY_SECONDS = float(env_str("ROADMAP_TEST_DELAY_SECONDS", default="0")) if TESTING else 0.0

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Security ------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if not DEBUG and not TESTING:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = int(env_str("DJANGO_HSTS_SECONDS", default="31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", default="INFO")},
}

# --- REST API (api/): Django REST framework + drf-spectacular ------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.tokens.HashedTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # Form parsers too: a form POST is then refused by the CSRF check or as invalid, not as 415.
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("API_THROTTLE_ANON", default="30/minute"),
        "user": env_str("API_THROTTLE_USER", default="600/minute"),
    },
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Sourcing Navigator API",
    "DESCRIPTION": "Read organisations, assessments, roadmaps and programmes; record monthly actuals.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}
