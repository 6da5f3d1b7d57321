"""Settings for the test suite: fast hashing, in-memory cache, no secret needed."""

from __future__ import annotations

from .base import *  # noqa: F403
from .base import MIDDLEWARE, SECRET_KEY

SECRET_KEY = SECRET_KEY or "test-only-not-secret"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Static files are not collected for tests; WhiteNoise would warn about the missing folder.
MIDDLEWARE = [m for m in MIDDLEWARE if not m.startswith("whitenoise.")]
CHANCERY_SEARCH_RECHECK_SECONDS = 0.0
# The suite's runs share var/cache: the vocabulary of the real data, built once, is loaded by
# every worker and by the PostgreSQL run, whatever other data the tests build in between.
CHANCERY_KEPT_VOCABULARIES = 24
CHANCERY_PAGE_CACHE_SECONDS = 0  # tests that need it turn it on
CHANCERY_FRAGMENT_CACHE_SECONDS = 0
CHANCERY_FETCH_ALLOW_PRIVATE = True  # the tests' feed servers listen on 127.0.0.1
