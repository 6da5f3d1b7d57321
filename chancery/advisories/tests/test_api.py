"""GET /api/v1/advisories and the advisories and banners in GET /api/v1/countries/{code}."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from chancery.advisories.models import STALE_AFTER, Banner
from chancery.advisories.services import advisories_import
from chancery.countries.models import Country

from .helpers import CA_SAMPLE, UK_ALBANIA, UsItem, us_rss, write

pytestmark = pytest.mark.django_db

ADVISORY_FIELDS = {
    "destination",
    "issuer",
    "level",
    "level_text",
    "title",
    "summary_html",
    "source_url",
    "issuer_updated_at",
    "date_note",
    "fetched_at",
    "last_seen_at",
    "stale",
    "attribution",
}
BANNER_FIELDS = {
    "country",
    "headline",
    "body",
    "call_to_action",
    "link",
    "severity",
    "derived",
    "starts_at",
    "ends_at",
}


@pytest.fixture
def world(tmp_path: Path) -> None:
    now = timezone.now()
    feed = us_rss(
        UsItem("Russia", "RS", 4, pub_date="Thu, 08 May 2025"), UsItem("Albania", "AL", 2)
    )
    advisories_import("us", write(tmp_path / "us.xml", feed), now=now)
    advisories_import("ca", str(CA_SAMPLE), now=now)
    advisories_import("uk", str(UK_ALBANIA), now=now - STALE_AFTER - dt.timedelta(days=1))


@pytest.mark.usefixtures("world")
def test_advisories_for_a_country(client: Client) -> None:
    response = client.get("/api/v1/advisories?country=RU")
    assert response.status_code == 200
    advisories = response.json()
    assert [a["issuer"]["code"] for a in advisories] == ["CA", "US"]
    for advisory in advisories:
        assert set(advisory) >= ADVISORY_FIELDS
        assert advisory["destination"] == {"code": "RU", "name": "Russia", "slug": "russia"}
        assert advisory["level"] == 4
        assert advisory["stale"] is False
    canada, us = advisories
    assert canada["level_text"] == "Avoid all travel"
    assert canada["source_url"] == "https://travel.gc.ca/destinations/russia"
    assert "Open Government Licence – Canada" in canada["attribution"]
    assert us["level_text"] == "Level 4: Do Not Travel"
    assert us["issuer_updated_at"].startswith("2025-05-08")
    assert us["attribution"].startswith("Source: U.S. Department of State")
    # A slug works as well as a code.
    assert client.get("/api/v1/advisories?country=russia").json() == advisories


@pytest.mark.usefixtures("world")
@pytest.mark.parametrize(
    ("query", "issuers"),
    [
        ("country=RU&issuer=us", ["US"]),
        ("country=RU&issuer=US", ["US"]),
        ("country=RU&issuer=ca", ["CA"]),
        ("country=RU&issuer=uk", []),
        ("country=AL&issuer=uk", ["GB"]),
        ("country=AL&issuer=GB", ["GB"]),
        ("country=AL", ["GB", "US"]),
        ("country=JP", []),
    ],
)
def test_advisories_by_issuer(client: Client, query: str, issuers: list[str]) -> None:
    response = client.get(f"/api/v1/advisories?{query}")
    assert response.status_code == 200
    assert [a["issuer"]["code"] for a in response.json()] == issuers


@pytest.mark.usefixtures("world")
def test_uk_advisory_payload(client: Client) -> None:
    (advisory,) = client.get("/api/v1/advisories?country=AL&issuer=uk").json()
    assert advisory["level"] == 1
    assert advisory["level_text"] == "No FCDO advice against travel"
    assert advisory["stale"] is True
    assert "Open Government Licence v3.0" in advisory["attribution"]
    assert advisory["source_url"] == "https://www.gov.uk/foreign-travel-advice/albania"


@pytest.mark.parametrize("query", ["country=atlantis", "country=ZZ", "country=RU&issuer=atlantis"])
def test_unknown_country_or_issuer_is_400(client: Client, query: str) -> None:
    response = client.get(f"/api/v1/advisories?{query}")
    assert response.status_code == 400
    assert "unknown country" in response.json()["detail"]


def test_country_is_required(client: Client) -> None:
    assert client.get("/api/v1/advisories").status_code in {400, 422}


@pytest.mark.usefixtures("world")
def test_country_detail_includes_advisories_and_banners(client: Client) -> None:
    now = timezone.now()
    Banner.objects.create(
        country=Country.objects.get(iso_alpha2="UA"),
        headline="Ukraine is at war.",
        starts_at=now - dt.timedelta(days=1),
        ends_at=now + dt.timedelta(days=1),
    )
    response = client.get("/api/v1/countries/RU")
    assert response.status_code == 200
    body = response.json()
    assert body["code"] == "RU"
    assert [a["issuer"]["code"] for a in body["advisories"]] == ["CA", "US"]
    assert set(body["advisories"][0]) >= ADVISORY_FIELDS
    # Level 4: a derived banner; Ukraine's editor's banner is not Russia's.
    (banner,) = body["banners"]
    assert set(banner) >= BANNER_FIELDS
    assert banner["derived"] is True
    assert banner["severity"] == "crisis"
    assert banner["link"] == "/in/russia/"
    assert banner["call_to_action"] == "Find your country's embassy in Russia"
    assert "Level 4: Do Not Travel" in banner["headline"]

    ukraine = client.get("/api/v1/countries/ukraine").json()
    (banner,) = ukraine["banners"]
    assert banner["derived"] is False
    assert banner["headline"] == "Ukraine is at war."
    assert banner["starts_at"] is not None


def test_country_detail_without_advisories(client: Client) -> None:
    body = client.get("/api/v1/countries/JP").json()
    assert body["advisories"] == []
    assert body["banners"] == []
    assert client.get("/api/v1/countries/atlantis").status_code == 404


def test_country_list_is_unchanged(client: Client) -> None:
    """The list endpoint keeps its own shape: no advisories per country."""
    countries = client.get("/api/v1/countries").json()
    assert "advisories" not in countries[0]
    assert "banners" not in countries[0]
