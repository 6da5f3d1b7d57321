"""The three export formats, as text chunks: the one source of both the streamed answers and the
built files, so a file is byte for byte what the stream of the same missions would be."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db.models import QuerySet

from chancery.directory.models import Mission

from . import serializers


@dataclass(frozen=True)
class ExportFormat:
    name: str
    filename: str
    content_type: str
    chunks: Callable[[QuerySet[Mission], str], Iterator[str]]


class _Echo:
    """A file-like object that hands back what the CSV writer writes, one row at a time."""

    def write(self, value: str) -> str:
        return value


def _csv(missions: QuerySet[Mission], base: str) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow([*serializers.WIKIDATA_COLUMNS, *serializers.OUR_COLUMNS])
    for mission in serializers.export_queryset(missions):
        yield writer.writerow(serializers.csv_row(mission, base))


def _json(missions: QuerySet[Mission], base: str) -> Iterator[str]:
    return serializers.json_chunks(serializers.export_queryset(missions), base, missions.count())


def _geojson(missions: QuerySet[Mission], base: str) -> Iterator[str]:
    return serializers.geojson_chunks(serializers.export_queryset(missions), base)


FORMATS = {
    "csv": ExportFormat("csv", "missions.csv", "text/csv; charset=utf-8", _csv),
    "json": ExportFormat("json", "missions.json", "application/json", _json),
    "geojson": ExportFormat("geojson", "missions.geojson", "application/geo+json", _geojson),
}
