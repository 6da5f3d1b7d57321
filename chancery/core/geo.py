"""Where a person is, from coordinates alone, offline.

`reverse_geocode` (GeoNames places, a k-d tree) gives the nearest populated place and its
country. Far from any place (at sea, in a desert) the answer says how far that place is, so the
page can say "you seem to be at sea; the nearest country is …".
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

#: Beyond this distance from the nearest town, the point is treated as at sea or remote.
REMOTE_KM = 50.0
#: The Earth's mean radius (IUGG), for every great-circle distance: here, in the search
#: vocabulary and in the database query that orders missions by distance.
EARTH_RADIUS_KM = 6371.0088


class CoordinatesError(ValueError):
    """Latitude or longitude out of range or not numbers."""


@dataclass(frozen=True)
class Place:
    country_code: str
    city: str
    latitude: float
    longitude: float
    distance_km: float

    @property
    def remote(self) -> bool:
        return self.distance_km > REMOTE_KM


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km on a sphere of the Earth's mean radius (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def check_coordinates(latitude: float, longitude: float) -> None:
    for name, value, limit in (("lat", latitude, 90), ("lon", longitude, 180)):
        if not isinstance(value, int | float) or math.isnan(value) or math.isinf(value):
            raise CoordinatesError(f"{name} must be a number")
        if not -limit <= value <= limit:
            raise CoordinatesError(f"{name} must be between -{limit} and {limit}, got {value}")


@cache
def _geocoder():
    import reverse_geocode

    return reverse_geocode


def nearest_place(latitude: float, longitude: float) -> Place:
    """The nearest populated place to a point, with its country and distance."""
    check_coordinates(latitude, longitude)
    found = _geocoder().get((latitude, longitude))
    lat, lon = float(found["latitude"]), float(found["longitude"])
    return Place(
        country_code=found["country_code"],
        city=found.get("city", ""),
        latitude=lat,
        longitude=lon,
        distance_km=great_circle_km(latitude, longitude, lat, lon),
    )
