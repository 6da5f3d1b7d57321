"""Open data: every mission as CSV, JSON or GeoJSON, streamed, filterable like the API."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from functools import wraps

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.views.decorators.http import require_safe

from chancery.directory.filters import FilterError, mission_filters
from chancery.directory.models import Mission
from chancery.directory.selectors import mission_list

from . import serializers


class _Echo:
    def write(self, value: str) -> str:
        return value


def _missions(request: HttpRequest):
    return mission_list(**mission_filters(request.GET)).order_by("pk")


def _filtered(export: Callable[[HttpRequest, QuerySet[Mission], str], HttpResponse]):
    """Read the filters once for every export: a bad one is a 400 naming the parameter."""

    @require_safe
    @wraps(export)
    def view(request: HttpRequest) -> HttpResponse:
        try:
            missions = _missions(request)
        except FilterError as exc:
            return JsonResponse({"detail": str(exc)}, status=400)
        return export(request, missions, request.build_absolute_uri("/").rstrip("/"))

    return view


def _stream(chunks: Iterator[str], content_type: str, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(chunks, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Link"] = f'<{serializers.LICENCE["url"]}>; rel="license"'
    response["Cache-Control"] = "public, max-age=300"
    return response


@_filtered
def missions_csv(request: HttpRequest, missions: QuerySet[Mission], base: str) -> HttpResponse:
    writer = csv.writer(_Echo())

    def rows() -> Iterator[str]:
        yield writer.writerow([*serializers.WIKIDATA_COLUMNS, *serializers.OUR_COLUMNS])
        for mission in serializers.export_queryset(missions):
            yield writer.writerow(serializers.csv_row(mission, base))

    return _stream(rows(), "text/csv; charset=utf-8", "missions.csv")


@_filtered
def missions_json(request: HttpRequest, missions: QuerySet[Mission], base: str) -> HttpResponse:
    chunks = serializers.json_chunks(serializers.export_queryset(missions), base, missions.count())
    return _stream(chunks, "application/json", "missions.json")


@_filtered
def missions_geojson(request: HttpRequest, missions: QuerySet[Mission], base: str) -> HttpResponse:
    chunks = serializers.geojson_chunks(serializers.export_queryset(missions), base)
    return _stream(chunks, "application/geo+json", "missions.geojson")
