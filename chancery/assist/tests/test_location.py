"""Where the person is: offline reverse geocoding, distances, and the parsing of inputs."""

from __future__ import annotations

import math

import pytest

from chancery.assist.location import country_from, location_from
from chancery.assist.types import AssistInputError
from chancery.core.geo import (
    REMOTE_KM,
    CoordinatesError,
    check_coordinates,
    great_circle_km,
    nearest_place,
)

from .helpers import haversine_km

# --- great_circle_km and check_coordinates (no database) ------------------------------------


def test_great_circle_known_distances() -> None:
    # Paris (Notre-Dame) to London (Charing Cross): about 344 km.
    assert great_circle_km(48.8530, 2.3499, 51.5073, -0.1276) == pytest.approx(343.5, abs=2)
    # One degree of latitude along a meridian.
    assert great_circle_km(10, 20, 11, 20) == pytest.approx(111.2, abs=0.1)
    # One degree of longitude at 60° is half as long as at the equator.
    assert great_circle_km(60, 0, 60, 1) == pytest.approx(great_circle_km(0, 0, 0, 1) / 2, rel=1e-3)


def test_great_circle_edge_cases() -> None:
    assert great_circle_km(12.5, -70.0, 12.5, -70.0) == 0.0
    # Antipodes: half the circumference, without a math domain error.
    half = great_circle_km(0, 0, 0, 180)
    assert half == pytest.approx(math.pi * 6371.0, rel=1e-3)
    assert great_circle_km(90, 0, -90, 0) == pytest.approx(half, rel=1e-9)
    # Across the antimeridian it takes the short way round.
    assert great_circle_km(0, 179.5, 0, -179.5) == pytest.approx(111.2, abs=0.2)


@pytest.mark.parametrize(
    "points",
    [(-8.65, 115.22, -7.29, 112.73), (59.94, 30.31, 55.75, 37.62), (-33.9, 151.2, 40.7, -74.0)],
)
def test_great_circle_matches_an_independent_haversine(points: tuple[float, ...]) -> None:
    a_to_b = great_circle_km(*points)
    assert a_to_b == pytest.approx(haversine_km(*points), rel=1e-3)
    lat1, lon1, lat2, lon2 = points
    assert great_circle_km(lat2, lon2, lat1, lon1) == pytest.approx(a_to_b, rel=1e-12)


@pytest.mark.parametrize(
    ("latitude", "longitude", "name"),
    [
        (91, 0, "lat"),
        (-90.0001, 0, "lat"),
        (0, 180.5, "lon"),
        (0, -181, "lon"),
        (float("nan"), 0, "lat"),
        (0, float("inf"), "lon"),
        ("abc", 0, "lat"),
    ],
)
def test_check_coordinates_rejects_bad_values(
    latitude: object, longitude: object, name: str
) -> None:
    with pytest.raises(CoordinatesError) as error:
        check_coordinates(latitude, longitude)  # type: ignore[arg-type]
    assert str(error.value).startswith(name + " ")


@pytest.mark.parametrize(("latitude", "longitude"), [(90, 180), (-90, -180), (0, 0), (45, -0.0)])
def test_check_coordinates_accepts_the_limits(latitude: float, longitude: float) -> None:
    check_coordinates(latitude, longitude)


# --- nearest_place (offline, no database) ---------------------------------------------------


@pytest.mark.parametrize(
    ("latitude", "longitude", "code"),
    [
        (48.8566, 2.3522, "FR"),  # Paris
        (-8.65, 115.22, "ID"),  # Denpasar, Bali
        (59.94, 30.31, "RU"),  # Saint Petersburg
        (48.5734, 7.7521, "FR"),  # Strasbourg
        (48.5725, 7.8153, "DE"),  # Kehl, across the Rhine
        (35.6895, 139.6917, "JP"),  # Tokyo
        (-33.8688, 151.2093, "AU"),  # Sydney
    ],
)
def test_nearest_place_finds_the_country(latitude: float, longitude: float, code: str) -> None:
    place = nearest_place(latitude, longitude)
    assert place.country_code == code
    assert place.city
    assert not place.remote
    assert place.distance_km == pytest.approx(
        great_circle_km(latitude, longitude, place.latitude, place.longitude)
    )


def test_nearest_place_at_sea_is_remote() -> None:
    place = nearest_place(30.0, -40.0)
    assert place.remote
    assert place.distance_km > REMOTE_KM
    assert len(place.country_code) == 2


def test_nearest_place_checks_its_input() -> None:
    with pytest.raises(CoordinatesError):
        nearest_place(100, 0)


# --- country_from and location_from (database) ----------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["NL", "nl", "NLD", "netherlands", "Netherlands", " NL "])
def test_country_from_accepts_codes_slugs_and_names(value: str) -> None:
    assert country_from(value, "nationality").iso_alpha2 == "NL"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("value", "fragment"), [("", "required"), ("   ", "required"), (None, "required"), ("XX", "XX")]
)
def test_country_from_names_the_parameter(value: str | None, fragment: str) -> None:
    with pytest.raises(AssistInputError) as error:
        country_from(value, "nationality")
    assert error.value.parameter == "nationality"
    assert str(error.value).startswith("nationality: ")
    assert fragment in str(error.value)


@pytest.mark.django_db
def test_location_from_coordinates() -> None:
    location = location_from(latitude=-8.65, longitude=115.22)
    assert location.country.iso_alpha2 == "ID"
    assert location.source == "coordinates"
    assert location.point is not None
    assert (location.point.latitude, location.point.longitude) == (-8.65, 115.22)
    assert location.city  # the nearest town's name
    assert location.place is not None and location.place.country_code == "ID"
    assert location.note == ""


@pytest.mark.django_db
def test_location_from_coordinates_and_a_matching_country_has_no_note() -> None:
    assert location_from(country="ID", latitude=-8.65, longitude=115.22).note == ""


@pytest.mark.django_db
def test_location_from_coordinates_and_another_country_follows_the_coordinates() -> None:
    location = location_from(country="FR", latitude=48.5725, longitude=7.8153)
    assert location.country.iso_alpha2 == "DE"
    assert "Germany" in location.note and "France" in location.note


@pytest.mark.django_db
def test_location_from_a_city() -> None:
    location = location_from(country="ID", city="Denpasar")
    assert location.country.iso_alpha2 == "ID"
    assert location.source == "city"
    assert location.city == "Denpasar"
    assert location.point is not None
    assert great_circle_km(
        location.point.latitude, location.point.longitude, -8.65, 115.22
    ) == pytest.approx(0, abs=15)


@pytest.mark.django_db
def test_location_from_an_unknown_city_keeps_the_country() -> None:
    location = location_from(country="ID", city="Xyzzyville")
    assert location.country.iso_alpha2 == "ID"
    assert location.point is None
    assert location.source == "country"


@pytest.mark.django_db
def test_location_from_a_country_only() -> None:
    location = location_from(country="indonesia")
    assert location.country.iso_alpha2 == "ID"
    assert (location.point, location.city, location.source) == (None, "", "country")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kwargs", "parameter"),
    [
        ({}, "country"),
        ({"country": "  "}, "country"),
        ({"country": "Atlantis"}, "country"),
        ({"latitude": 10.0}, "lon"),
        ({"longitude": 10.0}, "lat"),
        ({"latitude": 91.0, "longitude": 0.0}, "lat"),
        ({"latitude": 0.0, "longitude": -181.0}, "lon"),
        ({"latitude": float("nan"), "longitude": 0.0}, "lat"),
        ({"country": "Atlantis", "latitude": -8.65, "longitude": 115.22}, "country"),
    ],
)
def test_location_from_errors_name_the_parameter(kwargs: dict, parameter: str) -> None:
    with pytest.raises(AssistInputError) as error:
        location_from(**kwargs)
    assert error.value.parameter == parameter
    assert str(error.value).startswith(f"{parameter}: ")
