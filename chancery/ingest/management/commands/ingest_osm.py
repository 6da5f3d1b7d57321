from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q

from chancery.countries.places import country_code_at
from chancery.ingest.contacts import contacts_import, report_write
from chancery.ingest.fetch import FetchError, local_copy
from chancery.ingest.sources import osm
from chancery.ingest.sources.records import ContactRecord, RowError, SourceFormatError

#: An Overpass answer or extract for the whole world is a few megabytes; this is generous.
MAX_OSM_BYTES = 100 * 1024 * 1024


def located_in(codes: set[str]) -> Q:
    """The links of missions standing in (or hosted by) one of `codes`."""
    return Q(mission__territory__iso_alpha2__in=codes) | Q(
        mission__host_country__iso_alpha2__in=codes
    )


class Command(BaseCommand):
    help = (
        "Import diplomatic offices from OpenStreetMap: live from an Overpass API server "
        "(worldwide or --country), or from an Overpass JSON or GeoJSON --file."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        where = parser.add_mutually_exclusive_group()
        where.add_argument("--country", help="ISO 3166-1 alpha-2 code: only offices there.")
        where.add_argument("--file", help="Overpass JSON or GeoJSON (WGS 84 or EPSG:3857).")
        parser.add_argument("--endpoint", default=None, help="Overpass API interpreter URL.")
        parser.add_argument("--dry-run", action="store_true", help="Report, then roll back.")
        parser.add_argument("--no-progress", action="store_true", help="Accepted for symmetry.")

    def handle(self, *args: object, **options: object) -> None:
        country = str(options["country"] or "").upper() or None
        if country and (len(country) != 2 or not country.isalpha()):
            raise CommandError(f"--country {options['country']!r} is not an ISO alpha-2 code")
        try:
            if options["file"]:
                location = str(options["file"])
                with local_copy(location, max_bytes=MAX_OSM_BYTES, progress=False) as path:
                    items = list(osm.read_features(Path(path)))
                # A file is complete for the places its offices stand in.
                scope = located_in(_codes_of(items))
            else:
                location = str(options["endpoint"] or settings.CHANCERY_OVERPASS_URL)
                items = list(osm.fetch_features(country, endpoint=location))
                scope = located_in({country}) if country else Q()
        except (FetchError, SourceFormatError) as exc:
            raise CommandError(f"{exc}. Nothing was changed.") from exc
        report = contacts_import(
            items,
            source=osm.SOURCE_NAME,
            location=location,
            scope=scope,
            dry_run=bool(options["dry_run"]),
        )
        report_write(self, report)


def _codes_of(items: list[ContactRecord | RowError]) -> set[str]:
    return {
        item.host_code or country_code_at(item.latitude, item.longitude)
        for item in items
        if isinstance(item, ContactRecord)
        and item.latitude is not None
        and item.longitude is not None
    }
