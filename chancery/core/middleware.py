"""When the database is down, say so plainly and retry later: never a traceback."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db.utils import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

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


class RejectNulMiddleware:
    """A NUL character in a query parameter is never meaningful (and PostgreSQL refuses it in
    text): answer 400 before any view sees it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        for name, values in request.GET.lists():
            if "\x00" in name or any("\x00" in value for value in values):
                message = f"{name.replace(chr(0), '')}: contains a NUL character"
                if request.path.startswith("/api/"):
                    return HttpResponse(
                        '{"detail": "%s"}' % message.replace('"', "'"),  # noqa: UP031
                        content_type="application/json",
                        status=400,
                    )
                return HttpResponse(message, content_type="text/plain; charset=utf-8", status=400)
        return self.get_response(request)
