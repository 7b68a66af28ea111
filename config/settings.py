"""Yavar settings: one module, every deployment difference comes from environment variables.

YAVAR_ENV=production turns on the production posture (no debug, secure cookies, HSTS) and
refuses to start without YAVAR_SECRET_KEY and YAVAR_ALLOWED_HOSTS.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    return int(env(name, str(default)))


YAVAR_ENV = env("YAVAR_ENV", "development")
PRODUCTION = YAVAR_ENV == "production"
# Under pytest: fast password hashing and the test-only app (tests/testapp).
TESTING = env("YAVAR_TESTING") == "1" or "pytest" in sys.modules

if PRODUCTION:
    SECRET_KEY = env("YAVAR_SECRET_KEY")
    ALLOWED_HOSTS = env_list("YAVAR_ALLOWED_HOSTS")
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "YAVAR_ENV=production needs YAVAR_SECRET_KEY (at least 50 random characters)."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("YAVAR_ENV=production needs YAVAR_ALLOWED_HOSTS.")
    DEBUG = False
else:
    # A development key is fine only because production refuses to run without its own.
    SECRET_KEY = env(
        "YAVAR_SECRET_KEY", "dev-only-insecure-key-never-used-in-production-0123456789"
    )
    ALLOWED_HOSTS = env_list("YAVAR_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
    DEBUG = env("YAVAR_DEBUG", "0" if TESTING else "1") == "1"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.admin",
    "django.contrib.humanize",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "yavar.core",
    "yavar.orgunits",
    "yavar.accounts",
    "yavar.audit",
    "yavar.workflow",
    "yavar.imports",
    "yavar.integrations",
    "yavar.people",
    "yavar.catalog",
    "yavar.safehouse",
    "yavar.giving",
    "yavar.giving.reconciliation",
    "yavar.volunteering",
    "yavar.api",
    "yavar.portal",
    "yavar.demo",
    *(["tests.testapp"] if TESTING else []),
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "yavar.audit.middleware.RequestContextMiddleware",
    "yavar.accounts.middleware.RequireSecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "yavar.core.middleware.ApplicationErrorMiddleware",
    # Last, so a locked-out login is answered before the view runs.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "yavar.accounts.context_processors.navigation",
            ],
            "builtins": ["yavar.core.templatetags.yavar_format"],
        },
    }
]

# --- Database -------------------------------------------------------------------------------
SQLITE_PATH = env("YAVAR_SQLITE_PATH", str(BASE_DIR / "var" / "yavar.sqlite3"))
Path(SQLITE_PATH).parent.mkdir(parents=True, exist_ok=True)  # a fresh clone has no var/
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{SQLITE_PATH}"), conn_max_age=env_int("DB_CONN_MAX_AGE", 0)
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers run beside the one writer; IMMEDIATE takes the write lock at BEGIN
        # so two writers queue on busy_timeout instead of failing with "database is locked".
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    # pg_trgm and Persian collation need a UTF-8 database; template0 lets us choose it.
    DATABASES["default"].setdefault("TEST", {}).update({"TEMPLATE": "template0", "CHARSET": "UTF8"})
    # Django turns psycopg's prepared statements off (None) for transaction-pooling proxies,
    # where each transaction may meet another session. Yavar's connections are its own, so the
    # hot paths' batches and reads are prepared once per connection (core.prepared); behind such a
    # proxy set YAVAR_DB_PREPARED=0. Django's own cursors bind on the client and never prepare.
    if env("YAVAR_DB_PREPARED", "1") != "0":
        DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = 5
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts and security ------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Argon2 is deliberately slow; tests create hundreds of users.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
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

AXES_FAILURE_LIMIT = env_int("YAVAR_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("YAVAR_LOCKOUT_HOURS", 1)
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "yavar.accounts.views.lockout_response"
AXES_VERBOSE = False

# Idle timeout: the cookie is renewed on every request, so it lapses after this much silence.
SESSION_COOKIE_AGE = env_int("YAVAR_IDLE_TIMEOUT_SECONDS", 30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
OTP_TOTP_ISSUER = "Yavar"

if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env("YAVAR_SSL_REDIRECT", "1") == "1"
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("YAVAR_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    CSRF_TRUSTED_ORIGINS = env_list("YAVAR_CSRF_TRUSTED_ORIGINS")

# --- Language, time -------------------------------------------------------------------------
LANGUAGE_CODE = "fa"
LANGUAGES = [("fa", _("Persian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "yavar_language"
TIME_ZONE = "Asia/Tehran"
USE_I18N = True
USE_TZ = True

# --- Static files: vendored from npm at setup into a git-ignored folder ----------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "var" / "collected-static"
MEDIA_ROOT = BASE_DIR / "var" / "private-media"

# --- Background tasks -----------------------------------------------------------------------
# Tests run tasks in-process (ImmediateBackend) so a test sees their effect; `make run` and
# production queue them in the database for the worker.
TASKS = {
    "default": {
        "BACKEND": env(
            "YAVAR_TASK_BACKEND",
            "django_tasks.backends.immediate.ImmediateBackend"
            if TESTING
            else "django_tasks_db.DatabaseBackend",
        ),
    }
}

# --- Outside bodies (yavar/integrations) ----------------------------------------------------
# Development defaults reach the simulators `make run` starts (manage.py run_simulator).
# `retries` = further tries after the first (2 → 3 attempts); `backoff` doubles each retry.
YAVAR_INTEGRATIONS = {
    "civil_registry": {
        "url": env("YAVAR_CIVIL_REGISTRY_URL", "http://127.0.0.1:8101"),
        "username": env("YAVAR_CIVIL_REGISTRY_USERNAME", "yavar"),
        "password": env("YAVAR_CIVIL_REGISTRY_PASSWORD", "simulator"),
        "api_key": env("YAVAR_CIVIL_REGISTRY_API_KEY"),  # if set, sent as Bearer instead of basic
        "timeout": float(env("YAVAR_CIVIL_REGISTRY_TIMEOUT", "5")),
        "retries": env_int("YAVAR_CIVIL_REGISTRY_RETRIES", 2),
        "backoff": float(env("YAVAR_CIVIL_REGISTRY_BACKOFF", "0.2")),
        "ca_file": env("YAVAR_CIVIL_REGISTRY_CA_FILE"),
        "proxy": env("YAVAR_CIVIL_REGISTRY_PROXY"),
    },
    # The people's-participation account's payment gateway (Shaparak-style, Bank Mellat).
    "bank_gateway": {
        "url": env("YAVAR_BANK_GATEWAY_URL", "http://127.0.0.1:8102"),
        "terminal_id": env("YAVAR_BANK_GATEWAY_TERMINAL_ID", "4000100"),
        "username": env("YAVAR_BANK_GATEWAY_USERNAME", "yavar"),
        "password": env("YAVAR_BANK_GATEWAY_PASSWORD", "simulator"),
        "api_key": env("YAVAR_BANK_GATEWAY_API_KEY"),
        "timeout": float(env("YAVAR_BANK_GATEWAY_TIMEOUT", "10")),
        "retries": env_int("YAVAR_BANK_GATEWAY_RETRIES", 2),
        "backoff": float(env("YAVAR_BANK_GATEWAY_BACKOFF", "0.5")),
        "ca_file": env("YAVAR_BANK_GATEWAY_CA_FILE"),
        "proxy": env("YAVAR_BANK_GATEWAY_PROXY"),
    },
    "sms": {
        "url": env("YAVAR_SMS_URL", "http://127.0.0.1:8103"),
        "api_key": env("YAVAR_SMS_API_KEY", "simulator-sms-key"),
        "timeout": float(env("YAVAR_SMS_TIMEOUT", "5")),
        "retries": env_int("YAVAR_SMS_RETRIES", 2),
        "backoff": float(env("YAVAR_SMS_BACKOFF", "0.2")),
        "ca_file": env("YAVAR_SMS_CA_FILE"),
        "proxy": env("YAVAR_SMS_PROXY"),
    },
}
# How many texts the SMS simulator keeps for reading back; 0 keeps its own limit. The donation
# benchmark, whose books read back every receipt, raises it.
YAVAR_SMS_SIM_OUTBOX_LIMIT = env_int("YAVAR_SMS_SIM_OUTBOX_LIMIT", 0)
if PRODUCTION:
    # Never let production talk to a simulator's address with a simulator's password.
    for _name in (
        "YAVAR_CIVIL_REGISTRY_URL",
        "YAVAR_BANK_GATEWAY_URL",
        "YAVAR_BANK_GATEWAY_TERMINAL_ID",
        "YAVAR_SMS_URL",
        "YAVAR_SMS_API_KEY",
    ):
        if not env(_name):
            raise ImproperlyConfigured(f"YAVAR_ENV=production needs {_name}.")

# --- Logging: to stdout; never log request bodies (survivor data may be in them) ------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("YAVAR_LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # The PDF renderer and its font subsetter narrate every step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# --- Yavar ----------------------------------------------------------------------------------
YAVAR_SITE_TITLE = _("Yavar")

# Whole provincial offices sit behind one NAT address, so lockout is per account, not per IP
# (axes.W006 warns about exactly that choice).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# Safe houses: emergency (break-glass) reads last this long; closed cases leave the working
# lists after this many days (purging their narrative is a separate, deliberate act).
YAVAR_BREAK_GLASS_MINUTES = env_int("YAVAR_BREAK_GLASS_MINUTES", 60)
YAVAR_SAFEHOUSE_ARCHIVE_AFTER_DAYS = env_int("YAVAR_SAFEHOUSE_ARCHIVE_AFTER_DAYS", 365)
