"""Open data: every mission as CSV, JSON or GeoJSON, filterable like the API, in two variants:
the full one (ODbL) and a CC0 one (public-domain values only); `/exports/` lists them with
their licences, and `/exports/index.json` says the same for programs.

The unfiltered exports are sent as files built once per data version (see `published`): the
app server hands them to sendfile, with a gzip copy for clients that accept it. A filtered
export is streamed, one mission at a time (gzipped here for clients that accept it). Both carry
a strong ETag made of the data version, the site address, the file, the query and the encoding,
and a Last-Modified, so that If-None-Match and If-Modified-Since are answered 304 Not Modified
before any mission is read.
"""

from __future__ import annotations

import hashlib
import zlib
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

from chancery.core.fragments import cached_value
from chancery.core.hosts import is_own_host
from chancery.directory.filters import FilterError, mission_filters
from chancery.directory.selectors import mission_list

from . import variants
from .formats import FORMATS, ExportFormat
from .published import Published, blocks, current_version, published, site_key


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


def _validated_headers(
    fmt: ExportFormat, etag: str, modified: float, encoding: str | None
) -> dict[str, str]:
    headers = {
        **_common_headers(fmt),
        "ETag": etag,
        "Last-Modified": http_date(modified),
        "Vary": "Accept-Encoding",
    }
    if encoding:
        headers["Content-Encoding"] = encoding
    return headers


def _not_modified(
    request: HttpRequest, headers: dict[str, str], etag: str, modified: float
) -> HttpResponseBase | None:
    """304 Not Modified (or 412) when the client's copy is current, else None."""
    probe = HttpResponse(headers=headers)
    conditional = get_conditional_response(
        request, etag=etag, last_modified=int(modified), response=probe
    )
    # Given a response, Django returns it or a 304 Not Modified (or 412), never None.
    if conditional is not None and conditional is not probe:
        return conditional
    return None


def _send_file(request: HttpRequest, fmt: ExportFormat, built: Published) -> HttpResponseBase:
    headers = _validated_headers(fmt, built.etag, built.modified, built.encoding)
    conditional = _not_modified(request, headers, built.etag, built.modified)
    if conditional is not None:
        return conditional
    response = FileResponse(built.path.open("rb"), content_type=fmt.content_type)
    for name, value in headers.items():
        response[name] = value
    return response


def _gzipped(chunks: Iterator[str]) -> Iterator[bytes]:
    """The chunks as one gzip stream with no time or name in its header: the same missions
    always give the same bytes, which a strong ETag promises. (Left to GZipMiddleware, whose
    output differs on every request, the ETag would be made weak.)"""
    packer = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    for block in blocks(chunks):
        packed = packer.compress(block)
        if packed:
            yield packed
    yield packer.flush()


def _stream(
    request: HttpRequest, fmt: ExportFormat, base: str, chunks: Callable[[], Iterator[str]]
) -> HttpResponseBase:
    """The export made now, one mission at a time. Its tag names the data version it is made
    from (read before the first mission), the site address and the query; its Last-Modified is
    when this process first saw that version."""
    version, since = current_version()
    gzip_accepted = accepts_gzip(request.headers.get("Accept-Encoding", ""))
    query = hashlib.sha256(request.META.get("QUERY_STRING", "").encode()).hexdigest()[:12]
    tag = f"{version}-{site_key(base)}-{fmt.name}-{query}-stream"
    etag = '"' + tag + ("-gzip" if gzip_accepted else "") + '"'
    headers = _validated_headers(fmt, etag, since, "gzip" if gzip_accepted else None)
    conditional = _not_modified(request, headers, etag, since)
    if conditional is not None:
        return conditional
    if request.method == "HEAD":
        content: Iterator[bytes] | Iterator[str] = iter(())  # the headers alone: no query run
    elif gzip_accepted:
        content = _gzipped(chunks())
    else:
        content = chunks()
    response = StreamingHttpResponse(content, content_type=fmt.content_type)
    for name, value in headers.items():
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
        missions = mission_list(**filters).order_by("pk")
        query = request.GET.urlencode()
        return _stream(request, fmt, base, lambda: fmt.chunks(missions, base, query))

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


def geojson_counts() -> dict[str, int]:
    """How many missions the full exports hold, how many of them the GeoJSON can place on a
    map, and how many it leaves out for want of coordinates (as its "metadata" member says)."""
    missions = mission_list()
    total = missions.count()
    features = missions.filter(latitude__isnull=False, longitude__isnull=False).count()
    return {"missions": total, "features": features, "without_coordinates": total - features}


@require_safe
def exports_index(request: HttpRequest) -> HttpResponse:
    """The exports page: every file, what it holds and the licence it is under."""
    return render(
        request,
        "exports/index.html",
        {
            "files": _files(request),
            "notices": variants.LICENCE_FULL["sources"],
            "geojson": cached_value("exports-geojson-counts", (), geojson_counts),
        },
    )


@require_safe
def exports_manifest(request: HttpRequest) -> JsonResponse:
    """The exports page for programs: each file's address, media type and licence."""
    response = JsonResponse({"files": _files(request)}, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "public, max-age=300"
    return response
