"""The time zone a mission keeps, for "open now" and for showing its hours in its own time.

The zone comes from the mission's coordinates (timezonefinder's boundary polygons) and, when
there are none or they fall in open sea, from its country when that country has a single zone
(CLDR's territory → zones table, shipped with babel). A country with several zones and no usable
coordinates gets "": the caller then says nothing about "open now" rather than guessing.

Points at sea get "" rather than timezonefinder's nautical "Etc/GMT±N" zones: a mission's
coordinates offshore are a data error or a rounded position next to a coast, and a nautical zone
ignores daylight saving time, so it would be wrong for part of the year. The country fallback
still applies to them.
"""

from __future__ import annotations

import math
import threading
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.core import get_global
from timezonefinder import TimezoneFinder

_finder: TimezoneFinder | None = None
# Guards creating the finder and querying it: the finder keeps lookup state on itself, and a
# query costs about a microsecond, so holding the lock around each one costs nothing measurable.
_finder_lock = threading.Lock()


def _zone_finder() -> TimezoneFinder:
    """The process's one finder, built on first use. `in_memory` loads the polygons once (about
    20 ms, measured) and makes each query faster than reading them from disk."""
    global _finder
    if _finder is None:
        with _finder_lock:
            if _finder is None:
                _finder = TimezoneFinder(in_memory=True)
    return _finder


def _usable_zone(name: str | None) -> str:
    """`name` when this machine's zone database knows it, else ""."""
    if not name:
        return ""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ""
    return name


def _valid_point(latitude: float, longitude: float) -> bool:
    if not (math.isfinite(latitude) and math.isfinite(longitude)):
        return False
    return -90.0 <= latitude <= 90.0 and -180.0 <= longitude <= 180.0


def zone_at_point(latitude: float, longitude: float) -> str:
    """The land time zone at a point, or "" at sea (see the module's note)."""
    finder = _zone_finder()
    with _finder_lock:
        name = finder.timezone_at_land(lng=longitude, lat=latitude)
    return _usable_zone(name)


@lru_cache(maxsize=512)
def country_zone(country_code: str) -> str:
    """The zone of a country that has only one, else "" (several zones, or a code CLDR lacks)."""
    zones = get_global("territory_zones").get(country_code.upper(), [])
    known = [zone for zone in zones if _usable_zone(zone)]
    return known[0] if len(known) == 1 else ""


def time_zone_at(latitude: float | None, longitude: float | None, country_code: str = "") -> str:
    """The IANA zone of a place: from its coordinates, else its country's single zone, else ""."""
    if latitude is not None and longitude is not None and _valid_point(latitude, longitude):
        zone = zone_at_point(latitude, longitude)
        if zone:
            return zone
    return country_zone(country_code) if country_code else ""
