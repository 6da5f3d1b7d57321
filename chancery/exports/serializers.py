"""Missions as rows and features for the exports, streamed one mission at a time, in either
variant (full or CC0: see `variants`)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import QuerySet

from chancery.countries.models import Country
from chancery.directory.models import Mission
from chancery.ingest.sources import wikidata_csv

from .variants import FULL, Variant, with_sources

#: The Wikidata file's columns, in its order, with the source's values (its host in "country",
#: its place label in "city"), then Chancery's own: where the mission stands ("territory_iso",
#: "territory_name": Hong Kong for a consulate-general whose host is China) and its town.
WIKIDATA_COLUMNS = wikidata_csv.COLUMNS
OUR_COLUMNS = (
    "chancery_url",
    "name",
    "kind",
    "status",
    "sending_iso",
    "host_iso",
    "territory_iso",
    "territory_name",
    "town",
    "phones_e164",
    "first_seen",
    "last_seen",
    "source",
    "licence",
    # Added with the sources beyond Wikidata, after the columns above so that their positions
    # stay what they were.
    "id",
    "verified",
    "phone_labels",
    "fax",
    "opening_hours",
    "closed_on",
    "osm_ids",
    "govuk_id",
    "services",
)
CHUNK = 1000


def export_queryset(missions: QuerySet[Mission], variant: Variant = FULL) -> Iterator[Mission]:
    """The missions one at a time, a chunk read at once; countries come from one shared map,
    so memory stays flat whatever the size of the export (no per-row country objects, no
    prefetch reference cycles). Each mission comes with its sources' ids and the licence of
    the values it carries, its fields made public-domain for the CC0 variant."""
    countries = {country.pk: country for country in Country.objects.all()}
    batch: list[Mission] = []
    plain = missions.select_related(None).prefetch_related(None)
    for mission in plain.iterator(chunk_size=CHUNK):
        batch.append(mission)
        if len(batch) == CHUNK:
            yield from with_sources(_with_countries(batch, countries), variant)
            batch = []
    yield from with_sources(_with_countries(batch, countries), variant)


def _with_countries(batch: list[Mission], countries: dict[int, Country]) -> Iterator[Mission]:
    through = Mission.jurisdictions.through
    jurisdictions: dict[int, list[Country]] = {}
    rows = (
        through.objects.filter(mission_id__in=[m.pk for m in batch])
        .order_by("pk")
        .values_list("mission_id", "country_id")
    )
    for mission_id, country_id in rows:
        jurisdictions.setdefault(mission_id, []).append(countries[country_id])
    for mission in batch:
        mission.sending_country = countries[mission.sending_country_id]
        mission.host_country = countries[mission.host_country_id]
        if mission.territory_id is not None:
            mission.territory = countries[mission.territory_id]
        mission.export_jurisdictions = jurisdictions.get(mission.pk, [])  # type: ignore[attr-defined]  # an export-only attribute, read by the serializers below
        yield mission


def _qid_url(qid: str | None) -> str:
    return f"http://www.wikidata.org/entity/{qid}" if qid else ""


#: What a spreadsheet reads as the start of a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: Digits with a phone number's or a number's punctuation: a spreadsheet may read "+49 30 …" or
#: "-12.5" as arithmetic, but with no letters there is no function, link or command to run.
_INERT = re.compile(r"[0-9 +\-().,/|]*")


def spreadsheet_cell(value: Any) -> Any:
    """A CSV cell that a spreadsheet shows as text rather than runs as a formula.

    A text starting like a formula is prefixed with an apostrophe, as OWASP recommends, unless
    it is inert digits and punctuation: phone numbers keep their "+" (E.164), readable as typed.
    """
    if not isinstance(value, str) or not value.lstrip(" ").startswith(FORMULA_STARTS):
        return value
    if _INERT.fullmatch(value):
        return value
    return f"'{value}"


def csv_row(mission: Mission, base_url: str) -> list[Any]:
    """One mission as a CSV row, every cell safe to open in a spreadsheet."""
    return [spreadsheet_cell(cell) for cell in _csv_cells(mission, base_url)]


def _csv_cells(mission: Mission, base_url: str) -> list[Any]:
    # As in the Wikidata file, the jurisdictions start with the host country itself.
    jurisdictions = [mission.host_country, *mission.export_jurisdictions]  # type: ignore[attr-defined]  # set by _with_countries
    phones = mission.phones or []
    ids = mission.export_external_ids  # type: ignore[attr-defined]  # set by with_sources
    return [
        mission.sending_country.name,
        _qid_url(mission.sending_country.wikidata_id),
        "|".join(c.name for c in jurisdictions),
        "|".join(_qid_url(c.wikidata_id) for c in jurisdictions),
        mission.host_country.name,
        _qid_url(mission.host_country.wikidata_id),
        mission.city_source_label or mission.city,
        _qid_url(mission.city_wikidata_id),
        mission.address,
        "" if mission.latitude is None else mission.latitude,
        "" if mission.longitude is None else mission.longitude,
        "|".join(p.get("raw", "") for p in phones),
        mission.email,
        mission.website,
        mission.facebook,
        mission.twitter,
        mission.youtube,
        mission.image_url,
        mission.image_author,
        mission.image_licence,
        mission.image_licence_url,
        mission.type_label,
        _qid_url(mission.type_wikidata_id),
        mission.opened_on.isoformat() if mission.opened_on else "",
        _qid_url(mission.wikidata_id) if mission.source != "suggestion" else "",
        f"{base_url}{mission.get_absolute_url()}",
        mission.name,
        mission.kind,
        mission.status,
        mission.sending_country.iso_alpha2 or "",
        mission.host_country.iso_alpha2 or "",
        mission.located_in.iso_alpha2 or "",
        mission.located_in.name,
        mission.city,
        "|".join(p.get("e164", "") for p in phones if p.get("e164")),
        mission.first_seen.isoformat(),
        mission.last_seen.isoformat(),
        mission.source,
        mission.export_licence,  # type: ignore[attr-defined]  # set by with_sources
        mission.public_id,
        "true" if mission.verified else "false",
        # Beside `phone` (the numbers, "|"-joined): each number's label, at the same place.
        "|".join(str(p.get("label") or "").replace("|", "/") for p in phones),
        mission.fax,
        mission.opening_hours,
        mission.closed_on.isoformat() if mission.closed_on else "",
        "|".join(ids.get("osm", [])),
        ids.get("govuk", ""),
        "|".join(str(service).replace("|", "/") for service in mission.services or []),
    ]


def mission_dict(mission: Mission, base_url: str) -> dict[str, Any]:
    ids = mission.export_external_ids  # type: ignore[attr-defined]  # set by with_sources
    return {
        # The API's id: the QID, or the slug of a mission that has none.
        "id": mission.public_id,
        "wikidata_id": mission.wikidata_id,
        "external_ids": {
            "wikidata": ids.get("wikidata"),
            "osm": ids.get("osm", []),
            "govuk": ids.get("govuk"),
        },
        "url": f"{base_url}{mission.get_absolute_url()}",
        "name": mission.name,
        "names": mission.names,
        "kind": mission.kind,
        "status": mission.status,
        "sending_country": {
            "code": mission.sending_country.code,
            "name": mission.sending_country.name,
        },
        "host_country": {"code": mission.host_country.code, "name": mission.host_country.name},
        # Where it stands: Hong Kong for a consulate-general whose host (above) is China.
        "territory": {"code": mission.located_in.code, "name": mission.located_in.name},
        "jurisdictions": [
            {"code": c.code, "name": c.name}
            for c in mission.export_jurisdictions  # type: ignore[attr-defined]  # set by _with_countries
        ],
        "city": mission.city,
        "address": mission.address,
        "address_parts": mission.address_parts or None,
        "latitude": mission.latitude,
        "longitude": mission.longitude,
        "phones": [{**phone, "label": phone.get("label") or ""} for phone in mission.phones or []],
        "fax": mission.fax,
        "email": mission.email_address,
        "website": mission.website,
        # OpenStreetMap's opening_hours syntax, as the API's opening_hours.raw.
        "opening_hours": mission.opening_hours,
        "services": list(mission.services or []),
        "picture": mission.image_url,
        "picture_licence": mission.image_licence,
        "closed_on": mission.closed_on.isoformat() if mission.closed_on else None,
        "verified": mission.verified,
        # Which source each field's value comes from ("phones": "govuk"); the API lists them all.
        "sources": mission.export_field_sources,  # type: ignore[attr-defined]  # set by with_sources
        "last_seen": mission.last_seen.isoformat(),
        "source": mission.source,
        "licence": mission.export_licence,  # type: ignore[attr-defined]  # set by with_sources
    }


def json_chunks(
    missions: Iterable[Mission], base_url: str, count: int, variant: Variant = FULL
) -> Iterator[str]:
    yield '{"licence": ' + json.dumps(variant.licence) + f', "count": {count}, "missions": ['
    for index, mission in enumerate(missions):
        yield ("," if index else "") + json.dumps(
            mission_dict(mission, base_url), ensure_ascii=False
        )
    yield "]}\n"


def geojson_chunks(
    missions: Iterable[Mission], base_url: str, variant: Variant = FULL, full_list: str = ""
) -> Iterator[str]:
    """RFC 7946: a FeatureCollection of points, [longitude, latitude]. A mission without
    coordinates cannot be a feature, so it is left out, and the "metadata" member says how
    many were (RFC 7946 §6.1 allows such foreign members, as it does "licence"), and where the
    whole list is: `full_list`.

    The metadata comes after the features: the counts are those of the missions actually
    written (the CC0 variant may lose a point that only a closed source gave), counted as they
    are written, in the one pass over the missions."""
    licence = json.dumps(variant.licence)
    yield '{"type": "FeatureCollection", "licence": ' + licence + ', "features": ['
    total = features = 0
    for mission in missions:
        total += 1
        if mission.latitude is None or mission.longitude is None:
            continue
        feature = {
            "type": "Feature",
            "id": mission.public_id,
            "geometry": {"type": "Point", "coordinates": [mission.longitude, mission.latitude]},
            "properties": mission_dict(mission, base_url),
        }
        yield ("," if features else "") + json.dumps(feature, ensure_ascii=False)
        features += 1
    metadata = geojson_metadata(total, features, full_list)
    yield '], "metadata": ' + json.dumps(metadata, ensure_ascii=False) + "}\n"


def geojson_metadata(missions: int, features: int, full_list: str) -> dict[str, Any]:
    """What the GeoJSON export holds and what it leaves out."""
    left_out = missions - features
    return {
        "missions": missions,
        "features": features,
        "without_coordinates": left_out,
        "note": (
            f"{left_out} of the {missions} missions have no coordinates and are not features "
            "of this file. Every mission, with or without coordinates, is in the JSON and CSV "
            "exports."
        ),
        "full_list": full_list,
    }
