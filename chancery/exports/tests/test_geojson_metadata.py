"""The GeoJSON export leaves out the missions without coordinates, and says so: a "metadata"
foreign member (RFC 7946 §6.1) with the counts and the address of the full list, and a line on
the exports page. Checked on the real 2022 snapshot: the counts add up to the JSON export's."""

from __future__ import annotations

import json

import geojson
import pytest
from django.test import Client

from .helpers import body

pytestmark = pytest.mark.django_db


def _get(client: Client, url: str, query: dict[str, str] | None = None) -> dict:
    response = client.get(url, query or {})
    assert response.status_code == 200
    return json.loads(body(response))


@pytest.mark.parametrize("suffix", ["", "-cc0"])
def test_the_metadata_counts_what_is_left_out(client: Client, suffix: str) -> None:
    response = client.get(f"/exports/missions{suffix}.geojson")
    text = body(response).decode()
    collection = geojson.loads(text)
    assert collection.is_valid, collection.errors()
    assert collection["type"] == "FeatureCollection"

    every = _get(client, f"/exports/missions{suffix}.json")["missions"]
    placed = [m for m in every if m["latitude"] is not None and m["longitude"] is not None]
    metadata = collection["metadata"]
    assert metadata["features"] == len(collection["features"]) == len(placed)
    assert metadata["missions"] == len(every)
    assert metadata["without_coordinates"] == len(every) - len(placed)
    assert metadata["missions"] == metadata["features"] + metadata["without_coordinates"]
    # The real snapshot: several thousand placed, about a thousand not.
    assert metadata["features"] > 8_000
    assert metadata["without_coordinates"] > 1_000
    assert metadata["full_list"] == f"http://testserver/exports/missions{suffix}.json"
    assert str(metadata["without_coordinates"]) in metadata["note"]
    # Each left-out mission is in the full list; no feature is missing from it.
    features = {feature["id"] for feature in collection["features"]}
    assert features == {m["id"] for m in placed}


def test_a_filtered_geojson_points_to_the_same_filters(client: Client) -> None:
    query = {"host": "RU"}
    collection = _get(client, "/exports/missions.geojson", query)
    every = _get(client, "/exports/missions.json", query)["missions"]
    metadata = collection["metadata"]
    assert metadata["full_list"] == "http://testserver/exports/missions.json?host=RU"
    assert metadata["missions"] == len(every) > 100
    assert metadata["features"] == len(collection["features"])
    assert metadata["missions"] == metadata["features"] + metadata["without_coordinates"]


def test_every_feature_is_a_valid_point(client: Client) -> None:
    shapely = pytest.importorskip("shapely.geometry")
    collection = _get(client, "/exports/missions.geojson")
    for feature in collection["features"]:
        point = shapely.shape(feature["geometry"])
        assert point.geom_type == "Point" and point.is_valid
        assert -180 <= point.x <= 180 and -90 <= point.y <= 90


def test_the_exports_page_says_how_many_the_geojson_leaves_out(client: Client) -> None:
    metadata = _get(client, "/exports/missions.geojson")["metadata"]
    html = client.get("/exports/").content.decode()
    paragraph = html.split('id="without-coordinates">', 1)[1].split("</p>", 1)[0]
    left_out, total = metadata["without_coordinates"], metadata["missions"]
    assert f"{left_out} of the {total} missions have none" in paragraph
    assert 'href="/exports/missions.csv"' in paragraph
    assert 'href="/exports/missions.json"' in paragraph
