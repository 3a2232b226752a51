"""Parcours settings: one module, driven by environment variables.

Every setting an operator may change is read from the environment with a typed
helper below; a secret may also come from a file named by ``<NAME>_FILE``
(for Docker/Kubernetes secrets). Nothing else differs between environments.
See the README's "Configuration" table for the full list.
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

# Lets the typed generics used in annotations (ModelAdmin[Model]…) work at run time.
django_stubs_ext.monkeypatch()

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = PACKAGE_DIR.parent


def env_str(name: str, default: str = "") -> str:
    """A string from ``NAME``, or from the file named by ``NAME_FILE``."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        try:
            return Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE: cannot read {file_name}: {exc}") from exc
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from exc


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def env_probability(name: str, default: float | None) -> float | None:
    """A probability in [0, 1] from ``NAME``; empty or ``off`` means none."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    if value.strip().lower() in {"off", "none", "false"}:
        return None
    try:
        number = float(value)
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"{name} must be a number between 0 and 1, not {value!r}"
        ) from exc
    if not 0.0 <= number <= 1.0:
        raise ImproperlyConfigured(f"{name} must be a number between 0 and 1, not {value!r}")
    return number


# Where the embedded database, the generated secret key and uploaded files live.
DATA_DIR = Path(env_str("PARCOURS_DATA_DIR", str(BASE_DIR / "var"))).resolve()

DEBUG = env_bool("DEBUG", False)
# Under pytest (or with PARCOURS_TESTING=1) static files are served from the
# source tree without a collectstatic manifest.
TESTING = env_bool("PARCOURS_TESTING", "pytest" in sys.modules)


def _installation_secret(name: str, file_name: str) -> str:
    """The secret ``name`` (or ``name_FILE``) from the environment. None given:
    keep one generated secret per installation under DATA_DIR, so a newcomer
    needs no configuration and it survives a restart."""
    key = env_str(name)
    if key:
        return key
    key_file = DATA_DIR / file_name
    if key_file.exists():
        return key_file.read_text(encoding="utf-8").strip()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(64)
    key_file.write_text(key, encoding="utf-8")
    key_file.chmod(0o600)
    return key


SECRET_KEY = _installation_secret("SECRET_KEY", "secret_key")
# The key of the audit log's HMAC chain: from the environment (or a _FILE
# secret) in production, never in the database, so that someone who can write
# the table cannot recompute the chain (docs/operations.md).
AUDIT_CHAIN_KEY = _installation_secret("AUDIT_CHAIN_KEY", "audit_chain_key")
AUDIT_CHAIN_KEY_GIVEN = bool(env_str("AUDIT_CHAIN_KEY"))
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "axes",
    "csp",
    "ninja",
    "simple_history",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "parcours.core",
    "parcours.accounts",
    "parcours.clients",
    "parcours.linkage",
    "parcours.casework",
    "parcours.households",
    "parcours.beds",
    "parcours.coordination",
    "parcours.housing",
    "parcours.community",
    "parcours.timeline",
    "parcours.reports",
    "parcours.interop",
    "parcours.api",
    "parcours.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "parcours.core.middleware.PrivacyHeadersMiddleware",
    "csp.middleware.CSPMiddleware",
    "parcours.core.middleware.RequestContextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "parcours.accounts.middleware.SessionLifetimeMiddleware",
    "parcours.accounts.middleware.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "parcours.urls"
WSGI_APPLICATION = "parcours.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "parcours.accounts.context_processors.parcours",
            ],
            "string_if_invalid": "",
        },
    }
]

# --- Database ---------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'parcours.sqlite3'}")
# A server process keeps its connection between pages (checked before reuse):
# a new PostgreSQL connection per page costs a process on the server. Not
# under tests: a live server's threads would keep the test database open.
_db = dj_database_url.parse(
    DATABASE_URL,
    conn_max_age=env_int("DB_CONN_MAX_AGE", 0 if TESTING else 60),
    conn_health_checks=True,
)
if _db["ENGINE"] == "django.db.backends.sqlite3":
    # Write transactions take the lock up front so that concurrent gunicorn
    # workers wait for each other instead of failing with "database is locked".
    _db["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    Path(str(_db["NAME"])).parent.mkdir(parents=True, exist_ok=True)
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication ---------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "parcours.accounts.backends.UserBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Content-Security-Policy (django-csp): scripts only from Parcours itself (no
# inline scripts or handlers: confirmations are static/parcours/confirm.js),
# no framing, no plugins, forms post only here. Inline style attributes are
# allowed (a few templates use them; they run no code).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# Lock an account on one address after repeated failures (django-axes).
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("LOGIN_LOCKOUT_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
# Every spelling of one email (case, spaces around it) counts as one username.
AXES_USERNAME_CALLABLE = "parcours.accounts.lockout.axes_username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_LOCKOUT_CALLABLE = "parcours.accounts.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_ENABLED = env_bool("LOGIN_LOCKOUT_ENABLED", True)

# Sessions end after SESSION_IDLE_MINUTES without a request, and in any case
# SESSION_MAX_HOURS after login (see accounts.middleware).
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 30)
# API tokens stop working this many days after they are issued.
API_TOKEN_DAYS = env_int("API_TOKEN_DAYS", 90)
# An administrator resets at most this many passwords in an hour.
PASSWORD_RESETS_PER_HOUR = env_int("PASSWORD_RESETS_PER_HOUR", 10)
SESSION_MAX_HOURS = env_int("SESSION_MAX_HOURS", 12)
SESSION_COOKIE_AGE = SESSION_MAX_HOURS * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Two-factor sign-in (django-otp): a code from an authenticator app (TOTP) or a
# one-time recovery code. Who must use it is the access policy's rule
# (access.two_factor_required); accounts.middleware sends them to it. Each
# wrong code doubles the wait before the next try (1, 2, 4 … seconds).
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# --- HTTPS and security headers ---------------------------------------------
HTTPS = env_bool("HTTPS", False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
if env_bool("BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SILENCED_SYSTEM_CHECKS: list[str] = []
if not SECURE_HSTS_PRELOAD:
    # Preloading is a commitment an operator makes for their domain; they opt in
    # with SECURE_HSTS_PRELOAD=true.
    SILENCED_SYSTEM_CHECKS.append("security.W021")
if not HTTPS:
    # Plain HTTP on a local machine (the demo): the HTTPS checks do not apply.
    SILENCED_SYSTEM_CHECKS += ["security.W004", "security.W008", "security.W012", "security.W016"]

# --- Internationalization ---------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env_str("TIME_ZONE", "America/Toronto")
LANGUAGE_COOKIE_NAME = "parcours_language"
LANGUAGE_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static files -----------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
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
WHITENOISE_USE_FINDERS = TESTING

# --- Application -----------------------------------------------------------
PARCOURS_PAGE_SIZE = env_int("PAGE_SIZE", 50)
PARCOURS_SITE_NAME = env_str("SITE_NAME", "Parcours")
# The by-name list (docs/reports.md): a person without a qualifying activity
# for more than this many days is inactive; functional zero for chronic
# homelessness is reached at or below this many actively homeless people.
BY_NAME_LIST_INACTIVE_DAYS = env_int("BY_NAME_LIST_INACTIVE_DAYS", 90)
FUNCTIONAL_ZERO_CHRONIC = env_int("FUNCTIONAL_ZERO_CHRONIC", 3)
# The address of the site in links sent by email (the notification digest).
PARCOURS_SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

# Email (the optional notification digest, password resets by administrators):
# the console backend prints messages (the demo); set EMAIL_BACKEND to
# django.core.mail.backends.smtp.EmailBackend and EMAIL_HOST… in production.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "parcours@localhost")
# The name authenticator apps show next to the account.
OTP_TOTP_ISSUER = PARCOURS_SITE_NAME

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# A consent directive without an end date lasts this many days.
CONSENT_DEFAULT_DAYS = env_int("CONSENT_DEFAULT_DAYS", 365)
# An emergency (break-the-glass) access lasts this many hours.
BREAK_GLASS_HOURS = env_int("BREAK_GLASS_HOURS", 4)
# Financial assistance committing more than this (dollars) needs a coordinator's approval.
HOUSING_ASSISTANCE_APPROVAL_THRESHOLD = env_str("HOUSING_ASSISTANCE_APPROVAL_THRESHOLD", "1000")
# A rent subsidy ending within this many days asks for the move to public support.
HOUSING_SUBSIDY_END_NOTICE_DAYS = env_int("HOUSING_SUBSIDY_END_NOTICE_DAYS", 60)
# Batch linkage (`parcours link_clients`): pairs at or above this match
# probability go to the coordinators' review queue.
_review_threshold = env_probability("LINKAGE_REVIEW_THRESHOLD", 0.8)
LINKAGE_REVIEW_THRESHOLD: float = 0.8 if _review_threshold is None else _review_threshold
# Pairs at or above this are merged without review; off unless set (a false
# merge shows one person's data to another person's workers).
LINKAGE_AUTO_MERGE_THRESHOLD: float | None = env_probability("LINKAGE_AUTO_MERGE_THRESHOLD", None)
# Real-time search uses the weights a batch run trained once it compared at
# least this many records (EM on a small registry is too noisy to trust).
LINKAGE_TRAINED_MIN_RECORDS = env_int("LINKAGE_TRAINED_MIN_RECORDS", 5000)

# The province whose law applies (ages of consent and majority, see
# parcours/households/ages.py); AGE_OF_CONSENT / AGE_OF_MAJORITY override
# that province's default (16 and 18; Québec 14, and 19 where majority is 19).
PARCOURS_PROVINCE = env_str("PROVINCE", "ON").strip().upper()
if PARCOURS_PROVINCE not in {
    "AB",
    "BC",
    "MB",
    "NB",
    "NL",
    "NS",
    "NT",
    "NU",
    "ON",
    "PE",
    "QC",
    "SK",
    "YT",
}:
    raise ImproperlyConfigured(
        f"PROVINCE must be a province or territory code, not {PARCOURS_PROVINCE!r}"
    )
PARCOURS_AGE_OF_CONSENT_BY_PROVINCE: dict[str, int] = (
    {PARCOURS_PROVINCE: env_int("AGE_OF_CONSENT", 0)} if os.environ.get("AGE_OF_CONSENT") else {}
)
PARCOURS_AGE_OF_MAJORITY_BY_PROVINCE: dict[str, int] = (
    {PARCOURS_PROVINCE: env_int("AGE_OF_MAJORITY", 0)} if os.environ.get("AGE_OF_MAJORITY") else {}
)

# Housing matching and offers (parcours/housing/matching.py): an offer not
# answered after this many days is flagged as stalled (and is the default
# answer-by date); `parcours expire_offers` expires offers this many days
# past their answer-by date; a decline pauses the client's next offers this
# many days by default (0 = no pause); the priority of eligible clients is
# read through this function (dotted path): the by-name list's community
# prioritization (docs/reports.md); ``parcours.housing.priority.default_priorities``
# (chronic status, then homeless days) works without the reports app.
HOUSING_OFFER_STALL_DAYS = env_int("HOUSING_OFFER_STALL_DAYS", 7)
HOUSING_OFFER_EXPIRY_GRACE_DAYS = env_int("HOUSING_OFFER_EXPIRY_GRACE_DAYS", 7)
HOUSING_DECLINE_PAUSE_DAYS = env_int("HOUSING_DECLINE_PAUSE_DAYS", 0)
HOUSING_PRIORITY_PROVIDER = env_str(
    "HOUSING_PRIORITY_PROVIDER", "parcours.reports.priority.priorities"
)

# Background tasks (django-tasks): report exports are built by a worker
# (`parcours db_worker`, started by `make demo` and `make serve`) from the
# database queue; tests (and TASKS_BACKEND=immediate) build them at once, in
# the request. An export is kept REPORT_EXPORT_DAYS days (`parcours purge_exports`).
TASKS_BACKEND = env_str("TASKS_BACKEND", "immediate" if TESTING else "database")
if TASKS_BACKEND not in {"immediate", "database"}:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND must be immediate or database, not {TASKS_BACKEND!r}"
    )
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks_db.DatabaseBackend"
            if TASKS_BACKEND == "database"
            else "django_tasks.backends.immediate.ImmediateBackend"
        ),
        "QUEUES": ["default"],
    }
}
REPORT_EXPORT_DAYS = env_int("REPORT_EXPORT_DAYS", 7)
# The largest HMIS export (a .zip) a coordinator may upload, in bytes.
HMIS_UPLOAD_MAX_BYTES = env_int("HMIS_UPLOAD_MAX_BYTES", 200_000_000)
# Up to this many new people, an import scores each against the registry at
# once; beyond, batch linkage (`link_clients`) runs in the worker after it.
HMIS_IMPORT_SCORE_LIMIT = env_int("HMIS_IMPORT_SCORE_LIMIT", 2000)

NINJA_PAGINATION_PER_PAGE = PARCOURS_PAGE_SIZE
# The largest page an API list answers (parcours.api.pagination).
API_MAX_PAGE_SIZE = env_int("API_MAX_PAGE_SIZE", 200)
NINJA_PAGINATION_MAX_LIMIT = API_MAX_PAGE_SIZE
