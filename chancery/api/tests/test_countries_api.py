"""GET /api/v1/countries and /api/v1/countries/{code}."""

from __future__ import annotations

import pytest
from django.test import Client

from chancery.countries.models import Country

pytestmark = pytest.mark.django_db

COUNTRY_FIELDS = {
    "code",
    "slug",
    "name",
    "kind",
    "part_of",
    "wikidata_id",
    "other_wikidata_ids",
    "iso_alpha2",
    "iso_alpha3",
    "iso_numeric",
    "names",
    "aliases",
}


def test_country_list(client: Client, django_assert_max_num_queries) -> None:
    with django_assert_max_num_queries(3):
        response = client.get("/api/v1/countries")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    countries = response.json()
    assert isinstance(countries, list)
    assert len(countries) == Country.objects.count()
    assert set(countries[0]) == COUNTRY_FIELDS
    by_slug = {c["slug"]: c for c in countries}
    assert by_slug["germany"]["code"] == "DE"
    assert by_slug["germany"]["kind"] == "sovereign_state"
    # Entities without an ISO code are listed too; their code is the slug.
    assert by_slug["quebec"]["iso_alpha2"] is None
    assert by_slug["quebec"]["code"] == "quebec"
    names = [c["name"] for c in countries]
    assert names == sorted(names)


def test_country_list_filter_by_kind(client: Client) -> None:
    response = client.get("/api/v1/countries", {"kind": "subnational"})
    assert response.status_code == 200
    countries = response.json()
    assert countries
    assert {c["kind"] for c in countries} == {"subnational"}
    assert len(countries) == Country.objects.filter(kind="subnational").count()
    assert "quebec" in {c["slug"] for c in countries}
    assert "germany" not in {c["slug"] for c in countries}


def test_country_list_rejects_an_unknown_kind(client: Client) -> None:
    assert client.get("/api/v1/countries", {"kind": "planet"}).status_code == 422


@pytest.mark.parametrize("code", ["DE", "de", "DEU", "germany"])
def test_country_by_code_or_slug(client: Client, code: str) -> None:
    response = client.get(f"/api/v1/countries/{code}")
    assert response.status_code == 200
    country = response.json()
    # The detail adds each government's current advisory and the banners in force.
    assert set(country) == COUNTRY_FIELDS | {"advisories", "banners"}
    assert country["advisories"] == [] and country["banners"] == []
    assert country["slug"] == "germany"
    assert country["code"] == "DE"
    assert country["iso_alpha3"] == "DEU"
    assert country["wikidata_id"] == "Q183"
    assert country["names"]["de"] == "Deutschland"


def test_country_by_code_and_by_slug_are_the_same(client: Client) -> None:
    assert (
        client.get("/api/v1/countries/DE").json() == client.get("/api/v1/countries/germany").json()
    )


def test_unknown_country_is_404_json(client: Client) -> None:
    response = client.get("/api/v1/countries/narnia")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert "narnia" in response.json()["detail"]


@pytest.mark.parametrize("code", ["德国", "Германия", "-"])
def test_a_code_without_latin_letters_is_germany_or_404(client: Client, code: str) -> None:
    response = client.get(f"/api/v1/countries/{code}")
    assert response.status_code in {200, 404}
    if response.status_code == 200:
        assert response.json()["slug"] == "germany"
