"""Open data: every mission as CSV, JSON or GeoJSON, streamed, filterable like the API."""

from __future__ import annotations

import csv
from collections.abc import Iterator

from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.views.decorators.http import require_safe

from chancery.directory.filters import FilterError, mission_filters
from chancery.directory.selectors import mission_list

from . import serializers


class _Echo:
    def write(self, value: str) -> str:
        return value


def _missions(request: HttpRequest):
    return mission_list(**mission_filters(request.GET)).order_by("pk")


def _bad(exc: FilterError) -> HttpResponse:
    return JsonResponse({"detail": str(exc)}, status=400)


def _stream(chunks: Iterator[str], content_type: str, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(chunks, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Link"] = f'<{serializers.LICENCE["url"]}>; rel="license"'
    response["Cache-Control"] = "public, max-age=300"
    return response


@require_safe
def missions_csv(request: HttpRequest) -> HttpResponse:
    try:
        missions = _missions(request)
    except FilterError as exc:
        return _bad(exc)
    base = request.build_absolute_uri("/").rstrip("/")
    writer = csv.writer(_Echo())

    def rows() -> Iterator[str]:
        yield writer.writerow([*serializers.WIKIDATA_COLUMNS, *serializers.OUR_COLUMNS])
        for mission in serializers.export_queryset(missions):
            yield writer.writerow(serializers.csv_row(mission, base))

    return _stream(rows(), "text/csv; charset=utf-8", "missions.csv")


@require_safe
def missions_json(request: HttpRequest) -> HttpResponse:
    try:
        missions = _missions(request)
    except FilterError as exc:
        return _bad(exc)
    base = request.build_absolute_uri("/").rstrip("/")
    count = missions.count()
    chunks = serializers.json_chunks(serializers.export_queryset(missions), base, count)
    return _stream(chunks, "application/json", "missions.json")


@require_safe
def missions_geojson(request: HttpRequest) -> HttpResponse:
    try:
        missions = _missions(request)
    except FilterError as exc:
        return _bad(exc)
    base = request.build_absolute_uri("/").rstrip("/")
    chunks = serializers.geojson_chunks(serializers.export_queryset(missions), base)
    return _stream(chunks, "application/geo+json", "missions.geojson")
