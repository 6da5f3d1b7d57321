"""GET /api/v1/missions and /api/v1/missions/{id} (a QID here; see test_missions_sources_api)."""

from __future__ import annotations

import pytest
from django.test import Client

from chancery.directory.models import Mission, MissionStatus

pytestmark = pytest.mark.django_db

GERMAN_EMBASSY_IN_RUSSIA = "Q4373990"
MISSION_FIELDS = {
    "id",
    "wikidata_id",
    "slug",
    "url",
    "name",
    "kind",
    "type_label",
    "sending_country",
    "host_country",
    "territory",
    "city",
    "latitude",
    "longitude",
    "phones",
    "email",
    "website",
    "jurisdictions",
    "opened_on",
    "status",
    "source",
    "distance_km",
    "names",
    "address",
    "address_parts",
    "fax",
    "opening_hours",
    "services",
    "closed_on",
    "verified",
    "external_ids",
    "sources",  # null unless the list was asked for near=lat,lon
}


def _get(client: Client, **params: object) -> dict:
    response = client.get("/api/v1/missions", params)
    assert response.status_code == 200, response.content
    return response.json()


def test_filter_by_sending_host_and_kind(client: Client, django_assert_max_num_queries) -> None:
    # The country lookups, the count, the page, and its jurisdictions, links and values.
    with django_assert_max_num_queries(10):
        response = client.get(
            "/api/v1/missions", {"sending": "DE", "host": "RU", "kind": "embassy"}
        )
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"items", "count"}
    assert body["count"] == 1
    [mission] = body["items"]
    assert mission["wikidata_id"] == GERMAN_EMBASSY_IN_RUSSIA
    assert mission["name"] == "Embassy of Germany in Russia"
    assert mission["kind"] == "embassy"


@pytest.mark.parametrize(
    ("sending", "host"),
    [("germany", "russia"), ("DEU", "RUS"), ("de", "ru"), ("Q183", "Q159")],
)
def test_countries_by_any_code(client: Client, sending: str, host: str) -> None:
    body = _get(client, sending=sending, host=host)
    assert [m["wikidata_id"] for m in body["items"]] == [GERMAN_EMBASSY_IN_RUSSIA]


def test_filter_by_host_slug(client: Client) -> None:
    body = _get(client, host="russia", limit=500)
    expected = Mission.objects.active().filter(host_country__slug="russia").count()
    assert body["count"] == expected == len(body["items"])
    assert {m["host_country"]["slug"] for m in body["items"]} == {"russia"}
    assert GERMAN_EMBASSY_IN_RUSSIA in {m["wikidata_id"] for m in body["items"]}


@pytest.mark.parametrize("city", ["Saint Petersburg", "saint petersburg", "SAINT PETERSBURG"])
def test_filter_by_city_is_case_insensitive(client: Client, city: str) -> None:
    body = _get(client, city=city, limit=500)
    expected = Mission.objects.active().filter(city="Saint Petersburg").count()
    assert expected > 1
    assert body["count"] == expected
    assert {m["city"] for m in body["items"]} == {"Saint Petersburg"}
    assert "Consulate-General of France in Saint Petersburg" in {m["name"] for m in body["items"]}


def test_limit_and_offset_page_through_the_same_list(client: Client) -> None:
    whole = _get(client, host="russia", limit=30)
    first = _get(client, host="russia", limit=10, offset=0)
    second = _get(client, host="russia", limit=10, offset=10)
    third = _get(client, host="russia", limit=10, offset=20)
    assert whole["count"] == first["count"] == second["count"] == third["count"] > 30
    assert len(first["items"]) == 10
    pages = first["items"] + second["items"] + third["items"]
    assert [m["wikidata_id"] for m in pages] == [m["wikidata_id"] for m in whole["items"]]
    assert len({m["wikidata_id"] for m in pages}) == 30
    last = _get(client, host="russia", limit=10, offset=whole["count"] - 3)
    assert len(last["items"]) == 3


def test_default_page_is_bounded_and_counts_everything(
    client: Client, django_assert_max_num_queries
) -> None:
    with django_assert_max_num_queries(5):
        response = client.get("/api/v1/missions")
    body = response.json()
    assert body["count"] == Mission.objects.active().count()
    assert 0 < len(body["items"]) <= 100


def test_list_queries_do_not_grow_with_the_page(
    client: Client, django_assert_max_num_queries
) -> None:
    """Jurisdictions and countries come with the page, not one query per mission."""
    with django_assert_max_num_queries(8):
        body = client.get(
            "/api/v1/missions", {"sending": "belgium", "limit": 200, "include_withdrawn": "true"}
        ).json()
    assert len(body["items"]) > 20
    assert any(m["jurisdictions"] for m in body["items"])


@pytest.mark.parametrize("parameter", ["sending", "host"])
def test_unknown_country_code_is_400_naming_the_parameter(client: Client, parameter: str) -> None:
    response = client.get("/api/v1/missions", {parameter: "XX"})
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert detail.startswith(f"{parameter}:")
    assert "XX" in detail


def test_unknown_kind_is_422(client: Client) -> None:
    response = client.get("/api/v1/missions", {"kind": "castle"})
    assert response.status_code == 422
    assert "detail" in response.json()


def test_mission_detail_has_all_documented_fields(
    client: Client, django_assert_max_num_queries
) -> None:
    with django_assert_max_num_queries(5):
        response = client.get(f"/api/v1/missions/{GERMAN_EMBASSY_IN_RUSSIA}")
    assert response.status_code == 200
    mission = response.json()
    assert set(mission) == MISSION_FIELDS
    assert mission["wikidata_id"] == GERMAN_EMBASSY_IN_RUSSIA
    assert mission["slug"] == "embassy-of-germany-in-russia"
    assert mission["url"] == "/missions/embassy-of-germany-in-russia/"
    assert mission["name"] == "Embassy of Germany in Russia"
    assert mission["kind"] == "embassy"
    assert mission["sending_country"] == {"code": "DE", "name": "Germany", "slug": "germany"}
    assert mission["host_country"] == {"code": "RU", "name": "Russia", "slug": "russia"}
    assert mission["city"] == "Moscow"
    assert mission["latitude"] == pytest.approx(55.71736)
    assert mission["longitude"] == pytest.approx(37.517)
    assert mission["phones"] == []
    assert mission["email"] == ""
    assert mission["website"] == "https://germania.diplo.de/ru-de"
    assert mission["jurisdictions"] == []
    assert mission["status"] == "active"
    source = mission["source"]
    assert set(source) == {"name", "id", "url", "first_seen", "last_seen"}
    assert source["name"] == "wikidata-csv"
    assert source["url"] == f"https://www.wikidata.org/wiki/{GERMAN_EMBASSY_IN_RUSSIA}"


def test_mission_detail_contact_fields(client: Client) -> None:
    mission = client.get("/api/v1/missions/Q113015727").json()
    assert mission["phones"] == [
        {"raw": "+55 21 254 388 78", "e164": "+552125438878", "valid": True, "label": ""}
    ]
    assert mission["email"] == "riodejaneiro@diplobel.fed.be"  # no "mailto:"
    slugs = {c["slug"] for c in mission["jurisdictions"]}
    assert {"minas-gerais", "espirito-santo"} <= slugs
    assert all(set(c) == {"code", "name", "slug"} for c in mission["jurisdictions"])


def test_mission_detail_accepts_a_lower_case_id(client: Client) -> None:
    response = client.get(f"/api/v1/missions/{GERMAN_EMBASSY_IN_RUSSIA.lower()}")
    assert response.status_code == 200
    assert response.json()["wikidata_id"] == GERMAN_EMBASSY_IN_RUSSIA


def test_unknown_mission_is_404_json(client: Client) -> None:
    response = client.get("/api/v1/missions/Q999999999999")
    assert response.status_code == 404
    assert "Q999999999999" in response.json()["detail"]


def test_withdrawn_missions_are_left_out_unless_asked_for(client: Client) -> None:
    Mission.objects.filter(wikidata_id=GERMAN_EMBASSY_IN_RUSSIA).update(
        status=MissionStatus.WITHDRAWN
    )

    default = _get(client, sending="DE", host="RU")
    assert default == {"items": [], "count": 0}
    assert _get(client, sending="DE", host="RU", include_withdrawn="false")["count"] == 0

    included = _get(client, sending="DE", host="RU", include_withdrawn="true")
    assert included["count"] == 1
    assert included["items"][0]["status"] == "withdrawn"

    everything = _get(client, include_withdrawn="true")
    assert everything["count"] == _get(client)["count"] + 1

    # The detail endpoint still answers for a withdrawn mission, and says so.
    detail = client.get(f"/api/v1/missions/{GERMAN_EMBASSY_IN_RUSSIA}").json()
    assert detail["status"] == "withdrawn"


def test_a_sending_code_without_latin_letters_is_not_abkhazia(client: Client) -> None:
    response = client.get("/api/v1/missions", {"sending": "德国"})
    if response.status_code == 200:
        senders = {m["sending_country"]["slug"] for m in response.json()["items"]}
        assert senders == {"germany"}
    else:
        assert response.status_code == 400


def test_page_size_is_capped(client: Client) -> None:
    response = client.get("/api/v1/missions", {"limit": 100000})
    assert response.status_code == 422
    assert "500" in response.content.decode()
