"""Whole-page cache for anonymous GETs, invalidated by a data version.

Every change to the data (a save or delete in the directory's apps, an import) bumps one
version number in the shared cache; cached pages are keyed on it, so no page outlives a change.
Time-driven changes (a banner's end, a scheduled article) are covered by a short TTL.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

VERSION_KEY = "site:data-version"
#: Paths never cached: private or per-user.
PRIVATE_PREFIXES = ("/admin/", "/api/v1/import-runs", "/healthz")


def data_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY) or 1
    return int(version)


def bump_data_version(**_kwargs: object) -> None:
    """Invalidate every cached page (connected to data-change signals)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, timeout=None)


def _cacheable_request(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if request.path.startswith(PRIVATE_PREFIXES):
        return False
    # A logged-in editor sees fresh, personal pages.
    return settings.SESSION_COOKIE_NAME not in request.COOKIES


def _cacheable_response(request: HttpRequest, response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming:
        return False
    if response.has_header("Set-Cookie") or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False  # a form with a CSRF token is personal
    if "cookie" in response.get("Vary", "").lower():
        return False
    control = response.get("Cache-Control", "")
    return "private" not in control and "no-store" not in control


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        seconds = settings.CHANCERY_PAGE_CACHE_SECONDS
        if not seconds or not _cacheable_request(request):
            return self.get_response(request)
        digest = hashlib.sha1(request.get_full_path().encode()).hexdigest()
        key = f"page:{data_version()}:{request.get_host()}:{digest}"
        hit = cache.get(key)
        if hit is not None:
            content, headers = hit
            response = HttpResponse(content)
            for name, value in headers:
                response[name] = value
            response["X-Cache"] = "HIT"
            return response
        response = self.get_response(request)
        if _cacheable_response(request, response):
            if not response.has_header("Cache-Control"):
                response["Cache-Control"] = (
                    f"public, max-age={settings.CHANCERY_BROWSER_CACHE_SECONDS}"
                )
            headers = [(k, v) for k, v in response.items() if k.lower() != "set-cookie"]
            cache.set(key, (response.content, headers), timeout=seconds)
            response["X-Cache"] = "MISS"
        return response
