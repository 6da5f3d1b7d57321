"""Exports with values from several sources: the full files (ODbL) carry every source's values
and the missions known only from OpenStreetMap; the CC0 files carry public-domain values only."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from chancery.countries.models import Country
from chancery.directory.models import Mission, MissionKind, SourceLink, SourceValue
from chancery.directory.services import MissionWrite, mission_create
from chancery.directory.source_values import missions_sources_apply

from .helpers import body, csv_rows, json_body

pytestmark = pytest.mark.django_db

CC0 = "https://creativecommons.org/publicdomain/zero/1.0/"
ODBL = "https://opendatacommons.org/licenses/odbl/1-0/"
OGL_NOTICE = "Contains public sector information licensed under the Open Government Licence v3.0."

BRITISH_EMBASSY_MANILA = "Q59290287"
WIKIDATA_PHONE = "+63 2 858 2200"
CONSULAR_LINE = {"number": "+63 2 8858 2200", "label": "Consular assistance, 24/7"}
GOVUK_FAX = "+63 2 8858 2290"
GOVUK_ADDRESS = {
    "street_address": "120 Upper McKinley Road, McKinley Hill",
    "locality": "Taguig City",
    "postal_code": "1634",
    "country_code": "PH",
}
OSM_HOURS = "Mo-Fr 08:00-16:30"
OSM_EMAIL = "consular.manila@example.org"
OSM_NODE = "node/3483711795"
#: The Australian High Commission in Singapore: in OpenStreetMap (the shared sample's way
#: 92029853), not in the 2022 Wikidata file.
AUSTRALIA_IN_SINGAPORE = "way/92029853"
#: Manila and Singapore, and some 170 other missions.
SOUTH_EAST_ASIA = "100,0,125,20"


def _link(mission: Mission, source: str, record_id: str, values: dict[str, Any]) -> None:
    link = SourceLink.objects.create(
        mission=mission,
        source=source,
        record_id=record_id,
        record_url=f"https://example.org/{source}/{record_id}",
        fetched_at=timezone.now(),
        matched_by="created" if mission.wikidata_id is None else "tag",
    )
    for field, value in values.items():
        SourceValue.objects.create(link=link, field=field, value=value)


def _apply(mission: Mission) -> None:
    missions_sources_apply(
        [mission.pk], write=MissionWrite(actor="import", source="test", owned=False)
    )


@pytest.fixture
def manila() -> Mission:
    """Wikidata gives a phone; GOV.UK a labelled phone, the address and a fax; OpenStreetMap
    the opening hours and an email: the mission shows GOV.UK's phone and OpenStreetMap's
    hours and email."""
    mission = Mission.objects.get(wikidata_id=BRITISH_EMBASSY_MANILA)
    wikidata = SourceLink.objects.get(mission=mission, source="wikidata")
    SourceValue.objects.create(link=wikidata, field="phones", value=[{"number": WIKIDATA_PHONE}])
    _link(
        mission,
        "govuk",
        "british-embassy-manila",
        {"phones": [CONSULAR_LINE], "address": GOVUK_ADDRESS, "fax": GOVUK_FAX},
    )
    _link(mission, "osm", OSM_NODE, {"opening_hours": OSM_HOURS, "email": OSM_EMAIL})
    _apply(mission)
    mission.refresh_from_db()
    assert mission.phones[0]["raw"] == CONSULAR_LINE["number"]
    assert (mission.opening_hours, mission.email) == (OSM_HOURS, OSM_EMAIL)
    return mission


@pytest.fixture
def australia() -> Mission:
    mission = mission_create(
        {
            "name": "High Commission of Australia in Singapore",
            "kind": MissionKind.HIGH_COMMISSION,
            "type_label": "High Commission of Australia",
            "sending_country": Country.objects.get(iso_alpha2="AU"),
            "host_country": Country.objects.get(iso_alpha2="SG"),
            "city": "Singapore",
            "latitude": 1.30532,
            "longitude": 103.81962,
            "verified": False,
        },
        wikidata_id=None,
        source="osm",
        source_id=AUSTRALIA_IN_SINGAPORE,
    )
    _link(
        mission,
        "osm",
        AUSTRALIA_IN_SINGAPORE,
        {"website": "https://singapore.embassy.gov.au", "coordinates": [1.30532, 103.81962]},
    )
    _apply(mission)
    mission.refresh_from_db()
    return mission


def _get(client: Client, path: str, **params: object) -> Any:
    response = client.get(path, params)
    assert response.status_code == 200, body(response)
    return response


def _json(client: Client, name: str, **params: object) -> dict[str, Any]:
    return json_body(_get(client, f"/exports/{name}", **params))


def _by_id(missions: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {m["id"]: m for m in missions}


def test_the_full_json_declares_odbl_and_carries_every_source(
    client: Client, manila: Mission, australia: Mission
) -> None:
    data = _json(client, "missions.json", bbox=SOUTH_EAST_ASIA)
    licence = data["licence"]
    assert licence["url"] == ODBL
    assert "© OpenStreetMap contributors" in licence["attribution"]
    assert OGL_NOTICE in licence["attribution"]
    assert {s["source"]: s["licence"] for s in licence["sources"]} == {
        "osm": "ODbL 1.0",
        "govuk": "OGL v3.0",
        "wikidata": "CC0 1.0",
        "editor": "CC0 1.0",
    }
    missions = _by_id(data["missions"])
    embassy = missions[BRITISH_EMBASSY_MANILA]
    assert embassy["external_ids"] == {
        "wikidata": BRITISH_EMBASSY_MANILA,
        "osm": [OSM_NODE],
        "govuk": "british-embassy-manila",
    }
    assert [(p["raw"], p["label"]) for p in embassy["phones"]] == [
        (CONSULAR_LINE["number"], CONSULAR_LINE["label"])
    ]
    assert embassy["fax"] == GOVUK_FAX
    assert "120 Upper McKinley Road" in embassy["address"]
    assert embassy["address_parts"]["postal_code"] == "1634"
    assert embassy["opening_hours"] == OSM_HOURS
    assert embassy["email"] == OSM_EMAIL
    assert embassy["licence"] == "CC0-1.0 AND ODbL-1.0 AND OGL-UK-3.0"
    # Each field says whose value it holds.
    assert embassy["sources"]["phones"] == "govuk"
    assert embassy["sources"]["opening_hours"] == "osm"
    assert embassy["sources"]["website"] == "wikidata"
    # The mission known only from OpenStreetMap is there, by its slug, unverified.
    created = missions[australia.slug]
    assert created["wikidata_id"] is None
    assert created["verified"] is False
    assert created["external_ids"] == {
        "wikidata": None,
        "osm": [AUSTRALIA_IN_SINGAPORE],
        "govuk": None,
    }
    assert created["licence"] == "ODbL-1.0"
    assert data["count"] == len(data["missions"])


def test_the_cc0_json_has_public_domain_values_only(
    client: Client, manila: Mission, australia: Mission
) -> None:
    response = _get(client, "/exports/missions-cc0.json", bbox=SOUTH_EAST_ASIA)
    assert response["Link"] == f'<{CC0}>; rel="license"'
    assert 'filename="missions-cc0.json"' in response["Content-Disposition"]
    text = body(response).decode("utf-8")
    data = json.loads(text)
    assert data["licence"]["url"] == CC0
    assert {s["source"] for s in data["licence"]["sources"]} == {"wikidata", "editor"}
    missions = _by_id(data["missions"])
    assert australia.slug not in missions
    assert (
        data["count"]
        == len(data["missions"])
        == len(_json(client, "missions.json", bbox=SOUTH_EAST_ASIA)["missions"]) - 1
    )
    embassy = missions[BRITISH_EMBASSY_MANILA]
    # GOV.UK's phone gives way to Wikidata's; what only GOV.UK or OpenStreetMap gives is empty.
    assert [(p["raw"], p["label"]) for p in embassy["phones"]] == [(WIKIDATA_PHONE, "")]
    assert embassy["fax"] == ""
    assert embassy["address"] == ""
    assert embassy["address_parts"] is None
    assert embassy["opening_hours"] == ""
    assert embassy["email"] == ""
    assert embassy["website"] == manila.website  # Wikidata's, shown in both
    assert embassy["external_ids"] == {"wikidata": BRITISH_EMBASSY_MANILA, "osm": [], "govuk": None}
    assert embassy["licence"] == "CC0-1.0"
    assert set(embassy["sources"].values()) <= {"wikidata"}
    assert embassy["sources"]["phones"] == "wikidata"
    assert {m["licence"] for m in data["missions"]} == {"CC0-1.0"}
    for value in (OSM_HOURS, OSM_EMAIL, OSM_NODE, CONSULAR_LINE["number"], GOVUK_FAX, "McKinley"):
        assert value not in text


def test_an_editors_value_stays_in_the_cc0_export(client: Client, manila: Mission) -> None:
    """A value no source gives is an editor's (CC0): it stays, whatever GOV.UK says."""
    editors = [{"raw": "+63 2 8000 0000", "e164": "+63280000000", "valid": True}]
    Mission.objects.filter(pk=manila.pk).update(phones=editors)
    data = _json(client, "missions-cc0.json", bbox=SOUTH_EAST_ASIA)
    [embassy] = [m for m in data["missions"] if m["id"] == BRITISH_EMBASSY_MANILA]
    assert [p["raw"] for p in embassy["phones"]] == ["+63 2 8000 0000"]


def test_csv_full_and_cc0(client: Client, manila: Mission, australia: Mission) -> None:
    full = {
        r["id"]: r for r in csv_rows(_get(client, "/exports/missions.csv", bbox=SOUTH_EAST_ASIA))
    }
    row = full[BRITISH_EMBASSY_MANILA]
    assert row["phone"] == CONSULAR_LINE["number"]
    assert row["phone_labels"] == CONSULAR_LINE["label"]
    assert row["fax"] == GOVUK_FAX
    assert row["opening_hours"] == OSM_HOURS
    assert row["osm_ids"] == OSM_NODE
    assert row["govuk_id"] == "british-embassy-manila"
    assert row["licence"] == "CC0-1.0 AND ODbL-1.0 AND OGL-UK-3.0"
    created = full[australia.slug]
    assert created["QID"] == ""
    assert created["verified"] == "false"
    assert created["osm_ids"] == AUSTRALIA_IN_SINGAPORE

    cc0 = {
        r["id"]: r
        for r in csv_rows(_get(client, "/exports/missions-cc0.csv", bbox=SOUTH_EAST_ASIA))
    }
    assert australia.slug not in cc0
    assert set(cc0) == set(full) - {australia.slug}
    row = cc0[BRITISH_EMBASSY_MANILA]
    assert (row["phone"], row["phone_labels"]) == (WIKIDATA_PHONE, "")
    assert (row["fax"], row["opening_hours"], row["email"], row["address"]) == ("", "", "", "")
    assert (row["osm_ids"], row["govuk_id"]) == ("", "")
    assert {r["licence"] for r in cc0.values()} == {"CC0-1.0"}


def test_geojson_full_and_cc0(client: Client, manila: Mission, australia: Mission) -> None:
    full = _json(client, "missions.geojson", bbox=SOUTH_EAST_ASIA)
    assert full["licence"]["url"] == ODBL
    ids = {f["id"] for f in full["features"]}
    assert {BRITISH_EMBASSY_MANILA, australia.slug} <= ids
    cc0 = _json(client, "missions-cc0.geojson", bbox=SOUTH_EAST_ASIA)
    assert cc0["licence"]["url"] == CC0
    assert {f["id"] for f in cc0["features"]} == ids - {australia.slug}


def test_the_source_filter_applies_to_the_exports(client: Client, australia: Mission) -> None:
    rows = csv_rows(_get(client, "/exports/missions.csv", source="osm"))
    assert [r["id"] for r in rows] == [australia.slug]
    assert csv_rows(_get(client, "/exports/missions-cc0.csv", source="osm")) == []
    response = client.get("/exports/missions.csv", {"source": "govuk"})
    assert response.status_code == 400
    assert json_body(response)["detail"].startswith("source:")


def test_the_whole_files_full_and_cc0(client: Client, manila: Mission, australia: Mission) -> None:
    """The unfiltered files, built once per data version, hold the same as the streams."""
    full = csv_rows(_get(client, "/exports/missions.csv"))
    cc0 = csv_rows(_get(client, "/exports/missions-cc0.csv"))
    active = Mission.objects.active().count()
    assert len(full) == active
    assert len(cc0) == active - 1
    assert australia.slug in {r["id"] for r in full}
    assert australia.slug not in {r["id"] for r in cc0}
    assert OSM_HOURS in {r["opening_hours"] for r in full}
    assert {r["opening_hours"] for r in cc0} == {""}
    assert CONSULAR_LINE["label"] not in {r["phone_labels"] for r in cc0}


def test_the_exports_page_names_each_files_licence(client: Client) -> None:
    page = _get(client, "/exports/").content.decode("utf-8")
    for name in ("missions.csv", "missions.json", "missions.geojson"):
        assert f'href="http://testserver/exports/{name}"' in page
        cc0 = name.replace("missions.", "missions-cc0.")
        assert f'href="http://testserver/exports/{cc0}"' in page
    assert page.count("Open Database License (ODbL) v1.0") == 3
    assert page.count("CC0 1.0 Universal") == 3
    assert "© OpenStreetMap contributors" in page
    assert OGL_NOTICE in page

    files = {f["name"]: f for f in _get(client, "/exports/index.json").json()["files"]}
    assert len(files) == 6
    assert files["missions.csv"]["licence"]["url"] == ODBL
    assert files["missions-cc0.csv"]["licence"]["url"] == CC0
    assert files["missions-cc0.geojson"]["media_type"] == "application/geo+json"
    assert files["missions.json"]["url"] == "http://testserver/exports/missions.json"
