"""Mission filters as the API and the exports take them, checked with a clear message each."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from chancery.countries.selectors import country_lookup

from .models import MissionKind
from .selectors import SOURCE_FILTERS, STATUS_FILTERS

DEFAULT_RADIUS_KM = 50.0
MAX_RADIUS_KM = 20_000.0


class FilterError(ValueError):
    """A filter parameter is wrong; the message starts with its name."""


def _numbers(name: str, value: str, count: int) -> list[float]:
    parts = [p.strip() for p in value.split(",")]
    if len(parts) != count:
        raise FilterError(f"{name}: expected {count} comma-separated numbers, got {value[:80]!r}")
    try:
        numbers = [float(p) for p in parts]
    except ValueError:
        raise FilterError(f"{name}: not numbers: {value[:80]!r}") from None
    if any(math.isnan(n) or math.isinf(n) for n in numbers):
        raise FilterError(f"{name}: numbers must be finite")
    return numbers


def _check_lat_lon(name: str, lat: float, lon: float) -> None:
    if not -90 <= lat <= 90:
        raise FilterError(f"{name}: latitude must be between -90 and 90, got {lat}")
    if not -180 <= lon <= 180:
        raise FilterError(f"{name}: longitude must be between -180 and 180, got {lon}")


def _true(value: object) -> bool:
    return str(value or "").lower() in ("1", "true", "yes")


def mission_filters(params: Mapping[str, Any]) -> dict[str, Any]:
    """Keyword arguments for `selectors.mission_list` from query parameters."""
    out: dict[str, Any] = {}
    for name in ("sending", "host"):
        code = (params.get(name) or "").strip()
        if code:
            country = country_lookup(code).country
            if country is None:
                raise FilterError(f"{name}: unknown country {code[:60]!r}")
            out[name] = country
    territory = str(params.get("territory") or "").strip()
    if territory:
        # Where missions stand, whatever host the source gives: Hong Kong, New Caledonia, or a
        # state proper; with include_territories, a state and its territories.
        place = country_lookup(territory).country
        if place is None:
            raise FilterError(f"territory: unknown country {territory[:60]!r}")
        if _true(params.get("include_territories")):
            out["within"] = place
        else:
            out["located"] = place
    kind = (params.get("kind") or "").strip()
    if kind:
        if kind not in MissionKind.values:
            raise FilterError(
                f"kind: unknown kind {kind[:40]!r}; one of {', '.join(MissionKind.values)}"
            )
        out["kind"] = kind
    city = (params.get("city") or "").strip()
    if city:
        out["city"] = city[:200]
    status = (params.get("status") or "").strip()
    if status:
        if status not in STATUS_FILTERS:
            raise FilterError(f"status: one of {', '.join(STATUS_FILTERS)}, got {status[:40]!r}")
        out["status"] = status
    source = str(params.get("source") or "").strip()
    if source:
        # The provider that created the missions: "osm" gives those known only from
        # OpenStreetMap (no QID, unverified), "wikidata" those from Wikidata's items.
        if source not in SOURCE_FILTERS:
            raise FilterError(f"source: one of {', '.join(SOURCE_FILTERS)}, got {source[:40]!r}")
        out["source"] = source
    if _true(params.get("include_withdrawn")):
        out["include_withdrawn"] = True
    bbox = (params.get("bbox") or "").strip()
    if bbox:
        min_lon, min_lat, max_lon, max_lat = _numbers("bbox", bbox, 4)
        _check_lat_lon("bbox", min_lat, min_lon)
        _check_lat_lon("bbox", max_lat, max_lon)
        if min_lat > max_lat:
            raise FilterError(
                "bbox: min_lat is greater than max_lat (order: min_lon,min_lat,max_lon,max_lat)"
            )
        out["bbox"] = (min_lon, min_lat, max_lon, max_lat)
    near = (params.get("near") or "").strip()
    radius = params.get("radius_km")
    if near:
        lat, lon = _numbers("near", near, 2)
        _check_lat_lon("near", lat, lon)
        out["near"] = (lat, lon)
        try:
            radius_km = float(radius) if radius not in (None, "") else DEFAULT_RADIUS_KM
        except (TypeError, ValueError):
            raise FilterError(f"radius_km: not a number: {str(radius)[:40]!r}") from None
        if not 0 < radius_km <= MAX_RADIUS_KM:
            raise FilterError(f"radius_km: must be above 0 and at most {MAX_RADIUS_KM:.0f}")
        out["radius_km"] = radius_km
    elif radius not in (None, ""):
        raise FilterError("radius_km: only with near=lat,lon")
    return out
