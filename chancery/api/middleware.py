"""HTTP behaviour of every address under /api/, whichever layer answers.

- HEAD is answered as GET is, without the body: same status and headers (RFC 9110 §9.3.2).
  The API's views declare GET only, and ninja would otherwise answer HEAD with 405.
- Every error is JSON `{"detail": …}`: the URL resolver's 404, ninja's 405, the 500 that
  Django renders for an uncaught exception (logged by Django's `django.request` logger, with
  its traceback, before it gets here) and any other page-shaped error. Errors the API already
  answers in JSON pass unchanged. Pages outside /api/ keep their HTML errors.
"""

from __future__ import annotations

from collections.abc import Callable
from http import HTTPStatus

from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    JsonResponse,
    StreamingHttpResponse,
)

API_PREFIX = "/api/"
DOCS_PATH = "/api/v1/docs"

# Headers that describe the replaced body rather than the answer.
_BODY_HEADERS = frozenset(
    {
        "content-type",
        "content-length",
        "content-encoding",
        "content-language",
        "content-disposition",
        "etag",
        "last-modified",
    }
)


def _is_json(response: HttpResponseBase) -> bool:
    media_type = response.get("Content-Type", "").split(";", 1)[0].strip().lower()
    return media_type == "application/json" or media_type.endswith("+json")


def _allowed_methods(response: HttpResponseBase) -> str:
    methods = [m.strip().upper() for m in response.get("Allow", "").split(",") if m.strip()]
    if "GET" in methods and "HEAD" not in methods:
        methods.append("HEAD")
    return ", ".join(sorted(methods))


def _detail(request: HttpRequest, response: HttpResponseBase, allowed: str) -> str:
    status = response.status_code
    if status == HTTPStatus.NOT_FOUND:
        return f"No API endpoint at {request.path[:200]}; the endpoints are listed at {DOCS_PATH}"
    if status == HTTPStatus.METHOD_NOT_ALLOWED:
        method = request.META.get("REQUEST_METHOD", "")[:20]
        return f"Method {method} is not allowed here; allowed: {allowed or 'none'}"
    if status >= HTTPStatus.INTERNAL_SERVER_ERROR:
        return "Internal server error: something went wrong on our side; try again later"
    return response.reason_phrase or f"Error {status}"


def json_error(request: HttpRequest, response: HttpResponseBase) -> JsonResponse:
    """`response`'s status and headers with a `{"detail": …}` body in place of its page."""
    allowed = _allowed_methods(response)
    replacement = JsonResponse(
        {"detail": _detail(request, response, allowed)}, status=response.status_code
    )
    for name, value in response.items():
        if name.lower() not in _BODY_HEADERS:
            replacement[name] = value
    if allowed:
        replacement["Allow"] = allowed
    replacement["Content-Length"] = str(len(replacement.content))
    replacement.cookies = response.cookies
    # Django logs each error answer once (a 500 with its traceback); the replacement is the
    # same answer, not a second one to log.
    replacement._has_been_logged = getattr(response, "_has_been_logged", False)  # type: ignore[attr-defined]  # Django's private flag, read by log_response
    return replacement


def _without_body(response: HttpResponseBase) -> HttpResponseBase:
    # Content-Length stays that of the GET body, as RFC 9110 allows for HEAD.
    if isinstance(response, StreamingHttpResponse):  # FileResponse too
        response.streaming_content = []
    elif isinstance(response, HttpResponse):
        response.content = b""
    return response


class ApiHttpMiddleware:
    """Sits above GZipMiddleware, so that a HEAD answer carries the GET answer's encoding and
    length, and an error body is replaced after any compression (the JSON is never encoded)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        head = request.method == "HEAD"
        if head:
            request.method = "GET"
        try:
            response = self.get_response(request)
        finally:
            if head:
                request.method = "HEAD"
        if response.status_code >= HTTPStatus.BAD_REQUEST and not _is_json(response):
            response = json_error(request, response)
        if head:
            response = _without_body(response)
        return response
