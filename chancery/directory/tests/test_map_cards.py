"""/missions/<slug>/card.png: the map a link preview shows, and the TopoJSON it is drawn from."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.test import Client, override_settings
from PIL import Image

from chancery.core.topojson import Topology, TopologyError
from chancery.directory import card_views, map_cards
from chancery.directory.card_views import host_keys
from chancery.directory.models import Mission, MissionStatus

#: Embassy of Albania in Paris.
IN_PARIS = "Q20669698"
#: Consulate of Algeria in Rouen: no coordinates in the source.
IN_ROUEN_WITHOUT_COORDINATES = "Q108772353"
#: Embassy of Albania in Pristina: Kosovo, which has no ISO code.
IN_PRISTINA = "Q113253845"
#: Australia's high commission in Suva, by the date line.
IN_SUVA = "Q106540396"

needs_shapes = pytest.mark.skipif(
    not (card_views.atlas_dir() / map_cards.FINE_FILE).is_file(),
    reason="world-atlas is not installed (npm)",
)


def _card(client: Client, mission: Mission) -> Image.Image:
    response = client.get(f"/missions/{mission.slug}/card.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(response.content))
    image.verify()  # a whole, valid PNG
    image = Image.open(io.BytesIO(response.content))
    assert image.format == "PNG"
    assert image.size == (1200, 630)
    return image.convert("RGB")


def _pixel_of(mission: Mission, latitude: float, longitude: float) -> tuple[int, int]:
    """Where a place falls on the mission's card."""
    atlas = map_cards.load_atlas(card_views.atlas_dir() / map_cards.FINE_FILE)
    view = map_cards.card_view(atlas, mission.latitude, mission.longitude, host_keys(mission))
    x, y = view.pixel(latitude, longitude)
    assert 0 <= x < map_cards.WIDTH and map_cards.MAP_TOP <= y < map_cards.HEIGHT
    return round(x), round(y)


def _count(image: Image.Image, colour: tuple[int, ...]) -> int:
    return dict((rgb, n) for n, rgb in image.getcolors(1200 * 630) or []).get(colour, 0)


@pytest.mark.django_db
@needs_shapes
def test_the_marker_is_where_the_mission_stands(client: Client) -> None:
    mission = Mission.objects.get(wikidata_id=IN_PARIS)
    image = _card(client, mission)

    at = _pixel_of(mission, mission.latitude, mission.longitude)
    assert image.getpixel(at) == map_cards.ACCENT
    # Centred on the mission.
    assert abs(at[0] - 600) <= 1 and abs(at[1] - (56 + 574 // 2)) <= 1
    # The marker is a dot, not the whole map.
    assert image.getpixel((at[0] - 60, at[1])) != map_cards.ACCENT


@pytest.mark.django_db
@needs_shapes
def test_the_host_country_is_tinted(client: Client) -> None:
    mission = Mission.objects.get(wikidata_id=IN_PARIS)
    image = _card(client, mission)

    assert image.getpixel(_pixel_of(mission, 45.76, 4.84)) == map_cards.HOST  # Lyon
    assert image.getpixel(_pixel_of(mission, 50.11, 8.68)) == map_cards.LAND  # Frankfurt
    assert image.getpixel(_pixel_of(mission, 47.0, -8.0)) == map_cards.SEA  # Bay of Biscay
    assert _count(image, map_cards.HOST) > 10_000


@pytest.mark.django_db
@needs_shapes
def test_a_place_without_an_iso_code_is_tinted_by_its_name(client: Client) -> None:
    mission = Mission.objects.select_related("territory", "host_country").get(
        wikidata_id=IN_PRISTINA
    )
    assert mission.located_in.name == "Kosovo" and not mission.located_in.iso_numeric
    image = _card(client, mission)

    assert image.getpixel(_pixel_of(mission, 42.4, 20.9)) == map_cards.HOST  # Kosovo
    assert image.getpixel(_pixel_of(mission, 44.0, 20.9)) == map_cards.LAND  # Serbia


@pytest.mark.django_db
@needs_shapes
def test_islands_across_the_date_line_leave_no_stripe(client: Client) -> None:
    mission = Mission.objects.get(wikidata_id=IN_SUVA)
    image = _card(client, mission)

    assert image.getpixel(_pixel_of(mission, mission.latitude, mission.longitude)) == (
        map_cards.ACCENT
    )
    # Natural Earth's Fiji rings step from 179.9° to -180°: drawn as they are, they cross the
    # whole card as a line, in the colour of the host's edge.
    for y in range(map_cards.MAP_TOP, map_cards.HEIGHT):
        row = image.crop((0, y, map_cards.WIDTH, y + 1))
        assert _count(row, map_cards.ACCENT) + _count(row, map_cards.HOST) < 600, y


@pytest.mark.django_db
@needs_shapes
def test_a_mission_without_coordinates_shows_its_country(client: Client) -> None:
    mission = Mission.objects.get(wikidata_id=IN_ROUEN_WITHOUT_COORDINATES)
    assert not mission.has_coordinates
    image = _card(client, mission)

    assert _count(image, map_cards.HOST) > 10_000
    # No marker: its white ring and dark edge nowhere on the map.
    marker_edge = image.crop((0, map_cards.MAP_TOP, 1200, 630))
    assert _count(marker_edge, map_cards.INK) == 0


@pytest.mark.django_db
def test_coordinates_off_the_earth_are_drawn_as_none(client: Client) -> None:
    mission = Mission.objects.get(wikidata_id=IN_PARIS)
    mission.latitude = 148.87  # a slip of a key in a source
    mission.save(update_fields=["latitude"])
    image = _card(client, mission)

    # No marker pinned to the edge of the map: France alone, as without coordinates.
    assert _count(image.crop((0, map_cards.MAP_TOP, 1200, 630)), map_cards.INK) == 0
    assert _count(image, map_cards.HOST) > 10_000


@override_settings(CHANCERY_PAGE_CACHE_SECONDS=60)
@pytest.mark.django_db
def test_the_whole_page_cache_keeps_a_card_as_a_picture(client: Client) -> None:
    mission = Mission.objects.get(wikidata_id=IN_PARIS)
    first = client.get(f"/missions/{mission.slug}/card.png")
    second = client.get(f"/missions/{mission.slug}/card.png")
    assert second["X-Cache"] == "HIT"
    assert second["Content-Type"] == "image/png"
    assert second["ETag"] == first["ETag"]
    assert second.content == first.content


@pytest.mark.django_db
def test_without_the_shapes_the_card_is_plain(
    client: Client, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(card_views, "atlas_dir", lambda: tmp_path / "world-atlas")
    mission = Mission.objects.get(wikidata_id=IN_PARIS)
    image = _card(client, mission)

    assert _count(image, map_cards.HOST) == 0
    assert _count(image, map_cards.SEA) > 500_000


@pytest.mark.django_db
def test_a_withdrawn_mission_keeps_its_card_as_it_keeps_its_page(client: Client) -> None:
    mission = Mission.objects.get(wikidata_id=IN_PARIS)
    mission.status = MissionStatus.WITHDRAWN
    mission.save(update_fields=["status"])
    _card(client, mission)


@pytest.mark.django_db
def test_unknown_mission_is_404(client: Client) -> None:
    assert client.get("/missions/embassy-of-narnia-in-russia/card.png").status_code == 404
    assert client.get("/missions/Q999999999999/card.png").status_code == 404


@pytest.mark.django_db
def test_wikidata_id_redirects_to_the_card_under_the_slug(client: Client) -> None:
    mission = Mission.objects.get(wikidata_id=IN_PARIS)
    response = client.get(f"/missions/{IN_PARIS.lower()}/card.png")
    assert response.status_code == 301
    assert response["Location"] == f"/missions/{mission.slug}/card.png"


@pytest.mark.django_db
def test_etag_and_not_modified(client: Client) -> None:
    mission = Mission.objects.get(wikidata_id=IN_PARIS)
    url = f"/missions/{mission.slug}/card.png"
    first = client.get(url)
    assert first.status_code == 200
    assert "public" in first["Cache-Control"] and "max-age=86400" in first["Cache-Control"]
    etag = first["ETag"]

    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag

    # Moved: another picture, another ETag.
    mission.latitude = 43.6
    mission.save(update_fields=["latitude"])
    moved = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert moved.status_code == 200
    assert moved["ETag"] != etag
    assert moved.content != first.content


# --- TopoJSON ----------------------------------------------------------------------------------

#: Two unit squares side by side, quantized: arc 0 is their common edge (x = 1, going up), arc 1
#: the rest of the left square, arc 2 the rest of the right one. The right square walks the
#: common edge downwards: ~0.
TWO_SQUARES = {
    "type": "Topology",
    "transform": {"scale": [0.5, 0.25], "translate": [10, 20]},
    "arcs": [
        [[2, 0], [0, 4]],  # (1, 0) → (1, 1)
        [[2, 4], [-2, 0], [0, -4], [2, 0]],  # (1, 1) → (0, 1) → (0, 0) → (1, 0)
        [[2, 0], [2, 0], [0, 4], [-2, 0]],  # (1, 0) → (2, 0) → (2, 1) → (1, 1)
    ],
    "objects": {
        "countries": {
            "type": "GeometryCollection",
            "geometries": [
                {"type": "Polygon", "id": "001", "properties": {"name": "West"}, "arcs": [[0, 1]]},
                {"type": "MultiPolygon", "id": "002", "arcs": [[[2, ~0]]]},
                {"type": "Point", "coordinates": [0, 0]},
            ],
        }
    },
}


def test_topojson_rings_follow_the_arcs_forwards_and_backwards() -> None:
    topology = Topology(TWO_SQUARES)
    west, east, point = topology.features("countries")

    assert west.id == "001" and west.properties == {"name": "West"}
    assert west.polygons == [[[(11, 20), (11, 21), (10, 21), (10, 20), (11, 20)]]]
    assert east.id == "002" and east.properties == {}
    assert east.polygons == [[[(11, 20), (12, 20), (12, 21), (11, 21), (11, 20)]]]
    assert point.polygons == []


def test_topojson_shared_arcs_are_the_borders() -> None:
    assert Topology(TWO_SQUARES).shared_arcs("countries") == [[(11, 20), (11, 21)]]


def test_topojson_without_a_transform_keeps_positions() -> None:
    topology = Topology(
        {
            "type": "Topology",
            "arcs": [[[0.5, 0.5], [3, 0.5], [3, 2], [0.5, 0.5]]],
            "objects": {"shape": {"type": "Polygon", "arcs": [[~0]]}},
        }
    )
    (feature,) = topology.features("shape")
    assert feature.id is None
    assert feature.polygons == [[[(0.5, 0.5), (3, 2), (3, 0.5), (0.5, 0.5)]]]


def test_topojson_refuses_what_it_cannot_read() -> None:
    with pytest.raises(TopologyError):
        Topology({"type": "FeatureCollection"})
    with pytest.raises(TopologyError):
        Topology(TWO_SQUARES).features("land")
    broken = {**TWO_SQUARES, "arcs": []}
    with pytest.raises(TopologyError):
        Topology(broken).features("countries")
