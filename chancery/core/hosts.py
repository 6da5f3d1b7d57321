"""Which Host headers name this site exactly: the only ones anything is kept for.

Django accepts a host of ALLOWED_HOSTS with any port, in any letter case and with a trailing
dot, and the answer carries that host in its absolute links (exports, vCards, feeds). Whatever is
kept per host — a cached page, an export file — is therefore kept only for a host written the
way the site writes it: an exact name of ALLOWED_HOSTS (not a `.example.org` pattern) or the
host of CHANCERY_SITE_URL, in lower case, without a trailing dot, and without a port or with the
port the server listens on. Other spellings are answered as well, just never stored, so no
client can make the site keep a copy per spelling.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest
from django.http.request import split_domain_port


@lru_cache(maxsize=8)
def _own_names(allowed: tuple[str, ...], site_url: str) -> tuple[frozenset[str], str]:
    names = {host.lower() for host in allowed if host and host != "*" and host[0] != "."}
    site = urlsplit(site_url)
    if site.hostname:
        names.add(site.hostname.lower())
    return frozenset(names), str(site.port or "")


def is_own_host(request: HttpRequest) -> bool:
    """Whether the request's Host is one of the site's own names, written plainly."""
    try:
        host = request.get_host()
    except DisallowedHost:
        return False
    domain, port = split_domain_port(host)
    if not domain or host != (f"{domain}:{port}" if port else domain):
        return False  # upper case, a trailing dot
    names, site_port = _own_names(tuple(settings.ALLOWED_HOSTS), settings.CHANCERY_SITE_URL)
    if port and port not in (request.META.get("SERVER_PORT"), site_port):
        return False
    return domain in names
