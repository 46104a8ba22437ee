"""Cornerstone settings: one file, configured by environment variables.

Defaults are the safe production ones. ``CORNERSTONE_DEMO_MODE=1`` relaxes the few that a
laptop demo or the test suite needs (HTTP cookies, console email, a built-in secret key); the
deploy check (``manage.py check --deploy``) fails while it is on, so it cannot reach production.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEMO_MODE = env_bool("CORNERSTONE_DEMO_MODE", False)
DEBUG = env_bool("DJANGO_DEBUG", False)

_DEMO_SECRET_KEY = "demo-only-secret-key-never-used-in-production-0123456789abcdef"  # noqa: S105
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or (_DEMO_SECRET_KEY if DEMO_MODE else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("Set DJANGO_SECRET_KEY (or CORNERSTONE_DEMO_MODE=1 for a local demo).")

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEMO_MODE else [])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
    "cornerstone.govuk",
    "cornerstone.geography",
    "cornerstone.accounts",
    "cornerstone.audit",
    "cornerstone.people",
    "cornerstone.referrals",
    "cornerstone.screening",
    "cornerstone.assessments",
    "cornerstone.channel",
    "cornerstone.panels",
    "cornerstone.support",
    "cornerstone.notifications",
    "cornerstone.partners",
    "cornerstone.guidance",
    "cornerstone.engagement",
    "cornerstone.exercises",
    "cornerstone.statistics",
    "cornerstone.equality",
    "cornerstone.records",
    "cornerstone.subject_access",
    "cornerstone.api",
    "cornerstone.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "cornerstone.govuk.middleware.SecurityHeadersMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page needs sign-in unless its view is marked @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "cornerstone.accounts.middleware.ActingMembershipMiddleware",
    "cornerstone.accounts.middleware.RequireSecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, so that a locked-out sign-in gets the lockout page rather than a generic error.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cornerstone.urls"
WSGI_APPLICATION = "cornerstone.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "cornerstone" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "cornerstone.accounts.context_processors.service_navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while one request writes; IMMEDIATE transactions and a busy timeout
    # make concurrent writers wait their turn instead of failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        init_command="PRAGMA journal_mode=WAL;", transaction_mode="IMMEDIATE", timeout=20
    )
    # The tests use a file too (shared-cache memory fails concurrent writers at once), one per
    # test process so that two runs never share it.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"cornerstone-test-{os.getpid()}.sqlite3")
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses a locked-out sign-in before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# NCSC password guidance: a minimum length and a deny-list of common passwords, no composition
# rules (no "must contain a symbol"), and paste is never blocked.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "accounts:signed-out"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 2

# Sessions: 30 minutes idle timeout; every request renews the expiry.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = int(os.environ.get("CORNERSTONE_IDLE_TIMEOUT_SECONDS", str(30 * 60)))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "cornerstone.govuk.views.csrf_failure"

# Secure by default; only the local demo (plain HTTP on 127.0.0.1) turns these off.
SECURE_COOKIES = env_bool("DJANGO_SECURE_COOKIES", not DEMO_MODE)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_NAME = "__Host-cornerstone-session" if SECURE_COOKIES else "cornerstone-session"
CSRF_COOKIE_NAME = "__Host-cornerstone-csrf" if SECURE_COOKIES else "cornerstone-csrf"
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEMO_MODE)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("DJANGO_BEHIND_TLS_PROXY", False) else None
)
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "0" if DEMO_MODE else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", not DEMO_MODE)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    },
}

# django-otp: TOTP second factor, backup codes as static tokens.
OTP_TOTP_ISSUER = "Cornerstone"
OTP_TOTP_THROTTLE_FACTOR = 1

# django-axes: lock a sign-in after repeated failures for the same account from the same place.
AXES_FAILURE_LIMIT = int(os.environ.get("CORNERSTONE_LOCKOUT_FAILURES", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "cornerstone.accounts.views.locked_out"
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("DJANGO_PROXY_COUNT", "0")) or None

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# The demo serves straight from the app folders (WHITENOISE_USE_FINDERS), so it needs no
# collectstatic step and no collected folder.
STATIC_ROOT = None if DEMO_MODE else BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEMO_MODE
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEMO_MODE
MEDIA_ROOT = Path(os.environ.get("CORNERSTONE_MEDIA_ROOT", str(BASE_DIR / "media")))

EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEMO_MODE
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "25"))
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "cornerstone@localhost")
# GOV.UK Notify, as an optional email backend: set
# DJANGO_EMAIL_BACKEND=cornerstone.notifications.backends.NotifyEmailBackend and these. The
# Notify template's subject is ((subject)) and its body ((body)).
CORNERSTONE_NOTIFY_API_KEY = os.environ.get("CORNERSTONE_NOTIFY_API_KEY", "")
CORNERSTONE_NOTIFY_TEMPLATE_ID = os.environ.get("CORNERSTONE_NOTIFY_TEMPLATE_ID", "")
CORNERSTONE_NOTIFY_BASE_URL = os.environ.get("CORNERSTONE_NOTIFY_BASE_URL", "")

# Background work: the demo and tests run tasks at once, production queues them in the database
# for `manage.py db_worker`.
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "CORNERSTONE_TASK_BACKEND",
            "django_tasks.backends.immediate.ImmediateBackend"
            if DEMO_MODE
            else "django_tasks_db.DatabaseBackend",
        )
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}

# Service configuration.
CORNERSTONE_SERVICE_NAME = "Cornerstone"
# Used in links in emails sent outside a request (invitations).
CORNERSTONE_BASE_URL = os.environ.get("CORNERSTONE_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
CORNERSTONE_SUPPORT_EMAIL = os.environ.get("CORNERSTONE_SUPPORT_EMAIL", "cornerstone-support@localhost")

# Referral attachments: the largest file accepted, in bytes.
CORNERSTONE_REFERRAL_ATTACHMENT_MAX_BYTES = int(
    os.environ.get("CORNERSTONE_REFERRAL_ATTACHMENT_MAX_BYTES", str(10 * 1024 * 1024))
)
# Drafts nobody has changed for this many days are deleted with their attachments.
CORNERSTONE_REFERRAL_DRAFT_DAYS = 30
# Directory entries not confirmed as current for this long (about 6 months) are flagged.
CORNERSTONE_DIRECTORY_STALE_AFTER_DAYS = int(os.environ.get("CORNERSTONE_DIRECTORY_STALE_AFTER_DAYS", "183"))
# Guidance library uploads (PDF, DOCX or ODT) may be at most this large.
# An intervention with no delivered session for its planned frequency plus this many days is
# shown as overdue (support that quietly peters out must be seen).
CORNERSTONE_DRIFT_GRACE_DAYS = int(os.environ.get("CORNERSTONE_DRIFT_GRACE_DAYS", "7"))
# The oversight dashboard counts a screening as overdue this many days after submission (no
# national standard exists; a force sets its own).
CORNERSTONE_SCREENING_TARGET_DAYS = int(os.environ.get("CORNERSTONE_SCREENING_TARGET_DAYS", "28"))
CORNERSTONE_GUIDANCE_MAX_BYTES = int(os.environ.get("CORNERSTONE_GUIDANCE_MAX_BYTES", str(10 * 1024 * 1024)))
# Statistics disclosure control (cornerstone/statistics/disclosure.py): counts from 1 to
# SUPPRESS_BELOW - 1 are suppressed (with secondary suppression), and published counts are
# rounded to the nearest ROUND_TO. 1 turns either off.
CORNERSTONE_STATS_SUPPRESS_BELOW = int(os.environ.get("CORNERSTONE_STATS_SUPPRESS_BELOW", "5"))
CORNERSTONE_STATS_ROUND_TO = int(os.environ.get("CORNERSTONE_STATS_ROUND_TO", "5"))

# Partner API (cornerstone/api). Requests per client: DRF's rate syntax ("120/min", "5000/hour").
CORNERSTONE_API_RATE = os.environ.get("CORNERSTONE_API_RATE", "120/min")
# Counted in the database cache so the limit holds across app processes.
CORNERSTONE_API_THROTTLE_CACHE = "api-throttle"
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    CORNERSTONE_API_THROTTLE_CACHE: {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "cornerstone_api_throttle",
    },
}
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["cornerstone.api.authentication.ApiClientAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "cornerstone.api.permissions.HasScope",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["cornerstone.api.throttling.ApiClientRateThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "cornerstone.api.errors.api_exception_handler",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Cornerstone partner API",
    "DESCRIPTION": "Referrals from the systems schools and agencies already use. See /api/v1/docs/ and docs/api.md.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
}
