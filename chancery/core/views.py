from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponsePermanentRedirect, JsonResponse
from django.utils.encoding import escape_uri_path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .middleware import RETRY_AFTER_SECONDS
from .redirects import local_path


@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """Liveness and database check for load balancers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return JsonResponse({"status": "ok"})
    except Exception as exc:
        response = JsonResponse({"status": "error", "detail": type(exc).__name__}, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response


@require_safe
def without_default_language(request: HttpRequest, rest: str) -> HttpResponsePermanentRedirect:
    """/en/… is the page without the prefix (English has none): a permanent redirect to it,
    always to a path on this site (`/en//host` leads to `/host`, not to `//host`)."""
    query = request.META.get("QUERY_STRING", "")
    path = escape_uri_path(local_path(rest))
    return HttpResponsePermanentRedirect(path + (f"?{query}" if query else ""))
