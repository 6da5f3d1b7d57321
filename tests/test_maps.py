"""Maps, server side: which pages carry one, the tile server, and its place in the CSP."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client, override_settings

from chancery.directory.models import Mission
from config.settings.base import tile_origins

pytestmark = pytest.mark.django_db

MISSION = "/missions/embassy-of-germany-in-russia/"


def test_a_mission_page_has_a_map_of_its_place(client: Client) -> None:
    html = client.get(MISSION).content.decode()
    # The map's box is there from the start (no jump when it comes), hidden without scripts.
    assert 'data-map data-points-id="map-points"' in html
    assert re.search(
        r'<noscript><link rel="stylesheet" href="/static/css/no-script[^"]*css"></noscript>', html
    )
    assert 'data-tiles="https://tile.openstreetmap.org/{z}/{x}/{y}.png"' in html
    # The credit is HTML, carried in an attribute (escaped there) for Leaflet to show.
    assert "OpenStreetMap&lt;/a&gt; contributors" in html
    points = json.loads(
        re.search(r'<script id="map-points" type="application/json">(.*?)</script>', html).group(1)
    )
    mission = Mission.objects.get(slug="embassy-of-germany-in-russia")
    assert points == [
        [round(mission.latitude, 5), round(mission.longitude, 5), mission.name, MISSION, "Moscow"]
    ]
    assert "/static/vendor/leaflet/leaflet.js" in html
    assert "markercluster" not in html


def test_a_mission_without_coordinates_has_no_map(client: Client) -> None:
    mission = Mission.objects.active().filter(latitude=None).first()
    html = client.get(mission.get_absolute_url()).content.decode()
    assert "data-map" not in html
    assert "leaflet" not in html


def test_a_country_hub_maps_its_list(client: Client) -> None:
    html = client.get("/in/russia/").content.decode()
    assert 'data-points-from="section.group li[data-lat]"' in html
    located = Mission.objects.active().filter(host_country__slug="russia").exclude(latitude=None)
    assert html.count('<li class="mission" data-lat=') == located.count()
    assert "/static/vendor/leaflet.markercluster/leaflet.markercluster.js" in html


@override_settings(
    CHANCERY_TILE_URL="http://tiles.example.org/{z}/{x}/{y}.png",
    CHANCERY_TILE_ATTRIBUTION='Tiles <a href="https://example.org/">Example</a><script>x()</script>',
)
def test_the_tile_server_is_configurable_and_its_credit_sanitised(client: Client) -> None:
    html = client.get(MISSION).content.decode()
    assert 'data-tiles="http://tiles.example.org/{z}/{x}/{y}.png"' in html
    assert 'data-attribution="Tiles &lt;a href=&quot;https://example.org/&quot;' in html
    assert "Example&lt;/a&gt;" in html
    assert "x()" not in html


def test_tile_origins_for_the_content_security_policy() -> None:
    assert tile_origins("https://tile.openstreetmap.org/{z}/{x}/{y}.png") == []
    assert tile_origins("http://tiles.local:8080/{z}/{x}/{y}.png") == ["http://tiles.local:8080"]
    assert tile_origins("http://{s}.tiles.example.org/{z}/{x}/{y}.png") == [
        "http://*.tiles.example.org"
    ]


def test_map_controls_speak_the_page_language(client: Client) -> None:
    html = client.get("/fr" + MISSION).content.decode()
    assert 'data-zoom-in="Zoom avant"' in html or 'data-zoom-in="Zoomer"' in html
