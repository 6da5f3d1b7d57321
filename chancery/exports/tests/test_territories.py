"""The exports and the mirror know where a mission stands: the territory (code and name) beside
the host from the source, a `territory` filter, and a hub and pair pages per place."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from chancery.directory.models import Mission
from chancery.exports.mirror import page_paths

from .helpers import body, csv_rows, json_body, wikidata_row

pytestmark = pytest.mark.django_db

URLS = {
    "csv": "/exports/missions.csv",
    "json": "/exports/missions.json",
    "geojson": "/exports/missions.geojson",
}


def _export(client: Client, kind: str, **params: object) -> Any:
    response = client.get(URLS[kind], params)
    assert response.status_code == 200, body(response)
    return csv_rows(response) if kind == "csv" else json_body(response)


def _in_hong_kong_filed_under_china() -> Mission:
    return (
        Mission.objects.active()
        .filter(host_country__iso_alpha2="CN", territory__iso_alpha2="HK")
        .exclude(latitude=None)
        .order_by("wikidata_id")
        .first()
    )


def test_csv_gives_the_territory_beside_the_source_host(client: Client) -> None:
    mission = _in_hong_kong_filed_under_china()
    rows = _export(client, "csv", territory="HK")
    row = next(r for r in rows if r["QID"].endswith(mission.wikidata_id))
    assert (row["host_iso"], row["territory_iso"], row["territory_name"]) == (
        "CN",
        "HK",
        "Hong Kong",
    )
    assert {r["territory_iso"] for r in rows} == {"HK"}
    # The Wikidata-shaped columns mirror the source: its host, its place label.
    source = wikidata_row(mission.wikidata_id)
    for column in ("countryQID", "city", "cityQID"):
        assert row[column] == source[column], column
    assert row["town"] == mission.city


@pytest.mark.parametrize("kind", ["json", "geojson"])
def test_json_and_geojson_give_the_territory(client: Client, kind: str) -> None:
    mission = _in_hong_kong_filed_under_china()
    data = _export(client, kind, territory="hong-kong")
    items = data["missions"] if kind == "json" else [f["properties"] for f in data["features"]]
    item = next(m for m in items if m["wikidata_id"] == mission.wikidata_id)
    assert item["host_country"] == {"code": "CN", "name": "China"}
    assert item["territory"] == {"code": "HK", "name": "Hong Kong"}


def test_territory_filter_with_and_without_the_state_s_territories(client: Client) -> None:
    active = Mission.objects.active()
    proper = _export(client, "json", territory="CN")
    assert proper["count"] == active.filter(territory__iso_alpha2="CN").count()
    whole = _export(client, "json", territory="CN", include_territories="true")
    assert (
        whole["count"]
        == proper["count"] + active.filter(territory__part_of__iso_alpha2="CN").count()
    )
    response = client.get(URLS["csv"], {"territory": "Atlantis"})
    assert response.status_code == 400
    assert response.json()["detail"].startswith("territory:")


def test_the_mirror_has_a_hub_and_pairs_per_place_where_missions_stand() -> None:
    every = set(page_paths())
    assert "/in/hong-kong/" in every
    assert "/in/new-caledonia/" in every
    assert "/in/china/" in every
    assert "/from/united-kingdom/in/hong-kong/" in every
    for mission in (
        Mission.objects.active()
        .exclude(territory=None)
        .select_related("sending_country", "territory")
    ):
        pair = f"/from/{mission.sending_country.slug}/in/{mission.territory.slug}/"
        if mission.sending_country_id != mission.territory_id:
            assert pair in every
