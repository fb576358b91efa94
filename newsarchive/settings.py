"""Settings for newsarchive, read from the environment (see .env.example).

One settings module for development, tests and production: DJANGO_DEBUG switches the
development conveniences on, and production refuses to start without a real secret key.
"""

import os
import warnings
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={value!r}: expected 1/0, true/false, yes/no or on/off")


DEBUG = env_bool("DJANGO_DEBUG", default=False)

_DEV_SECRET = "dev-only-insecure-key-do-not-use-in-production"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or (_DEV_SECRET if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is not set. Set it to a long random string, or set DJANGO_DEBUG=1 "
        "for local development."
    )

ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get(
        "DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else ""
    ).split(",")
    if host.strip()
]
CSRF_TRUSTED_ORIGINS = [
    origin.strip()
    for origin in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",")
    if origin.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_filters",
    "axes",
    "csp",
    "articles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A view failing because the database is gone answers 503 with Retry-After (below the
    # CSP and whitenoise, so the page has its headers and static files never count).
    "articles.outage.DatabaseOutageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# Logins are rate-limited by django-axes: after AXES_FAILURE_LIMIT failed attempts from one
# address, logins from there are refused for AXES_COOLOFF_TIME; after as many for one
# username, from any addresses, logins to that account are. Counting addresses alone let a
# guesser spread over many addresses try forever. `manage.py axes_reset_username NAME`
# (or deleting its access attempts in the admin) lifts an account's lockout, `axes_reset`
# every lockout.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("NEWSARCHIVE_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("NEWSARCHIVE_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
# Failures expire with the cool-off, never with a success: one valid account must not wipe
# the failures its address made against another.
AXES_RESET_ON_SUCCESS = False
# Behind a reverse proxy, NEWSARCHIVE_PROXY_COUNT says how many proxies to trust: the client's
# address is then read from X-Forwarded-For and the scheme from X-Forwarded-Proto. Without a
# proxy neither header is believed: any client can send them.
PROXY_COUNT = int(os.environ.get("NEWSARCHIVE_PROXY_COUNT", "0"))
if PROXY_COUNT > 0:
    AXES_IPWARE_PROXY_COUNT = PROXY_COUNT
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]


def _policy_threshold(value: str) -> float | None:
    if value.strip().lower() in ("off", "0", "false", "no", "none"):
        return None
    try:
        threshold = float(value)
    except ValueError:
        threshold = -1.0
    if not 0.5 <= threshold <= 1.0:
        raise ImproperlyConfigured(
            f"NEWSARCHIVE_POLICY_THRESHOLD={value!r}: expected a confidence from 0.5 to 1, or off")
    return threshold


# The confirmation policy (articles/policy.py, docs/curation.md): at the end of every import,
# suggested actor tags at or above this confidence are confirmed as the policy's decision.
# "off" leaves every tag to curators. POLICY_MEASURED is what `evaluate_tagging --policy`
# measured at the default threshold; the admin shows it beside each run.
POLICY_THRESHOLD = _policy_threshold(os.environ.get("NEWSARCHIVE_POLICY_THRESHOLD", "0.98"))
POLICY_MEASURED = {
    "precision": 0.997,
    "on": "the held-out articles of the two labelled sets, which the weights were not read "
          "from: 378 of 379 tags right (people set 281 of 281; the actor set labelled blind "
          "for it 97 of 98)",
}

AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_VERBOSE = False

ROOT_URLCONF = "newsarchive.urls"
WSGI_APPLICATION = "newsarchive.wsgi.application"

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

# PostgreSQL always. DATABASE_URL set: that server. Unset: the embedded server under var/.
# One connection per request, closed at its end (CONN_MAX_AGE 0): under gunicorn's asyncio
# worker Django runs each request in a thread of its own, and a connection kept for reuse
# would stay open with a thread that is gone until the server refuses new ones. Opening one
# costs about 6 ms on loopback, against 50-500 ms for a page (docs/benchmarks.md); and while
# the database is away each request fails at once (the 503 page), with no pool to wait on.
if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.config(conn_max_age=0)}
    if not DATABASES["default"]["ENGINE"].endswith("postgresql"):
        raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL (postgres://...)")
else:
    # the server starts with the first connection a process makes (newsarchive/embedded_backend)
    from newsarchive.embedded_db import DATABASE_NAME

    DATABASES = {
        "default": {
            "ENGINE": "newsarchive.embedded_backend",
            "NAME": DATABASE_NAME,
            "PGDATA": str(Path(os.environ.get("NEWSARCHIVE_PGDATA")
                               or BASE_DIR / "var" / "postgres")),
            "CONN_MAX_AGE": 0,
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Database sessions, with a cookie's key checked before it is looked up (articles/sessions.py).
SESSION_ENGINE = "articles.sessions"

# Searches' matches, facet counts and article pages, kept until the data changes
# (articles/listcache.py), in one cache every server process shares: Redis where REDIS_URL is
# set (docker-compose runs one), else files under NEWSARCHIVE_CACHE_DIR (var/cache), which
# every process of one machine reads, with no other server and no SQL query per entry (the
# database cache cost a list page 23 queries where it makes 12: docs/search.md). A list's
# entries come to some 50 KB, an article page to 20-200 KB; past MAX_ENTRIES a third goes
# (looked for once every 100 writes of a process: newsarchive/filecache.py).
REDIS_URL = os.environ.get("REDIS_URL", "")

# Capturing pages (articles/capture.py, `manage.py capture URL...`): where the WARC files go,
# and the bounds of a fetch. A host on a private or local address is refused unless
# NEWSARCHIVE_CAPTURE_ALLOW_PRIVATE=1 (a test server on loopback; never in production).
CAPTURE_DIR = Path(os.environ.get("NEWSARCHIVE_CAPTURE_DIR") or BASE_DIR / "var" / "captures")
CAPTURE_ALLOW_PRIVATE = os.environ.get("NEWSARCHIVE_CAPTURE_ALLOW_PRIVATE", "0") == "1"
CAPTURE_MAX_BYTES = 5 * 1024 * 1024
CAPTURE_MAX_REDIRECTS = 5
CAPTURE_TIMEOUT = 20  # seconds to connect, and for each read
CAPTURE_HOST_DELAY = float(os.environ.get("NEWSARCHIVE_CAPTURE_HOST_DELAY", "1"))
CACHE_DIR = Path(os.environ.get("NEWSARCHIVE_CACHE_DIR") or BASE_DIR / "var" / "cache")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
    } if REDIS_URL else {
        "BACKEND": "newsarchive.filecache.FileBasedCache",
        "LOCATION": str(CACHE_DIR),
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
# The archive's sources write from Washington: a text's "today" is read, and its time shown,
# on this clock (articles/tagging/records.py, the newsroom template filter). Stored times stay
# in UTC.
NEWSROOM_TIME_ZONE = "America/New_York"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# whitenoise hands static files over as a synchronous iterator; under gunicorn's asyncio worker
# (newsarchive/gunicorn_conf.py) Django reads it in a thread, as it should, and would warn on
# every file
warnings.filterwarnings("ignore", message="StreamingHttpResponse must consume synchronous "
                        "iterators", category=Warning, module="django.core.handlers.asgi")

# Production hardening; `manage.py check --deploy` is clean with DJANGO_DEBUG=0.
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# The TLS-terminating proxy says "https" in X-Forwarded-Proto; it must set (not pass on) it.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if PROXY_COUNT > 0 else None
SECURE_HSTS_SECONDS = 0 if DEBUG else int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy on every response (django-csp): only the site's own files run or
# style a page. No template has an inline script; the standalone error pages (500, 503) keep
# one inline <style>, allowed by its hash (tests/test_security.py recomputes it from the
# templates). The admin is Django's, whose scripts are all files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'sha256-t/0ZRD0qa6SJXgf1wzpMBrqMVaS21nikCGTo1bVP1bk='"],
        "img-src": [SELF],
        "form-action": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
