"""GET /api/v1/missions with the open-data filters: status, bbox, near/radius_km, pagination."""

from __future__ import annotations

import pytest
from django.test import Client

from chancery.directory.models import Mission, MissionStatus

from .helpers import (
    BELGIAN_EMBASSY_IN_RUSSIA,
    GERMAN_EMBASSY_IN_RUSSIA,
    MOSCOW,
    api,
    haversine_km,
)

pytestmark = pytest.mark.django_db

ALL = {"limit": 500}


def _ids(page: dict) -> list[str]:
    return [m["wikidata_id"] for m in page["items"]]


def _with_coordinates() -> list[tuple[str, float, float]]:
    return list(
        Mission.objects.active()
        .exclude(latitude=None)
        .exclude(longitude=None)
        .values_list("wikidata_id", "latitude", "longitude")
    )


# --- status -----------------------------------------------------------------------------------


def test_status_filter_closed_withdrawn_active_and_all(client: Client) -> None:
    Mission.objects.filter(wikidata_id=GERMAN_EMBASSY_IN_RUSSIA).update(status=MissionStatus.CLOSED)
    Mission.objects.filter(wikidata_id=BELGIAN_EMBASSY_IN_RUSSIA).update(
        status=MissionStatus.WITHDRAWN
    )
    total = Mission.objects.count()

    default = api(client, "/missions", host="RU", **ALL)
    assert GERMAN_EMBASSY_IN_RUSSIA not in _ids(default)
    assert BELGIAN_EMBASSY_IN_RUSSIA not in _ids(default)
    assert {m["status"] for m in default["items"]} == {"active"}
    assert api(client, "/missions", host="RU", status="active", **ALL) == default

    closed = api(client, "/missions", status="closed")
    assert closed["count"] == 1
    assert _ids(closed) == [GERMAN_EMBASSY_IN_RUSSIA]
    assert closed["items"][0]["status"] == "closed"

    withdrawn = api(client, "/missions", status="withdrawn")
    assert withdrawn["count"] == 1
    assert _ids(withdrawn) == [BELGIAN_EMBASSY_IN_RUSSIA]
    assert withdrawn["items"][0]["status"] == "withdrawn"

    everything = api(client, "/missions", status="all", limit=1)
    assert everything["count"] == total
    assert api(client, "/missions", limit=1)["count"] == total - 2

    with_withdrawn = api(client, "/missions", host="RU", include_withdrawn="true", **ALL)
    assert BELGIAN_EMBASSY_IN_RUSSIA in _ids(with_withdrawn)


# --- bbox -------------------------------------------------------------------------------------


def test_bbox_around_moscow_keeps_exactly_the_missions_inside(client: Client) -> None:
    min_lon, min_lat, max_lon, max_lat = 37.3, 55.5, 37.9, 56.0
    page = api(client, "/missions", bbox=f"{min_lon},{min_lat},{max_lon},{max_lat}", **ALL)
    assert 50 < page["count"] <= 500
    assert page["count"] == len(page["items"])
    for mission in page["items"]:
        assert min_lat <= mission["latitude"] <= max_lat, mission["wikidata_id"]
        assert min_lon <= mission["longitude"] <= max_lon, mission["wikidata_id"]
    expected = {
        qid
        for qid, lat, lon in _with_coordinates()
        if min_lat <= lat <= max_lat and min_lon <= lon <= max_lon
    }
    assert set(_ids(page)) == expected
    assert GERMAN_EMBASSY_IN_RUSSIA in expected


def test_bbox_across_the_antimeridian(client: Client) -> None:
    """170,-50,-170,-10: from 170°E eastwards over the date line to 170°W (Fiji and Tonga)."""
    page = api(client, "/missions", bbox="170,-50,-170,-10", **ALL)
    assert page["count"] > 0
    for mission in page["items"]:
        assert -50 <= mission["latitude"] <= -10, mission["wikidata_id"]
        assert mission["longitude"] >= 170 or mission["longitude"] <= -170, mission["wikidata_id"]
    expected = {
        qid
        for qid, lat, lon in _with_coordinates()
        if -50 <= lat <= -10 and (lon >= 170 or lon <= -170)
    }
    assert set(_ids(page)) == expected
    hosts = {m["host_country"]["slug"] for m in page["items"]}
    assert {"fiji", "tonga"} <= hosts
    # Both sides of the line are there.
    assert any(m["longitude"] > 0 for m in page["items"])
    assert any(m["longitude"] < 0 for m in page["items"])


# --- near / radius_km -------------------------------------------------------------------------


def test_near_orders_by_distance_within_the_radius(client: Client) -> None:
    lat, lon = MOSCOW
    radius = 15.0
    page = api(client, "/missions", near=f"{lat},{lon}", radius_km=radius, **ALL)
    assert 20 < page["count"] <= 500
    distances = [m["distance_km"] for m in page["items"]]
    assert all(d is not None for d in distances)
    assert distances == sorted(distances)
    for mission in page["items"]:
        mine = haversine_km(lat, lon, mission["latitude"], mission["longitude"])
        assert mine <= radius + 1e-6, mission["wikidata_id"]
        assert mission["distance_km"] == pytest.approx(mine, abs=0.01)
    expected = {
        qid
        for qid, mlat, mlon in _with_coordinates()
        if haversine_km(lat, lon, mlat, mlon) <= radius
    }
    assert set(_ids(page)) == expected


def test_near_without_radius_uses_50_km(client: Client) -> None:
    # About 40 km east of Red Square: Moscow's missions lie 30 to 55 km away.
    near = "55.75,38.25"
    default = api(client, "/missions", near=near, **ALL)
    explicit = api(client, "/missions", near=near, radius_km=50, **ALL)
    assert default == explicit
    assert max(m["distance_km"] for m in default["items"]) <= 50
    closer = api(client, "/missions", near=near, radius_km=45, limit=1)["count"]
    farther = api(client, "/missions", near=near, radius_km=55, limit=1)["count"]
    assert closer < default["count"] < farther


def test_distance_km_is_null_without_near(client: Client) -> None:
    page = api(client, "/missions", host="RU", limit=5)
    assert [m["distance_km"] for m in page["items"]] == [None] * 5


def test_near_pages_through_the_same_ordered_list(client: Client) -> None:
    near = f"{MOSCOW[0]},{MOSCOW[1]}"
    whole = api(client, "/missions", near=near, radius_km=30, **ALL)
    assert whole["count"] > 60
    pages = []
    for offset in range(0, whole["count"], 25):
        page = api(client, "/missions", near=near, radius_km=30, limit=25, offset=offset)
        assert page["count"] == whole["count"]
        pages += _ids(page)
    assert pages == _ids(whole)
    assert len(set(pages)) == whole["count"]


# --- pagination and determinism -----------------------------------------------------------------


def test_count_is_the_total_whatever_the_page(client: Client) -> None:
    total = Mission.objects.active().count()
    first = api(client, "/missions", limit=10)
    later = api(client, "/missions", limit=10, offset=9_000)
    past_the_end = api(client, "/missions", limit=10, offset=total + 5)
    assert first["count"] == later["count"] == past_the_end["count"] == total
    assert len(first["items"]) == 10
    assert len(later["items"]) == 10
    assert past_the_end["items"] == []
    last = api(client, "/missions", limit=10, offset=total - 3)
    assert len(last["items"]) == 3


def test_filtered_count_matches_the_database(client: Client) -> None:
    page = api(client, "/missions", host="RU", limit=7, offset=3)
    assert page["count"] == Mission.objects.active().filter(host_country__iso_alpha2="RU").count()
    assert len(page["items"]) == 7


@pytest.mark.parametrize(
    "params",
    [
        {"host": "RU", "limit": 500},
        {"bbox": "170,-50,-170,-10", "limit": 500},
        {"near": f"{MOSCOW[0]},{MOSCOW[1]}", "radius_km": 25, "limit": 500},
        {"sending": "FR", "kind": "consulate_general", "limit": 50, "offset": 10},
    ],
)
def test_repeated_calls_give_identical_results(client: Client, params: dict) -> None:
    first = client.get("/api/v1/missions", params)
    second = client.get("/api/v1/missions", params)
    assert first.status_code == second.status_code == 200
    assert first.content == second.content


# --- bad values: 400 naming the parameter -------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"bbox": "37.3,55.5,37.9"}, "bbox"),
        ({"bbox": "a,b,c,d"}, "bbox"),
        ({"bbox": "37.3,56.0,37.9,55.5"}, "bbox"),  # min_lat above max_lat
        ({"bbox": "190,0,200,10"}, "bbox"),
        ({"near": "95,37"}, "near"),
        ({"near": "55.75"}, "near"),
        ({"near": "55,200"}, "near"),
        ({"radius_km": "10"}, "radius_km"),
        ({"near": "55.75,37.62", "radius_km": "0"}, "radius_km"),
        ({"near": "55.75,37.62", "radius_km": "-5"}, "radius_km"),
        ({"near": "55.75,37.62", "radius_km": "50000"}, "radius_km"),
        ({"status": "demolished"}, "status"),
        ({"host": "Atlantis"}, "host"),
        ({"sending": "Narnia"}, "sending"),
    ],
)
def test_bad_filter_is_400_naming_the_parameter(
    client: Client, params: dict, parameter: str
) -> None:
    response = client.get("/api/v1/missions", params)
    assert response.status_code == 400, response.content
    detail = response.json()["detail"]
    assert isinstance(detail, str)
    assert detail.startswith(f"{parameter}:"), detail
