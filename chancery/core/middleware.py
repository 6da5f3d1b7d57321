"""Site-wide middleware: the language from the URL, NUL characters in parameters, a plain 503
when the database is down (never a traceback), and no redirect off the site."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.db.utils import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.template.loader import render_to_string
from django.utils import translation
from django.views.defaults import page_not_found

from .redirects import is_local_redirect

if TYPE_CHECKING:
    from django.http.request import _ImmutableQueryDict

logger = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 30


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error("database unavailable: %s", exception)
        # Broken connections are dropped by Django when the request finishes
        # (close_old_connections), so the next request reconnects when the database is back.
        if request.path.startswith("/api/"):
            response = HttpResponse(
                '{"detail": "The database is unavailable; try again shortly."}',
                content_type="application/json",
                status=503,
            )
        else:
            response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response


class StripNulMiddleware:
    """A NUL character in a query parameter is never meaningful, and PostgreSQL refuses it in
    text: drop it before any view sees the parameters (search already ignores control
    characters; everything else then just sees the rest of the value)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "%00" in request.META.get("QUERY_STRING", "") or any(
            "\x00" in name or any("\x00" in v for v in values)
            for name, values in request.GET.lists()
        ):
            cleaned = QueryDict(mutable=True)
            for name, values in request.GET.lists():
                cleaned.setlist(name.replace("\x00", ""), [v.replace("\x00", "") for v in values])
            cleaned._mutable = False
            # Locked like the one Django built; the stubs only know that type from QueryDict("…").
            request.GET = cast("_ImmutableQueryDict", cleaned)
        return self.get_response(request)


def _asked_language(request: HttpRequest) -> str | None:
    """The `?lang=` of an address that takes its language from the query (the API's), when it
    names one of the site's languages."""
    if not request.path_info.startswith(settings.CHANCERY_QUERY_LANGUAGE_PATHS):
        return None
    asked = request.GET.get("lang", "")
    return asked if asked in dict(settings.LANGUAGES) else None


class UrlLanguageMiddleware:
    """The language comes from the URL alone: /fr/in/russia/ is French, /in/russia/ English,
    and /api/v1/missions?lang=fr French (the API's addresses carry no language prefix).

    Unlike Django's LocaleMiddleware, no cookie or Accept-Language header is read, so a URL
    always answers the same page: caches and CDNs need no `Vary: Accept-Language`, and a link
    someone shares opens in the language they saw.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = (
            translation.get_language_from_path(request.path_info)
            or _asked_language(request)
            or settings.LANGUAGE_CODE
        )
        translation.activate(language)
        request.LANGUAGE_CODE = language
        try:
            response = self.get_response(request)
        finally:
            translation.deactivate()
        response.headers.setdefault("Content-Language", language)
        return response


class OffSiteRedirectGuardMiddleware:
    """The last word on every redirect: one whose Location would take a browser to another
    site (`//host`, `/\\host`, `https://host`) is answered 404 instead, whatever produced it.

    The views build their redirects from local paths already; this guard keeps a future one,
    or a path echoed from the request, from ever becoming an open redirect.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        location = response.get("Location")
        if location is None or not 300 <= response.status_code < 400:
            return response
        try:
            own_hosts = {request.get_host().lower()}
        except DisallowedHost:
            own_hosts = set()
        if is_local_redirect(location, own_hosts):
            return response
        logger.warning("off-site redirect to %r from %s refused", location, request.path)
        refused = page_not_found(request, Http404())
        refused["Cache-Control"] = "no-store"
        return refused
