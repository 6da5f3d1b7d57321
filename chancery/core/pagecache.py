"""Whole-page cache for anonymous GETs, invalidated by a data version.

Every change to the data (a save or delete in the directory's apps, an import) bumps the
data version (`versions`); cached pages are keyed on it, so no page outlives a change.
Time-driven changes (a banner's end, a scheduled article) are covered by a short TTL.

Only pages a visitor can reach in a bounded number of ways are stored, so that nobody can fill
the cache (and, with Redis under `allkeys-lru`, push everything else out of it) by varying the
query string:

- a page with no query string is stored as before;
- a view names the query parameters it reads, and which of their values it recognises, with
  `@reads_query(...)`. A query is stored only when every parameter in it is declared, given
  once, written plainly, and has a recognised value; the key holds those parameters sorted, so
  `?a=1&b=2` and `?b=2&a=1` share one entry;
- anything else (an unknown parameter, a free-text value, a view that declares nothing) is
  rendered for the visitor and not stored.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection, Mapping
from typing import TypeVar
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, QueryDict

from .hosts import is_own_host
from .versions import data_version

#: Paths never cached: private or per-user.
PRIVATE_PREFIXES = ("/admin/", "/api/v1/import-runs", "/healthz")

#: Whether a value of a parameter is one the view recognises: called with the value and the
#: whole query (a page number is valid only up to the last page of the chosen country), and
#: only when a page is about to be stored, never when one is served.
ValueCheck = Callable[[str, QueryDict], bool]
#: The recognised values of a parameter: a fixed set, or a check.
Recognised = Collection[str] | ValueCheck
#: A parameter the view reads whose values are unbounded (a search query, a town typed in a
#: form): pages with it are never stored.
FREE_TEXT: frozenset[str] = frozenset()
#: Where `reads_query` leaves its declaration on the view.
DECLARATION_ATTRIBUTE = "page_cache_query"

View = TypeVar("View", bound=Callable[..., HttpResponse])


def reads_query(**parameters: Recognised) -> Callable[[View], View]:
    """Declare the query parameters a view reads and the values of each it recognises.

    `@reads_query(sort={"name", "level"}, q=FREE_TEXT)`; a name that is not a Python
    identifier is passed as `**{"from": ...}`. Put it outermost, above `@require_safe`.
    """

    def declare(view: View) -> View:
        setattr(view, DECLARATION_ATTRIBUTE, dict(parameters))
        return view

    return declare


def _cacheable_request(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if request.path.startswith(PRIVATE_PREFIXES):
        return False
    # A logged-in editor sees fresh, personal pages.
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    # One copy per page, not one per spelling of the site's name (pages carry it in links).
    return is_own_host(request)


def _cacheable_response(request: HttpRequest, response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming:
        return False
    if response.has_header("Set-Cookie") or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False  # a form with a CSRF token is personal
    if "cookie" in response.get("Vary", "").lower():
        return False
    control = response.get("Cache-Control", "")
    return "private" not in control and "no-store" not in control


def page_key(request: HttpRequest) -> str:
    """The path and the query's parameters in sorted order, under the current data version."""
    address = request.path
    if request.META.get("QUERY_STRING"):
        pairs = sorted((name, value) for name, values in request.GET.lists() for value in values)
        address = f"{address}?{urlencode(pairs)}"
    digest = hashlib.sha1(address.encode()).hexdigest()
    # The scheme too: absolute links follow it (and behind a proxy it comes from a header).
    return f"page:{data_version()}:{request.scheme}:{request.get_host()}:{digest}"


def _declaration(request: HttpRequest) -> Mapping[str, Recognised] | None:
    match = getattr(request, "resolver_match", None)
    return getattr(match.func, DECLARATION_ATTRIBUTE, None) if match is not None else None


def _recognised(value: str, recognised: Recognised, query: QueryDict) -> bool:
    if not callable(recognised):
        return value in recognised
    try:
        return recognised(value, query)
    except DatabaseError:
        return False  # cannot tell now: serve the page, store nothing


def storable_query(request: HttpRequest) -> bool:
    """Whether the page for this request's query may be stored (see the module's docstring)."""
    raw = request.META.get("QUERY_STRING", "")
    if not raw:
        return True
    declared = _declaration(request)
    if not declared:
        return False
    query = request.GET
    pairs = [(name, value) for name, values in query.lists() for value in values]
    if len(pairs) != len(query):
        return False  # a name given twice: the view reads one of them
    # The page repeats its query string (in the language links): store only a plainly written
    # one, not `%73ort=level` or `sort=level&&&`, which would show in the links of everyone
    # served from the entry.
    if urlencode(pairs) != raw:
        return False
    return all(
        name in declared and _recognised(value, declared[name], query) for name, value in pairs
    )


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        seconds = settings.CHANCERY_PAGE_CACHE_SECONDS
        if not seconds or not _cacheable_request(request):
            return self.get_response(request)
        # Only recognised queries are ever stored, so the lookup needs no declaration: any
        # other query simply finds nothing.
        key = page_key(request)
        hit = cache.get(key)
        if hit is not None:
            content, headers = hit
            response = HttpResponse(content)
            for name, value in headers:
                response[name] = value
            response["X-Cache"] = "HIT"
            return response
        response = self.get_response(request)
        # The view is known once it has been resolved (in the page's language), so its
        # declaration is read after the response.
        if _cacheable_response(request, response) and storable_query(request):
            if not response.has_header("Cache-Control"):
                response["Cache-Control"] = (
                    f"public, max-age={settings.CHANCERY_BROWSER_CACHE_SECONDS}"
                )
            headers = [(k, v) for k, v in response.items() if k.lower() != "set-cookie"]
            cache.set(key, (response.content, headers), timeout=seconds)
            response["X-Cache"] = "MISS"
        return response
