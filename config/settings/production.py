"""Production: refuses to start without a secret key, with DEBUG on or with a wildcard host;
secure cookies and HSTS."""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS, CHANCERY_PROXY_COUNT, DEBUG, SECRET_KEY, env_bool, env_number

if not SECRET_KEY:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set in production.")
if not os.environ.get("DJANGO_ALLOWED_HOSTS"):
    raise ImproperlyConfigured(
        "DJANGO_ALLOWED_HOSTS must be set in production (comma-separated host names)."
    )

# Debug pages show settings and source to anyone, and "*" answers any Host header (poisoned
# password-reset links, cache keys per forged host): both are refused, not merely warned about.
# CHANCERY_ALLOW_INSECURE_PRODUCTION=1 overrides, for a short diagnosis behind a firewall.
if not env_bool("CHANCERY_ALLOW_INSECURE_PRODUCTION"):
    if DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_DEBUG is on: production refuses to start with debug pages "
            "(set CHANCERY_ALLOW_INSECURE_PRODUCTION=1 to override)."
        )
    if "*" in ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "DJANGO_ALLOWED_HOSTS contains '*': production refuses to answer any host name; "
            "list the site's names (set CHANCERY_ALLOW_INSECURE_PRODUCTION=1 to override)."
        )

SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", default=True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env_number("DJANGO_HSTS_SECONDS", 0)
if not SECURE_HSTS_SECONDS:
    # HSTS is a promise that is hard to take back: it is turned on by setting
    # DJANGO_HSTS_SECONDS once the domain is served over HTTPS only (docs/deploy.md).
    SILENCED_SYSTEM_CHECKS = ["security.W004"]
# X-Forwarded-Proto says whether the client used https, but anyone can send it: it is believed
# only when CHANCERY_PROXY_COUNT says a proxy stands in front (and sets it).
if CHANCERY_PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", default=False)
