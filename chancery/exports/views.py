"""Open data: every mission as CSV, JSON or GeoJSON, filterable like the API, in two variants:
the full one (ODbL) and a CC0 one (public-domain values only); `/exports/` lists them with
their licences, and `/exports/index.json` says the same for programs.

The unfiltered exports are sent as files built once per data version (see `published`): the
app server hands them to sendfile, with a gzip copy for clients that accept it, an ETag and a
Last-Modified. A filtered export is streamed, one mission at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from django.http import (
    FileResponse,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from chancery.core.hosts import is_own_host
from chancery.directory.filters import FilterError, mission_filters
from chancery.directory.selectors import mission_list

from . import variants
from .formats import FORMATS, ExportFormat
from .published import Published, published


def accepts_gzip(header: str) -> bool:
    """Whether an Accept-Encoding header allows gzip; `q=0` refuses it (RFC 9110, 12.5.3)."""
    wildcard = False
    for item in header.split(","):
        name, _, parameters = item.partition(";")
        quality = 1.0
        for parameter in parameters.split(";"):
            key, _, value = parameter.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        name = name.strip().lower()
        if name in ("gzip", "x-gzip"):
            return quality > 0
        if name == "*":
            wildcard = quality > 0
    return wildcard


def _common_headers(fmt: ExportFormat) -> dict[str, str]:
    return {
        "Content-Type": fmt.content_type,
        "Content-Disposition": f'inline; filename="{fmt.filename}"',
        "Link": f'<{fmt.licence["url"]}>; rel="license"',
        "Cache-Control": "public, max-age=300",
    }


def _send_file(request: HttpRequest, fmt: ExportFormat, built: Published) -> HttpResponseBase:
    headers = {
        **_common_headers(fmt),
        "ETag": built.etag,
        "Last-Modified": http_date(built.modified),
        "Vary": "Accept-Encoding",
    }
    if built.encoding:
        headers["Content-Encoding"] = built.encoding
    probe = HttpResponse(headers=headers)
    conditional = get_conditional_response(
        request, etag=built.etag, last_modified=int(built.modified), response=probe
    )
    # Given a response, Django returns it or a 304 Not Modified (or 412), never None.
    if conditional is not None and conditional is not probe:
        return conditional
    response = FileResponse(built.path.open("rb"), content_type=fmt.content_type)
    for name, value in headers.items():
        response[name] = value
    return response


def _stream(chunks: Iterator[str], fmt: ExportFormat) -> StreamingHttpResponse:
    response = StreamingHttpResponse(chunks, content_type=fmt.content_type)
    for name, value in _common_headers(fmt).items():
        response[name] = value
    return response


def _export(fmt: ExportFormat) -> Callable[[HttpRequest], HttpResponseBase]:
    @require_safe
    def view(request: HttpRequest) -> HttpResponseBase:
        # Filters are read first for every export: a bad one is a 400 naming the parameter.
        try:
            filters = mission_filters(request.GET)
        except FilterError as exc:
            return JsonResponse({"detail": str(exc)}, status=400)
        base = request.build_absolute_uri("/").rstrip("/")
        # Files are kept for the site's own address only: any other spelling of the host is
        # streamed, so no client can take the places kept for files.
        if not filters and is_own_host(request):
            accepted = accepts_gzip(request.headers.get("Accept-Encoding", ""))
            built = published(fmt, base, gzip_accepted=accepted)
            if built is not None:
                return _send_file(request, fmt, built)
        return _stream(fmt.chunks(mission_list(**filters).order_by("pk"), base), fmt)

    view.__name__ = view.__qualname__ = "missions_" + fmt.name.replace("-", "_")
    view.__doc__ = f"/exports/{fmt.filename}"
    return view


#: One view per file, by the format's name ("csv", "csv-cc0" …).
EXPORT_VIEWS = {name: _export(fmt) for name, fmt in FORMATS.items()}


def _files(request: HttpRequest) -> list[dict[str, object]]:
    """Each export file with its address and licence, full ones first."""
    return [
        {
            "name": fmt.filename,
            "format": fmt.label,
            "variant": fmt.variant.name,
            "url": request.build_absolute_uri(reverse(f"exports:{fmt.name}")),
            "media_type": fmt.content_type,
            "licence": fmt.licence,
        }
        for fmt in sorted(FORMATS.values(), key=lambda f: (f.variant.public_domain_only, f.name))
    ]


@require_safe
def exports_index(request: HttpRequest) -> HttpResponse:
    """The exports page: every file, what it holds and the licence it is under."""
    return render(
        request,
        "exports/index.html",
        {"files": _files(request), "notices": variants.LICENCE_FULL["sources"]},
    )


@require_safe
def exports_manifest(request: HttpRequest) -> JsonResponse:
    """The exports page for programs: each file's address, media type and licence."""
    response = JsonResponse({"files": _files(request)}, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "public, max-age=300"
    return response
