"""One settings module, fed by environment variables with safe defaults.

A fresh clone runs on SQLite with Celery in eager mode; production sets
DATABASE_URL, CELERY_BROKER_URL, SECRET_KEY, ALLOWED_HOSTS and DEBUG=0.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}


def env_bool(name: str, default: bool) -> bool:
    """A boolean variable; anything but a true or false word stops start-up (a typo such as
    ``ture`` must not quietly mean False)."""
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    word = value.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name}={value!r} is not a boolean: use one of {', '.join(sorted(TRUE_WORDS))} "
        f"or {', '.join(sorted(FALSE_WORDS))}.")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "development-only-insecure-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "axes",
    "accounts",
    "hiring",
    "rubrics",
    "interviews",
]

MIDDLEWARE = [
    "hiring.middleware.ApiBodyLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "hiring.middleware.PrivateNoStoreMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

# Log-in lockout (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one user name from
# one address, that pair is refused (429) for AXES_COOLOFF_MINUTES; a success resets the count.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "interviews.throttle.client_ip"
AXES_VERBOSE = False

# Content-Security-Policy on every response: scripts only from our own static files (htmx is
# one of them; no inline script, no eval). Inline styles stay allowed because the packet's
# chart is an inline SVG that carries its own style attributes.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "media-src": [SELF, "blob:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

ROOT_URLCONF = "hiring.urls"
WSGI_APPLICATION = "hiring.wsgi.application"

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
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        # A connection kept open is checked before each request reuses it, so a restarted
        # database server costs one failed check instead of errors until the app restarts.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The embedded default has to hold 20 interviewers saving at once: every transaction takes
    # the write lock when it begins (a deferred one that reads first and then writes fails at
    # once with "database is locked" when another writer got in between, and no timeout helps),
    # a writer waits up to SQLITE_TIMEOUT seconds for the lock, and write-ahead logging lets
    # readers go on while one writes.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("SQLITE_TIMEOUT", 20),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        **DATABASES["default"].get("OPTIONS", {}),
    }
# The worker tests need a test database another process can open: a file, not SQLite's memory.
if os.environ.get("SQLITE_TEST_NAME") and DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["SQLITE_TEST_NAME"]}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static", ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist")]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "hiring@localhost")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")  # links in e-mails, and calendar event ids

# Production hardening; each switch follows DEBUG unless set explicitly.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY", False) else None
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.BasicAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["accounts.authentication.TokenRateThrottle"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend",
                                "rest_framework.filters.OrderingFilter"],
    "DEFAULT_PAGINATION_CLASS": "interviews.api.base.Pagination",
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser", "rest_framework.parsers.FormParser",
                               "rest_framework.parsers.MultiPartParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "hiring.api.exception_handler",
}
# Requests per token (or per signed-in user) and period: second, minute, hour or day.
API_THROTTLE_RATE = os.environ.get("API_THROTTLE_RATE", "1200/minute")
# Bodies larger than this are refused with a JSON 413 before they are read (files included).
API_MAX_BODY_BYTES = int(os.environ.get("API_MAX_BODY_BYTES", str(30 * 1024 * 1024)))
SPECTACULAR_SETTINGS = {
    "TITLE": "Hiring loop API",
    "DESCRIPTION": ("The whole hiring loop: requisitions, applications, interviews, scorecards, packets, "
                    "decisions, calibration, webhooks. Authenticate with a personal token "
                    "(`Authorization: Bearer …`, created under API tokens) or a signed-in session."),
    "VERSION": "0.2.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {"RecommendationEnum": "interviews.models.scorecards.Recommendation"},
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "hiring.api.schema.document_errors"],
}

# A shared cache (e.g. redis://host:6379/1) lets web servers reuse what workers computed, such as
# the packet charts drawn while building packets; without one each process caches for itself.
CACHE_URL = os.environ.get("CACHE_URL", "")
CACHES = {"default": (
    {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL} if CACHE_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 2000}}
)}

# Celery: with no broker every task runs eagerly, in process.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", CELERY_BROKER_URL or None)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TRACK_STARTED = True
CELERY_TIMEZONE = TIME_ZONE
# An unacknowledged task (its worker died) goes back to the queue after this many seconds.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600)}
if os.environ.get("CELERY_UNACKED_RESTORE_INTERVAL"):  # how often a worker looks for such tasks (default 60 s)
    CELERY_BROKER_TRANSPORT_OPTIONS["unacked_restore_interval"] = float(os.environ["CELERY_UNACKED_RESTORE_INTERVAL"])
CELERY_BEAT_SCHEDULE = {
    "nightly-recalibration": {"task": "hiring.tasks.recalibrate",
                              "schedule": crontab(hour=env_int("RECALIBRATE_AT_HOUR", 2), minute=0)},
    "remind-overdue-scorecards": {"task": "interviews.tasks.remind_overdue_scorecards",
                                  "schedule": crontab(hour=8, minute=0)},
    # A recalibration asked for while the broker was down is queued when it is back.
    "catch-up-recalibration": {"task": "hiring.tasks.catch_up_recalibration",
                               "schedule": env_int("RECALIBRATION_CATCH_UP_SECONDS", 300)},
    "candidate-retention": {"task": "interviews.tasks.apply_retention",
                            "schedule": crontab(hour=env_int("RETENTION_AT_HOUR", 3), minute=30)},
}
# Scorecard submissions within this many seconds share one recalibration.
RECALIBRATION_DEBOUNCE_SECONDS = env_int("RECALIBRATION_DEBOUNCE_SECONDS", 60)
# Seconds a packet render sleeps first; only the worker tests set it, to kill a worker mid-task.
TEST_PACKET_RENDER_DELAY = float(os.environ.get("TEST_PACKET_RENDER_DELAY", "0"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Candidate uploads: limits in bytes (the web server's own body limit must be at least as large).
RESUME_MAX_BYTES = env_int("RESUME_MAX_BYTES", 10 * 1024 * 1024)
VIDEO_MAX_BYTES = env_int("VIDEO_MAX_BYTES", 100 * 1024 * 1024)

# The public application form, per client address and per e-mail address (interviews.throttle);
# the API's posting of applications shares the allowance per e-mail address.
APPLY_PER_ADDRESS_PER_HOUR = env_int("APPLY_PER_ADDRESS_PER_HOUR", 20)
APPLY_PER_EMAIL_PER_DAY = env_int("APPLY_PER_EMAIL_PER_DAY", 3)
APPLY_UPLOAD_BYTES_PER_ADDRESS_PER_DAY = env_int("APPLY_UPLOAD_BYTES_PER_ADDRESS_PER_DAY", 1024 * 1024 * 1024)

# Request bodies other than uploads: Django refuses bigger ones (the API answers a JSON 413).
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)  # Django's own 2.5 MB

# Candidate data: erased this many months after an application ends (declined, archived or
# rejected, or its requisition closed), nightly by the "candidate-retention" beat entry.
CANDIDATE_RETENTION_MONTHS = env_int("CANDIDATE_RETENTION_MONTHS", 12)
if CANDIDATE_RETENTION_MONTHS < 1:
    raise ImproperlyConfigured("CANDIDATE_RETENTION_MONTHS must be a whole number of months, 1 or more.")
# Where candidates write to ask for a copy of their data or its erasure (named in the privacy notice).
PRIVACY_CONTACT_EMAIL = os.environ.get("PRIVACY_CONTACT_EMAIL", DEFAULT_FROM_EMAIL)
