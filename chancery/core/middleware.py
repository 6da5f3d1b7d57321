"""When the database is down, say so plainly and retry later: never a traceback."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import connections
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
        # Drop broken connections so that the next request reconnects when it is back.
        for connection in connections.all(initialized_only=True):
            connection.close_if_unusable_or_obsolete()
            try:
                connection.close()
            except Exception:
                logger.debug("closing a broken connection failed", exc_info=True)
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
