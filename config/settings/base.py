"""Settings shared by every environment.

Every value that differs between machines comes from an environment variable read here, in one
place; `.env.example` documents each of them.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("CHANCERY_VAR_DIR") or BASE_DIR / "var")
SHARED_DATA_DIR = BASE_DIR.parent / "shared" / "data"


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_number(name: str, default: float, kind: type[int] | type[float] = int) -> Any:
    """A number from the environment; unset or empty means the default (the lines of
    .env.example can be copied as they are), anything else unreadable stops with its name."""
    value = os.environ.get(name, "").strip()
    if not value:
        return kind(default)
    try:
        return kind(value)
    except ValueError:
        raise ImproperlyConfigured(
            f"{name}={value!r} is not {'a whole number' if kind is int else 'a number'}"
        ) from None


def tile_origins(url: str) -> list[str]:
    """The origin of a tile URL template for the CSP (https is allowed already): a plain-http
    or local tile server must be named; a {s} subdomain becomes a wildcard."""
    parts = urlsplit(url.replace("{s}.", "*."))
    if parts.scheme == "https" or not parts.netloc:
        return []
    return [f"{parts.scheme}://{parts.netloc}"]


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", default=False)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "ninja",
    "chancery.core",
    "chancery.countries",
    "chancery.directory",
    "chancery.lexicon",
    "chancery.ingest",
    "chancery.search",
    "chancery.assist",
    "chancery.advisories",
    "chancery.news",
    "chancery.corrections",
    "chancery.exports",
    "axes",
    "corsheaders",
    "csp",
    "chancery.api",
]

MIDDLEWARE = [
    # Outermost: no response, whatever made it, redirects a browser to another site.
    "chancery.core.middleware.OffSiteRedirectGuardMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # /api/: HEAD answered as GET, every error as JSON (above GZip: see chancery.api.middleware).
    "chancery.api.middleware.ApiHttpMiddleware",
    # Pages compressed for browsers that accept it (random padding against BREACH).
    "django.middleware.gzip.GZipMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "chancery.core.middleware.StripNulMiddleware",
    # ETag on every GET answer; If-None-Match gets 304 Not Modified.
    "django.middleware.http.ConditionalGetMiddleware",
    # Anonymous GETs served whole from the cache until the data changes (see core.pagecache).
    "chancery.core.pagecache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language from the URL prefix alone (no cookie, no Accept-Language): see core.middleware.
    "chancery.core.middleware.UrlLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "chancery.core.middleware.DatabaseUnavailableMiddleware",
    # Last: locks out repeated failed admin logins.
    "axes.middleware.AxesMiddleware",
]

# Admin logins: passwords hashed with Argon2; five failures lock the username from that
# address out for an hour (attempts recorded in the database, shared by every app server).
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Where a login leads when its `next` is missing or not a path on this site: the admin, the
# only place anyone logs in to (Django's default, /accounts/profile/, does not exist here).
LOGIN_REDIRECT_URL = "admin:index"
AXES_FAILURE_LIMIT = env_number("CHANCERY_LOGIN_FAILURES", 5)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True

# Outcome emails to people who suggested a correction: printed to the console unless an
# email backend is configured.
EMAIL_BACKEND = (
    os.environ.get("DJANGO_EMAIL_BACKEND") or "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST") or "localhost"
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL") or "Chancery <no-reply@localhost>"

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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

# Database: a SQLite file in var/ unless DATABASE_URL says otherwise (postgres://… for PostgreSQL).
DEFAULT_SQLITE_URL = f"sqlite:///{VAR_DIR / 'chancery.sqlite3'}"
DATABASE_URL = os.environ.get("DATABASE_URL") or DEFAULT_SQLITE_URL
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Connections are kept between requests (CONN_MAX_AGE above): opening one costs a fifth of
    # a country page. Restores write through SQLite's backup API, which open connections see.
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers carry on while an import writes; IMMEDIATE avoids lock upgrades.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set (shared between app servers), else per-process memory.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "chancery",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("fr", "Français"),
    ("es", "Español"),
    ("de", "Deutsch"),
    ("ru", "Русский"),
    ("ar", "العربية"),
]
#: The language is chosen by the URL (/fr/in/russia/); English pages have no prefix.
#: Addresses under these prefixes take it from `?lang=` instead (the API answers in English
#: unless asked).
CHANCERY_QUERY_LANGUAGE_PATHS = ("/api/",)
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]
# English dates day first ("27 November 2026"); other languages use Django's own formats.
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS: list = [BASE_DIR / "static"]
# Map libraries, installed from npm by `make setup` (package.json) and served as our own files.
for _package in ("leaflet", "leaflet.markercluster"):
    if (BASE_DIR / "node_modules" / _package / "dist").is_dir():
        STATICFILES_DIRS.append(
            (f"vendor/{_package}", BASE_DIR / "node_modules" / _package / "dist")
        )
# Static files under hashed names (css/site.3f2a….css, the manifest in STATIC_ROOT), so
# WhiteNoise can tell browsers to keep them for good (Cache-Control: immutable) while a changed
# file gets a new name at once; `collectstatic` must run before the site is served.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# WhiteNoise marks hashed files immutable for ten years; one year is the customary ceiling
# (and what HTTP/1.1 caches were promised at most). Unhashed names (nothing the pages link to)
# keep WhiteNoise's WHITENOISE_MAX_AGE default: 60 s, 0 with DEBUG.
STATIC_IMMUTABLE_SECONDS = 365 * 24 * 60 * 60


def _static_cache_headers(headers: Any, path: str, url: str) -> None:
    if "immutable" in headers.get("Cache-Control", ""):
        headers["Cache-Control"] = f"max-age={STATIC_IMMUTABLE_SECONDS}, public, immutable"


WHITENOISE_ADD_HEADERS_FUNCTION = _static_cache_headers

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL") or "WARNING"},
}

# API pages hold at most this many items (?limit=).
NINJA_PAGINATION_MAX_LIMIT = 500

# Where `ingest_missions` reads from when no --file is given: a path or an http(s) URL.
MISSIONS_CSV_UPSTREAM_URL = (
    "https://raw.githubusercontent.com/database-of-embassies/database-of-embassies/"
    "master/database_of_embassies.csv"
)
_bundled_snapshot = SHARED_DATA_DIR / "wikidata-missions" / "missions-2022-11-16.csv"
CHANCERY_MISSIONS_CSV = os.environ.get("CHANCERY_MISSIONS_CSV") or (
    str(_bundled_snapshot) if _bundled_snapshot.exists() else MISSIONS_CSV_UPSTREAM_URL
)

# How often (seconds) each process checks the database for changes its search index missed;
# saves and imports through Django bump the index at once.
CHANCERY_SEARCH_RECHECK_SECONDS = env_number("CHANCERY_SEARCH_RECHECK_SECONDS", 5, float)
# Vocabularies kept under var/cache (about 20 MB each), the newest first: a data version that
# comes back loads in a second instead of being built again.
CHANCERY_KEPT_VOCABULARIES = env_number("CHANCERY_KEPT_VOCABULARIES", 3, int)

# Where `ingest_advisories` reads each issuer's feed when no --file is given (default: the
# issuer's live feed; the shared snapshot of the US feed when it is there).
_us_snapshot = SHARED_DATA_DIR / "us-state-travel-advisories" / "TAsTWs-2025-10-14.xml"
CHANCERY_ADVISORY_FEEDS = {
    "us": os.environ.get("CHANCERY_ADVISORIES_US")
    or (str(_us_snapshot) if _us_snapshot.exists() else ""),
    "uk": os.environ.get("CHANCERY_ADVISORIES_UK", ""),
    "ca": os.environ.get("CHANCERY_ADVISORIES_CA", ""),
}

# Where the contact sources are asked when a command is given no --file: the Wikidata Query
# Service, an Overpass API server, and GOV.UK's Content API (for the UK's own list of offices).
CHANCERY_WIKIDATA_SPARQL_URL = (
    os.environ.get("CHANCERY_WIKIDATA_SPARQL_URL") or "https://query.wikidata.org/sparql"
)
CHANCERY_OVERPASS_URL = (
    os.environ.get("CHANCERY_OVERPASS_URL") or "https://overpass-api.de/api/interpreter"
)
CHANCERY_GOVUK_API_URL = os.environ.get("CHANCERY_GOVUK_API_URL") or "https://www.gov.uk/api"
# How the operators of those services can reach whoever runs this copy (an email address or a
# URL), sent in the User-Agent as their policies ask; the site's address when unset.
CHANCERY_CONTACT = os.environ.get("CHANCERY_CONTACT", "")
# Where to report a security problem (an email address or a URL), published in
# /.well-known/security.txt: CHANCERY_CONTACT when unset, else security@ the site's host.
CHANCERY_SECURITY_CONTACT = os.environ.get("CHANCERY_SECURITY_CONTACT", "")

# Public suggestions: at most this many per client address in any hour (counted in the
# database, so every worker and server shares the count).
CHANCERY_SUGGESTIONS_PER_HOUR = env_number("CHANCERY_SUGGESTIONS_PER_HOUR", 5)

# The open data (API and exports) may be read from any web page: GET only, no credentials.
CORS_ALLOW_ALL_ORIGINS = True
CORS_URLS_REGEX = r"^/(api|exports)/.*$"
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_ALLOW_CREDENTIALS = False
# How many reverse proxies (load balancer, CDN) stand in front of the app servers: the
# client's address is then read from the X-Forwarded-For entry they add (rate limits).
CHANCERY_PROXY_COUNT = env_number("CHANCERY_PROXY_COUNT", 0)

# The public address of the site: the static mirror links its dynamic pages (search, help,
# forms, API) there.
CHANCERY_SITE_URL = os.environ.get("CHANCERY_SITE_URL") or "http://127.0.0.1:8000"

# Whole-page cache for anonymous visitors: seconds a page is kept (0 turns it off). Any data
# change invalidates all pages at once; the time limit covers banners and scheduled news.
CHANCERY_PAGE_CACHE_SECONDS = env_number("CHANCERY_PAGE_CACHE_SECONDS", 60)
# Fragments several pages share (a country's banners, advisory summary, latest news), kept
# per data version and language for this many seconds (0 turns it off).
CHANCERY_FRAGMENT_CACHE_SECONDS = env_number("CHANCERY_FRAGMENT_CACHE_SECONDS", 60)
# Cache-Control max-age sent with cacheable pages (browsers and CDNs).
CHANCERY_BROWSER_CACHE_SECONDS = env_number("CHANCERY_BROWSER_CACHE_SECONDS", 60)

# Map tiles: any XYZ tile server ({s} subdomains, {z}/{x}/{y}); OpenStreetMap's by default.
# Their use must follow the server's policy; name it in the attribution, which is shown on maps.
CHANCERY_TILE_URL = (
    os.environ.get("CHANCERY_TILE_URL") or "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
)
CHANCERY_TILE_ATTRIBUTION = (
    os.environ.get("CHANCERY_TILE_ATTRIBUTION")
    or '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
)

# Content-Security-Policy: everything from this site; pictures also from Wikimedia Commons
# (and map tiles, https); no inline script. The admin's inline styles need 'unsafe-inline'
# for styles only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:", "https:", *tile_origins(CHANCERY_TILE_URL)],
        "style-src": ["'self'", "'unsafe-inline'"],
        "script-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "object-src": ["'none'"],
    }
}

# --- Fetching import sources (chancery.ingest.fetch) ------------------------------------------
# Downloads (feeds, the missions file) are refused from loopback and private addresses unless
# this is on: for a feed server on the local network, and for the tests' local servers. Cloud
# metadata, link-local, multicast and reserved addresses stay refused either way.
CHANCERY_FETCH_ALLOW_PRIVATE = env_bool("CHANCERY_FETCH_ALLOW_PRIVATE", False)

# --- Whole-table exports as files (chancery.exports.published) --------------------------------
# /exports/missions.{csv,json,geojson} without filters are written here once per data version
# (with gzip copies) and sent as files; filtered exports are streamed.
CHANCERY_EXPORTS_DIR = Path(os.environ.get("CHANCERY_EXPORTS_DIR") or VAR_DIR / "exports")
# Seconds each process goes on trusting the data version it last read from the database; a
# change made through Django shows at once wherever the cache is shared (Redis), and in the
# process that made it.
CHANCERY_EXPORTS_RECHECK_SECONDS = env_number("CHANCERY_EXPORTS_RECHECK_SECONDS", 2, float)
