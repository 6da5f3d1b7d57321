"""/exports/missions.csv, .json and .geojson: content, filters, licence, streaming; and a vCard."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from chancery.directory.models import Mission

from .helpers import (
    BELGIAN_EMBASSY_IN_RUSSIA,
    COLOMBIAN_EMBASSY_IN_HUNGARY,
    GERMAN_EMBASSY_IN_RUSSIA,
    MOSCOW,
    body,
    csv_rows,
    entity,
    haversine_km,
    json_body,
    wikidata_header,
    wikidata_row,
)

pytestmark = pytest.mark.django_db

CC0 = "https://creativecommons.org/publicdomain/zero/1.0/"
#: The full exports are under the ODbL (values from OpenStreetMap are); see test_sources_exports.
ODBL = "https://opendatacommons.org/licenses/odbl/1-0/"
OUR_COLUMNS = [
    "chancery_url",
    "name",
    "kind",
    "status",
    "sending_iso",
    "host_iso",
    "territory_iso",
    "territory_name",
    "town",
    "phones_e164",
    "first_seen",
    "last_seen",
    "source",
    "licence",
    "id",
    "verified",
    "phone_labels",
    "fax",
    "opening_hours",
    "closed_on",
    "osm_ids",
    "govuk_id",
    "services",
]
URLS = {
    "csv": "/exports/missions.csv",
    "json": "/exports/missions.json",
    "geojson": "/exports/missions.geojson",
}


@pytest.fixture(scope="module")
def full(django_db_setup: None, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    """Each export of every mission, fetched once for the module (the data is read-only)."""
    with django_db_blocker.unblock():
        client = Client()
        responses = {kind: client.get(url) for kind, url in URLS.items()}
        yield {
            "responses": responses,
            "csv_text": body(responses["csv"]).decode("utf-8"),
            "json": json_body(responses["json"]),
            "geojson": json_body(responses["geojson"]),
            "active": Mission.objects.active().count(),
            "active_ids": set(Mission.objects.active().values_list("wikidata_id", flat=True)),
            "with_coordinates": set(
                Mission.objects.active()
                .exclude(latitude=None)
                .exclude(longitude=None)
                .values_list("wikidata_id", flat=True)
            ),
        }


def _csv(full: dict[str, Any]) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(full["csv_text"], newline="")))


def _by_qid(rows: list[dict[str, str]], qid: str) -> dict[str, str]:
    [row] = [r for r in rows if r["QID"] == entity(qid)]
    return row


# --- all three: headers, streaming, licence ------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "content_type"),
    [
        ("csv", "text/csv; charset=utf-8"),
        ("json", "application/json"),
        ("geojson", "application/geo+json"),
    ],
)
def test_streamed_with_licence_link(full: dict[str, Any], kind: str, content_type: str) -> None:
    response = full["responses"][kind]
    assert response.status_code == 200
    assert response.streaming is True
    assert response["Content-Type"] == content_type
    assert response["Link"] == f'<{ODBL}>; rel="license"'
    assert f'filename="missions.{kind}"' in response["Content-Disposition"]


# --- CSV ----------------------------------------------------------------------------------------


def test_csv_header_is_the_wikidata_columns_then_ours(full: dict[str, Any]) -> None:
    header = next(csv.reader(io.StringIO(full["csv_text"], newline="")))
    wikidata = wikidata_header()
    assert len(wikidata) == 25
    assert header[:25] == wikidata
    assert header[25:] == OUR_COLUMNS
    assert len(header) == len(set(header))


def test_csv_is_rfc_4180(full: dict[str, Any]) -> None:
    text = full["csv_text"]
    assert text.startswith("operator,operatorQID,jurisdictions,")
    assert text.endswith("\r\n")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    widths = {len(row) for row in rows}
    assert widths == {25 + len(OUR_COLUMNS)}
    # Quoting round-trips: a value with a comma is quoted and read back whole.
    with_comma = [r for r in _csv(full) if "," in r["name"] or "," in r["pictureAuthor"]]
    assert with_comma, "expected at least one value with a comma in the real data"


def test_csv_one_row_per_active_mission(full: dict[str, Any]) -> None:
    rows = _csv(full)
    assert len(rows) == full["active"] == 9_851
    qids = [r["QID"] for r in rows]
    assert len(set(qids)) == len(qids)
    assert set(qids) == {entity(q) for q in full["active_ids"]}
    assert {r["status"] for r in rows} == {"active"}
    # Each row names the licences of its values: Wikidata's alone here.
    assert {r["licence"] for r in rows} == {"CC0-1.0"}


def test_csv_values_round_trip_for_a_known_mission(full: dict[str, Any]) -> None:
    row = _by_qid(_csv(full), GERMAN_EMBASSY_IN_RUSSIA)
    source = wikidata_row(GERMAN_EMBASSY_IN_RUSSIA)
    assert row["QID"] == source["QID"] == entity(GERMAN_EMBASSY_IN_RUSSIA)
    assert float(row["latitude"]) == float(source["latitude"]) == 55.71736
    assert float(row["longitude"]) == float(source["longitude"]) == 37.517
    for column in ("operator", "operatorQID", "country", "countryQID", "city", "cityQID"):
        assert row[column] == source[column], column
    for column in ("website", "picture", "pictureAuthor", "pictureLicense", "typeQID"):
        assert row[column] == source[column], column
    assert row["name"] == "Embassy of Germany in Russia"
    assert row["kind"] == "embassy"
    assert row["sending_iso"] == "DE"
    assert row["host_iso"] == "RU"
    assert row["chancery_url"].endswith("/missions/embassy-of-germany-in-russia/")
    assert row["chancery_url"].startswith("http")
    assert row["source"] == "wikidata-csv"


def test_csv_phones_and_jurisdiction_lists_use_the_pipe(full: dict[str, Any]) -> None:
    row = _by_qid(_csv(full), COLOMBIAN_EMBASSY_IN_HUNGARY)
    source = wikidata_row(COLOMBIAN_EMBASSY_IN_HUNGARY)
    mission = Mission.objects.get(wikidata_id=COLOMBIAN_EMBASSY_IN_HUNGARY)
    ours = sorted(mission.jurisdictions.values_list("name", flat=True))
    assert len(ours) == 4
    # Every jurisdiction the mission holds is there, joined with "|", with its QID alongside.
    names = row["jurisdictions"].split("|")
    qids = row["jurisdictionQIDs"].split("|")
    assert len(names) == len(qids)
    assert set(ours) <= set(names)
    assert set(qids) <= set(source["jurisdictionQIDs"].split("|"))
    assert row["phone"] == source["phone"] == "+36 1 617-7041"
    assert row["phones_e164"] == "+3616177041"
    assert float(row["latitude"]) == float(source["latitude"])
    assert float(row["longitude"]) == float(source["longitude"])


@pytest.mark.parametrize("qid", [COLOMBIAN_EMBASSY_IN_HUNGARY, GERMAN_EMBASSY_IN_RUSSIA])
def test_csv_jurisdictions_mean_what_they_mean_in_the_wikidata_file(
    full: dict[str, Any], qid: str
) -> None:
    """The Wikidata columns keep the Wikidata file's meaning: `jurisdictions` lists every state
    the mission covers, the host included (as 8,412 of the file's 9,852 rows do)."""
    row = _by_qid(_csv(full), qid)
    source = wikidata_row(qid)
    assert set(row["jurisdictions"].split("|")) == set(source["jurisdictions"].split("|"))
    assert set(row["jurisdictionQIDs"].split("|")) == set(source["jurisdictionQIDs"].split("|"))


# --- JSON ---------------------------------------------------------------------------------------


def test_json_count_items_and_licence(full: dict[str, Any]) -> None:
    data = full["json"]
    assert set(data) == {"licence", "count", "missions"}
    assert data["count"] == len(data["missions"]) == full["active"]
    assert data["licence"]["url"] == ODBL
    assert "ODbL" in data["licence"]["name"]
    assert "© OpenStreetMap contributors" in data["licence"]["attribution"]
    ids = [m["wikidata_id"] for m in data["missions"]]
    assert len(set(ids)) == len(ids)
    assert set(ids) == full["active_ids"]


def test_json_item_for_a_known_mission(full: dict[str, Any]) -> None:
    [item] = [
        m for m in full["json"]["missions"] if m["wikidata_id"] == COLOMBIAN_EMBASSY_IN_HUNGARY
    ]
    assert item["name"] == "Embassy of Colombia in Hungary"
    assert item["sending_country"]["name"] == "Colombia"
    assert item["host_country"]["name"] == "Hungary"
    assert item["latitude"] == 47.514416666
    assert item["longitude"] == 19.047583333
    assert item["phones"] == [
        {"raw": "+36 1 617-7041", "e164": "+3616177041", "valid": True, "label": ""}
    ]
    assert item["id"] == COLOMBIAN_EMBASSY_IN_HUNGARY
    assert item["external_ids"] == {
        "wikidata": COLOMBIAN_EMBASSY_IN_HUNGARY,
        "osm": [],
        "govuk": None,
    }
    assert item["verified"] is True
    assert item["licence"] == "CC0-1.0"
    assert {j["name"] for j in item["jurisdictions"]} == {
        "Bosnia and Herzegovina",
        "Montenegro",
        "North Macedonia",
        "Serbia",
    }
    assert item["url"].endswith("/missions/embassy-of-colombia-in-hungary/")


# --- GeoJSON ------------------------------------------------------------------------------------


def test_geojson_is_an_rfc_7946_feature_collection(full: dict[str, Any]) -> None:
    data = full["geojson"]
    assert data["type"] == "FeatureCollection"
    assert "crs" not in data  # RFC 7946 §4: no crs member
    assert data["licence"]["url"] == ODBL
    features = data["features"]
    assert isinstance(features, list)
    ids = []
    for feature in features:
        assert feature["type"] == "Feature"
        assert isinstance(feature.get("id"), str | int) and feature["id"] != ""
        ids.append(feature["id"])
        geometry = feature["geometry"]
        assert geometry["type"] == "Point"
        lon, lat = geometry["coordinates"]
        assert isinstance(lon, int | float) and isinstance(lat, int | float)
        assert -180 <= lon <= 180
        assert -90 <= lat <= 90
        assert isinstance(feature["properties"], dict)
        assert feature["properties"]["longitude"] == lon
        assert feature["properties"]["latitude"] == lat
    assert len(set(ids)) == len(ids)


def test_geojson_has_only_missions_with_coordinates(full: dict[str, Any]) -> None:
    features = full["geojson"]["features"]
    ids = {f["id"] for f in features}
    assert ids == full["with_coordinates"]
    assert len(features) < full["active"]


def test_geojson_coordinates_are_lon_lat(full: dict[str, Any]) -> None:
    [feature] = [f for f in full["geojson"]["features"] if f["id"] == GERMAN_EMBASSY_IN_RUSSIA]
    assert feature["geometry"]["coordinates"] == [37.517, 55.71736]


# --- filters on all three -----------------------------------------------------------------------


def _export(client: Client, kind: str, **params: object) -> Any:
    response = client.get(URLS[kind], params)
    assert response.status_code == 200, body(response)
    assert response.streaming is True
    return csv_rows(response) if kind == "csv" else json_body(response)


def _ids(kind: str, data: Any) -> list[str]:
    if kind == "csv":
        return [r["QID"].rsplit("/", 1)[-1] for r in data]
    if kind == "json":
        return [m["wikidata_id"] for m in data["missions"]]
    return [f["id"] for f in data["features"]]


def test_host_filter_applies_to_all_three(client: Client) -> None:
    in_russia = Mission.objects.active().filter(host_country__iso_alpha2="RU")
    expected = set(in_russia.values_list("wikidata_id", flat=True))
    located = set(in_russia.exclude(latitude=None).values_list("wikidata_id", flat=True))
    assert len(expected) > 100

    rows = _export(client, "csv", host="RU")
    assert set(_ids("csv", rows)) == expected
    assert len(rows) == len(expected)
    assert {r["host_iso"] for r in rows} == {"RU"}

    data = _export(client, "json", host="russia")
    assert data["count"] == len(data["missions"]) == len(expected)
    assert set(_ids("json", data)) == expected

    geo = _export(client, "geojson", host="RUS")
    assert set(_ids("geojson", geo)) == located


@pytest.mark.parametrize("kind", ["csv", "json", "geojson"])
def test_near_filter_applies(client: Client, kind: str) -> None:
    lat, lon = MOSCOW
    data = _export(client, kind, near=f"{lat},{lon}", radius_km=10)
    api = client.get(
        "/api/v1/missions", {"near": f"{lat},{lon}", "radius_km": 10, "limit": 500}
    ).json()
    expected = {m["wikidata_id"] for m in api["items"]}
    assert expected
    ids = _ids(kind, data)
    assert len(ids) == len(set(ids))
    assert set(ids) == expected
    mission_coordinates = dict(
        (qid, (mlat, mlon))
        for qid, mlat, mlon in Mission.objects.filter(wikidata_id__in=ids).values_list(
            "wikidata_id", "latitude", "longitude"
        )
    )
    for qid in ids:
        assert haversine_km(lat, lon, *mission_coordinates[qid]) <= 10 + 1e-6


@pytest.mark.parametrize("kind", ["csv", "json", "geojson"])
def test_bbox_and_status_filters_apply(client: Client, kind: str) -> None:
    Mission.objects.filter(wikidata_id=BELGIAN_EMBASSY_IN_RUSSIA).update(status="closed")
    closed = _export(client, kind, status="closed")
    assert _ids(kind, closed) == [BELGIAN_EMBASSY_IN_RUSSIA]
    moscow = _export(client, kind, bbox="37.3,55.5,37.9,56.0")
    assert GERMAN_EMBASSY_IN_RUSSIA in _ids(kind, moscow)
    assert BELGIAN_EMBASSY_IN_RUSSIA not in _ids(kind, moscow)


@pytest.mark.parametrize("kind", ["csv", "json", "geojson"])
@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"host": "Atlantis"}, "host"),
        ({"bbox": "1,2,3"}, "bbox"),
        ({"near": "95,0"}, "near"),
        ({"radius_km": "5"}, "radius_km"),
        ({"status": "gone"}, "status"),
        ({"kind": "palace"}, "kind"),
    ],
)
def test_bad_filter_is_400_json(client: Client, kind: str, params: dict, parameter: str) -> None:
    response = client.get(URLS[kind], params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    payload = json.loads(response.content)
    assert payload["detail"].startswith(f"{parameter}:")


def test_filtered_exports_carry_the_licence(client: Client) -> None:
    rows = _export(client, "csv", host="RU")
    assert {r["licence"] for r in rows} == {"CC0-1.0"}
    assert _export(client, "json", host="RU")["licence"]["url"] == ODBL
    assert _export(client, "geojson", host="RU")["licence"]["url"] == ODBL
    for url in URLS.values():
        assert client.get(url, {"host": "RU"})["Link"] == f'<{ODBL}>; rel="license"'
        cc0 = url.replace("missions.", "missions-cc0.")
        assert client.get(cc0, {"host": "RU"})["Link"] == f'<{CC0}>; rel="license"'


def test_an_empty_result_is_still_valid(client: Client) -> None:
    rows = _export(client, "csv", bbox="-10,-10,-9,-9")  # the Gulf of Guinea
    assert rows == []
    assert _export(client, "json", bbox="-10,-10,-9,-9") == {
        "licence": _export(client, "json", host="RU")["licence"],
        "count": 0,
        "missions": [],
    }
    geo = _export(client, "geojson", bbox="-10,-10,-9,-9")
    assert geo["type"] == "FeatureCollection"
    assert geo["features"] == []


# --- vCard --------------------------------------------------------------------------------------


def test_vcard_of_a_mission_with_a_phone(client: Client) -> None:
    mission = Mission.objects.get(wikidata_id=BELGIAN_EMBASSY_IN_RUSSIA)
    response = client.get(f"/missions/{mission.slug}.vcf")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/vcard")
    assert f'filename="{mission.slug}.vcf"' in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith("BEGIN:VCARD")
    assert text.rstrip().endswith("END:VCARD")
    tel_lines = [line for line in text.splitlines() if line.upper().startswith("TEL")]
    assert tel_lines
    assert any("+74957800331" in line.replace(" ", "").replace("-", "") for line in tel_lines)
