"""The time zone a mission keeps: from its coordinates, else from a single-zone country."""

from __future__ import annotations

import math

import pytest

from chancery.directory.timezones import country_zone, time_zone_at


@pytest.mark.parametrize(
    ("latitude", "longitude", "zone"),
    [
        (55.7558, 37.6173, "Europe/Moscow"),  # Moscow, Red Square
        (14.5995, 120.9842, "Asia/Manila"),  # Manila
        (1.2966, 103.8520, "Asia/Singapore"),
        (38.8977, -77.0365, "America/New_York"),  # Washington: the US has many zones
    ],
)
def test_zone_from_coordinates(latitude: float, longitude: float, zone: str) -> None:
    assert time_zone_at(latitude, longitude) == zone


def test_coordinates_win_over_the_country() -> None:
    # Vladivostok is in Russia, whose capital's zone is not the right one there.
    assert time_zone_at(43.1155, 131.8855, "RU") == "Asia/Vladivostok"


def test_a_point_at_sea_has_no_zone() -> None:
    # Mid-Atlantic: no nautical "Etc/GMT+2", which knows no daylight saving time.
    assert time_zone_at(0.0, -30.0) == ""


def test_a_point_at_sea_falls_back_to_the_country() -> None:
    assert time_zone_at(0.0, -30.0, "SG") == "Asia/Singapore"


def test_no_coordinates_single_zone_country() -> None:
    assert time_zone_at(None, None, "SG") == "Asia/Singapore"
    assert time_zone_at(None, None, "ph") == "Asia/Manila"


def test_no_coordinates_country_with_several_zones() -> None:
    assert time_zone_at(None, None, "US") == ""
    assert time_zone_at(None, None, "RU") == ""


@pytest.mark.parametrize(
    ("latitude", "longitude"),
    [(math.nan, 121.0), (95.0, 0.0), (0.0, 200.0), (None, 121.0), (14.6, None)],
)
def test_unusable_coordinates_fall_back_to_the_country(
    latitude: float | None, longitude: float | None
) -> None:
    assert time_zone_at(latitude, longitude, "PH") == "Asia/Manila"


def test_nothing_known_gives_no_zone() -> None:
    assert time_zone_at(None, None) == ""
    assert time_zone_at(None, None, "XX") == ""
    assert country_zone("") == ""
