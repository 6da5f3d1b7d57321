"""The export files, as text chunks: the one source of both the streamed answers and the built
files, so a file is byte for byte what the stream of the same missions would be.

Each format comes in two variants: `missions.<ext>`, every source's values, under the ODbL, and
`missions-cc0.<ext>`, public-domain values only (see `variants`).
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db.models import QuerySet
from django.urls import reverse

from chancery.directory.models import Mission

from . import serializers, variants
from .variants import Variant

#: (missions, the site's address, the variant, the export's filters as a query string).
Writer = Callable[[QuerySet[Mission], str, Variant, str], Iterator[str]]


@dataclass(frozen=True)
class ExportFormat:
    name: str
    filename: str
    content_type: str
    writer: Writer
    variant: Variant = variants.FULL
    #: What the exports page calls the format.
    label: str = ""

    def chunks(self, missions: QuerySet[Mission], base: str, query: str = "") -> Iterator[str]:
        """The export of `missions` (those of them the variant holds), as text chunks; `query`
        is the filters that chose them ("" for every mission), for links to the same missions
        in another format."""
        selected = variants.missions_of(missions, self.variant)
        return self.writer(selected, base, self.variant, query)

    @property
    def licence(self) -> dict:
        return self.variant.licence


class _Echo:
    """A file-like object that hands back what the CSV writer writes, one row at a time."""

    def write(self, value: str) -> str:
        return value


def _csv(missions: QuerySet[Mission], base: str, variant: Variant, query: str) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow([*serializers.WIKIDATA_COLUMNS, *serializers.OUR_COLUMNS])
    for mission in serializers.export_queryset(missions, variant):
        yield writer.writerow(serializers.csv_row(mission, base))


def _json(missions: QuerySet[Mission], base: str, variant: Variant, query: str) -> Iterator[str]:
    return serializers.json_chunks(
        serializers.export_queryset(missions, variant), base, missions.count(), variant
    )


def _geojson(missions: QuerySet[Mission], base: str, variant: Variant, query: str) -> Iterator[str]:
    # The missions it leaves out (those without coordinates) are in the JSON export of the same
    # variant and filters.
    json_export = next(f for f in FORMATS.values() if f.writer is _json and f.variant == variant)
    full_list = base + reverse(f"exports:{json_export.name}") + (f"?{query}" if query else "")
    return serializers.geojson_chunks(
        serializers.export_queryset(missions, variant), base, variant, full_list
    )


_KINDS: tuple[tuple[str, str, Writer, str], ...] = (
    ("csv", "text/csv; charset=utf-8", _csv, "CSV"),
    ("json", "application/json", _json, "JSON"),
    ("geojson", "application/geo+json", _geojson, "GeoJSON"),
)

FORMATS: dict[str, ExportFormat] = {
    **{
        name: ExportFormat(name, f"missions.{name}", content_type, writer, variants.FULL, label)
        for name, content_type, writer, label in _KINDS
    },
    **{
        f"{name}-cc0": ExportFormat(
            f"{name}-cc0", f"missions-cc0.{name}", content_type, writer, variants.CC0, label
        )
        for name, content_type, writer, label in _KINDS
    },
}
