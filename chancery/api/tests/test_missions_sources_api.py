"""Missions with values from several sources: external ids, each field's sources and licence,
the `source=` filter, and missions known only from OpenStreetMap (no QID: found by slug)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from chancery.countries.models import Country
from chancery.directory.models import Mission, MissionKind, SourceLink, SourceValue
from chancery.directory.services import MissionWrite, mission_create
from chancery.directory.source_values import missions_sources_apply

pytestmark = pytest.mark.django_db

BRITISH_EMBASSY_MANILA = "Q59290287"  # Taguig; the 2022 file gives no phone for it
CONSULAR_LINE = {"number": "+63 2 8858 2200", "label": "Consular assistance, 24/7"}
GOVUK_ADDRESS = {
    "street_address": "120 Upper McKinley Road, McKinley Hill",
    "locality": "Taguig City",
    "postal_code": "1634",
    "country_code": "PH",
}
OSM_HOURS = "Mo-Fr 08:00-16:30"
#: The Australian High Commission in Singapore: mapped in OpenStreetMap (way 92029853 in the
#: shared sample), absent from the 2022 Wikidata file.
AUSTRALIA_IN_SINGAPORE = "way/92029853"


def _link(
    mission: Mission,
    source: str,
    record_id: str,
    values: dict[str, Any],
    *,
    fetched_at: dt.datetime | None = None,
) -> SourceLink:
    link = SourceLink.objects.create(
        mission=mission,
        source=source,
        record_id=record_id,
        record_url=f"https://example.org/{source}/{record_id}",
        fetched_at=fetched_at or timezone.now(),
        matched_by="created" if mission.wikidata_id is None else "tag",
    )
    for field, value in values.items():
        SourceValue.objects.create(link=link, field=field, value=value)
    return link


def _apply(*missions: Mission) -> None:
    """The mission columns from the best value of each field, as every import sets them."""
    missions_sources_apply(
        [m.pk for m in missions], write=MissionWrite(actor="import", source="test", owned=False)
    )


@pytest.fixture
def manila() -> Mission:
    """The British Embassy in Manila, told about by Wikidata, GOV.UK and OpenStreetMap."""
    mission = Mission.objects.get(wikidata_id=BRITISH_EMBASSY_MANILA)
    wikidata = SourceLink.objects.get(mission=mission, source="wikidata")
    SourceValue.objects.create(link=wikidata, field="phones", value=[{"number": "+63 2 858 2200"}])
    _link(
        mission,
        "govuk",
        "british-embassy-manila",
        {"phones": [CONSULAR_LINE], "address": GOVUK_ADDRESS, "fax": "+63 2 8858 2290"},
    )
    _link(
        mission,
        "osm",
        "node/3483711795",
        {"phones": [{"number": "+63 2 8111 1111"}], "opening_hours": OSM_HOURS},
    )
    _link(mission, "osm", "way/555", {"website": "https://www.gov.uk/world/philippines"})
    _apply(mission)
    mission.refresh_from_db()
    return mission


@pytest.fixture
def australia_in_singapore() -> Mission:
    """A mission created from an OpenStreetMap feature that matched none: no QID, unverified."""
    singapore = Country.objects.get(iso_alpha2="SG")
    mission = mission_create(
        {
            "name": "High Commission of Australia in Singapore",
            "kind": MissionKind.HIGH_COMMISSION,
            "type_label": "High Commission of Australia",
            "sending_country": Country.objects.get(iso_alpha2="AU"),
            "host_country": singapore,
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


def _mission(client: Client, public_id: str) -> dict[str, Any]:
    response = client.get(f"/api/v1/missions/{public_id}")
    assert response.status_code == 200, response.content
    return response.json()


def _list(client: Client, **params: object) -> dict[str, Any]:
    response = client.get("/api/v1/missions", params)
    assert response.status_code == 200, response.content
    return response.json()


def test_external_ids_name_each_source_record(client: Client, manila: Mission) -> None:
    mission = _mission(client, BRITISH_EMBASSY_MANILA)
    assert mission["id"] == BRITISH_EMBASSY_MANILA
    assert mission["external_ids"] == {
        "wikidata": BRITISH_EMBASSY_MANILA,
        "osm": ["node/3483711795", "way/555"],
        "govuk": "british-embassy-manila",
    }


def test_a_mission_from_one_source_has_nulls_for_the_others(client: Client) -> None:
    mission = _mission(client, "Q4373990")
    assert mission["external_ids"] == {"wikidata": "Q4373990", "osm": [], "govuk": None}
    assert mission["verified"] is True


def test_each_field_lists_its_sources_the_shown_one_first(client: Client, manila: Mission) -> None:
    mission = _mission(client, BRITISH_EMBASSY_MANILA)
    phones = mission["sources"]["phones"]
    assert [(s["source"], s["shown"]) for s in phones] == [
        ("govuk", True),
        ("wikidata", False),
        ("osm", False),
    ]
    assert phones[0]["value"] == [CONSULAR_LINE]
    assert phones[0]["record_id"] == "british-embassy-manila"
    assert phones[0]["url"] == "https://example.org/govuk/british-embassy-manila"
    assert "Open Government Licence" in phones[0]["licence"]["credit"]
    assert phones[1]["licence"]["name"] == "CC0 1.0"
    assert phones[2]["licence"] == {
        "name": "ODbL 1.0",
        "url": "https://opendatacommons.org/licenses/odbl/1-0/",
        "credit": "© OpenStreetMap contributors",
    }
    # The mission shows GOV.UK's number, with its label.
    [phone] = mission["phones"]
    assert phone["raw"] == "+63 2 8858 2200"
    assert phone["e164"] == "+63288582200"
    assert phone["label"] == "Consular assistance, 24/7"
    # A field only one source gives: that source, shown.
    assert [(s["source"], s["shown"]) for s in mission["sources"]["opening_hours"]] == [
        ("osm", True)
    ]
    # Wikidata's coordinates stay the ones shown; OpenStreetMap gave none here.
    [coordinates] = mission["sources"]["coordinates"]
    assert coordinates["source"] == "wikidata"
    assert coordinates["shown"] is True
    assert coordinates["value"] == [mission["latitude"], mission["longitude"]]


def test_address_fax_and_opening_hours(client: Client, manila: Mission) -> None:
    mission = _mission(client, BRITISH_EMBASSY_MANILA)
    assert mission["address_parts"]["street_address"] == GOVUK_ADDRESS["street_address"]
    assert mission["address_parts"]["postal_code"] == "1634"
    assert "120 Upper McKinley Road" in mission["address"]
    assert "Taguig City" in mission["address"]
    assert mission["fax"] == "+63 2 8858 2290"
    hours = mission["opening_hours"]
    assert hours["raw"] == OSM_HOURS
    structured = hours["structured"]
    assert structured["valid"] is True
    assert structured["time_zone"] == "Asia/Manila"
    week = {day["day"]: day["intervals"] for day in structured["week"]}
    assert week["Mo"] == week["Fr"] == [["08:00", "16:30"]]
    assert week["Sa"] == week["Su"] == []


def test_no_source_is_shown_when_an_editor_set_the_value(client: Client, manila: Mission) -> None:
    Mission.objects.filter(pk=manila.pk).update(
        phones=[{"raw": "+63 2 8000 0000", "e164": "+63280000000", "valid": True}]
    )
    phones = _mission(client, BRITISH_EMBASSY_MANILA)["sources"]["phones"]
    assert [s["source"] for s in phones] == ["govuk", "wikidata", "osm"]
    assert not any(s["shown"] for s in phones)


def test_a_mission_without_a_qid_is_found_by_its_slug(
    client: Client, australia_in_singapore: Mission
) -> None:
    slug = australia_in_singapore.slug
    mission = _mission(client, slug)
    assert mission["id"] == slug
    assert mission["wikidata_id"] is None
    assert mission["verified"] is False
    assert mission["external_ids"] == {
        "wikidata": None,
        "osm": [AUSTRALIA_IN_SINGAPORE],
        "govuk": None,
    }
    assert mission["source"]["name"] == "osm"
    assert mission["source"]["url"] == f"https://example.org/osm/{AUSTRALIA_IN_SINGAPORE}"
    assert mission["website"] == "https://singapore.embassy.gov.au"


def test_a_mission_with_a_qid_is_not_found_by_its_slug(client: Client) -> None:
    slug = Mission.objects.get(wikidata_id="Q4373990").slug
    response = client.get(f"/api/v1/missions/{slug}")
    assert response.status_code == 404
    assert slug in response.json()["detail"]


def test_an_unknown_id_is_404(client: Client) -> None:
    for unknown in ("no-such-mission", "Q0", "Q999999999999"):
        response = client.get(f"/api/v1/missions/{unknown}")
        assert response.status_code == 404, unknown
        assert unknown in response.json()["detail"]


def test_host_lists_missions_from_openstreetmap_with_the_rest(
    client: Client, australia_in_singapore: Mission
) -> None:
    body = _list(client, host="SG", limit=500)
    ids = [m["id"] for m in body["items"]]
    assert australia_in_singapore.slug in ids
    assert body["count"] == Mission.objects.active().filter(host_country__iso_alpha2="SG").count()
    assert body["count"] > 1
    [created] = [m for m in body["items"] if m["wikidata_id"] is None]
    assert created["verified"] is False


def test_source_filter(client: Client, australia_in_singapore: Mission) -> None:
    osm = _list(client, source="osm")
    assert [m["id"] for m in osm["items"]] == [australia_in_singapore.slug]
    assert osm["count"] == 1
    wikidata = _list(client, source="wikidata", host="SG", limit=500)
    assert australia_in_singapore.slug not in {m["id"] for m in wikidata["items"]}
    assert wikidata["count"] == _list(client, host="SG")["count"] - 1
    assert {m["source"]["name"] for m in wikidata["items"]} == {"wikidata-csv"}


def test_an_unknown_source_is_400_naming_the_accepted_values(client: Client) -> None:
    response = client.get("/api/v1/missions", {"source": "govuk"})
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert detail.startswith("source:")
    assert "wikidata" in detail
    assert "osm" in detail
    assert "govuk" in detail


def test_the_list_reads_every_source_in_a_few_queries(
    client: Client, manila: Mission, australia_in_singapore: Mission, django_assert_max_num_queries
) -> None:
    """A page of missions, each with links and values, costs the same few queries as one."""
    with django_assert_max_num_queries(5):
        body = _list(client, limit=500, bbox="95,-10,130,20")  # South-East Asia
    assert len(body["items"]) > 100
    by_id = {m["id"]: m for m in body["items"]}
    assert by_id[BRITISH_EMBASSY_MANILA]["sources"]["phones"][0]["source"] == "govuk"
    assert by_id[australia_in_singapore.slug]["sources"]["website"][0]["source"] == "osm"
    assert sum(1 for m in body["items"] if m["sources"]) == len(body["items"])


def test_an_australian_in_singapore_is_sent_to_the_high_commission_openstreetmap_found(
    client,
) -> None:
    import io

    from django.conf import settings
    from django.core.management import call_command

    sample = (
        settings.SHARED_DATA_DIR
        / "osm-embassies-singapore-sample"
        / "embassies-sg-20241120-1.geojson"
    )
    call_command("ingest_osm", file=str(sample), stdout=io.StringIO(), stderr=io.StringIO())
    answer = client.get("/api/v1/assist", {"nationality": "AU", "country": "SG"}).json()
    first = answer["options"][0]["mission"]
    assert first["name"] == "High Commission of Australia in Singapore"
    assert (first["id"], first["wikidata_id"], first["verified"]) == (
        "high-commission-of-australia-in-singapore",
        None,
        False,
    )
    found = client.get("/api/v1/search", {"q": "australian high commission singapore"}).json()
    assert found["results"][0]["id"] == "high-commission-of-australia-in-singapore"
    detail = client.get(f"/api/v1/missions/{first['id']}").json()
    assert detail["external_ids"]["osm"] == ["way/92029853"]
    assert detail["sources"]["website"][0]["licence"]["name"] == "ODbL 1.0"
