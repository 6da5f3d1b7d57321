"""API v1 and places: a mission carries its host as the source gives it and the territory it
stands in; `territory=` filters by where missions stand; countries carry `kind` and
`part_of`."""

from __future__ import annotations

import pytest
from django.db.models import F
from django.test import Client

from chancery.countries.models import Country
from chancery.directory.models import Mission

pytestmark = pytest.mark.django_db

HONG_KONG = {"code": "HK", "name": "Hong Kong", "slug": "hong-kong"}
CHINA = {"code": "CN", "name": "China", "slug": "china"}


def _missions(client: Client, **params: object) -> dict:
    response = client.get("/api/v1/missions", {"limit": 500, **params})
    assert response.status_code == 200, response.content[:300]
    return response.json()


def test_a_mission_carries_its_host_and_where_it_stands(client: Client) -> None:
    mission = Mission.objects.active().get(
        sending_country__iso_alpha2="GB", host_country__iso_alpha2="CN", territory__iso_alpha2="HK"
    )
    body = client.get(f"/api/v1/missions/{mission.wikidata_id}").json()
    assert body["host_country"] == CHINA
    assert body["territory"] == HONG_KONG


def test_territory_filter_finds_every_mission_standing_there(client: Client) -> None:
    standing = Mission.objects.active().filter(territory__iso_alpha2="HK")
    filed_under_china = standing.filter(host_country__iso_alpha2="CN").count()
    assert filed_under_china >= 10
    body = _missions(client, territory="HK")
    assert body["count"] == standing.count()
    assert {m["territory"]["code"] for m in body["items"]} == {"HK"}
    assert {m["host_country"]["code"] for m in body["items"]} == {"CN", "HK"}


def test_territory_of_a_state_is_the_state_proper_unless_territories_are_included(
    client: Client,
) -> None:
    proper = _missions(client, territory="CN", limit=1)["count"]
    assert proper == Mission.objects.active().filter(territory__iso_alpha2="CN").count()
    with_territories = _missions(client, territory="china", include_territories="true", limit=1)
    in_territories = Mission.objects.active().filter(territory__part_of__iso_alpha2="CN").count()
    assert in_territories > 0
    assert with_territories["count"] == proper + in_territories


def test_host_keeps_the_source_meaning(client: Client) -> None:
    body = _missions(client, host="CN", limit=1)
    assert body["count"] == Mission.objects.active().filter(host_country__iso_alpha2="CN").count()
    assert _missions(client, host="CN", territory="HK", limit=1)["count"] >= 10


def test_an_unknown_territory_is_a_400_naming_it(client: Client) -> None:
    response = client.get("/api/v1/missions", {"territory": "Atlantis"})
    assert response.status_code == 400
    assert response.json()["detail"].startswith("territory:")


def test_countries_carry_kind_and_part_of(client: Client) -> None:
    countries = {c["code"]: c for c in client.get("/api/v1/countries").json()}
    assert countries["HK"]["kind"] == "special_administrative_region"
    assert countries["HK"]["part_of"] == CHINA
    assert countries["NC"]["part_of"]["code"] == "FR"
    assert countries["GL"]["part_of"]["code"] == "DK"
    assert countries["CN"]["part_of"] is None
    unnamed = Country.objects.filter(wikidata_id=None).exclude(iso_alpha2=None).first()
    if unnamed is not None:  # a place no source has named yet has no Wikidata ID
        assert countries[unnamed.iso_alpha2]["wikidata_id"] is None
    territories = client.get("/api/v1/countries", {"kind": "territory"}).json()
    assert territories and all(c["part_of"] for c in territories)


def test_a_territory_without_missions_has_its_page(client: Client) -> None:
    response = client.get("/api/v1/countries/NC")
    assert response.status_code == 200
    assert response.json()["part_of"]["code"] == "FR"


def test_the_missions_list_stays_a_few_queries(client: Client, django_assert_max_num_queries):
    assert Mission.objects.active().exclude(territory=F("host_country")).exists()
    # The country lookup, the count, the page, and its jurisdictions, links and values.
    with django_assert_max_num_queries(7):
        _missions(client, territory="CN", include_territories="1", limit=100)
