"""/advisories/, /advisories/<country>/ and the compact summary on the host hub."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from chancery.advisories.models import STALE_AFTER, Advisory
from chancery.advisories.services import advisories_import

from .helpers import CA_SAMPLE, UK_ALBANIA, UsItem, current, us_rss, write

pytestmark = pytest.mark.django_db

US_RUSSIA_URL = (
    "https://travel.state.gov/content/travel/en/traveladvisories/traveladvisories/"
    "russia-travel-advisory.html"
)


@pytest.fixture
def world(tmp_path: Path) -> dt.datetime:
    """US, Canada (fresh) and UK (stale) advisories; returns when they were read."""
    now = timezone.now()
    feed = us_rss(
        UsItem("Russia", "RS", 4, pub_date="Thu, 08 May 2025"),
        UsItem("Germany", "GM", 2),
        UsItem("France", "FR", 1),
        UsItem("Egypt", "EG", 3),
    )
    advisories_import("us", write(tmp_path / "us.xml", feed), now=now)
    advisories_import("ca", str(CA_SAMPLE), now=now)
    advisories_import("uk", str(UK_ALBANIA), now=now - STALE_AFTER - dt.timedelta(days=1))
    return now


def _codes(response) -> list[str]:
    return [row.country.iso_alpha2 for row, _ in response.context["rows"]]


# --- /advisories/ -----------------------------------------------------------------------------


@pytest.mark.usefixtures("world")
def test_index_lists_every_destination_with_each_issuers_level(
    client: Client, django_assert_max_num_queries
) -> None:
    with django_assert_max_num_queries(8):
        response = client.get("/advisories/")
    assert response.status_code == 200
    assert sorted(_codes(response)) == sorted(["AL", "DE", "EG", "FR", "MX", "RU", "TH", "UA"])
    assertContains(response, "8 destinations")
    issuers = [c.iso_alpha2 for c in response.context["issuers"]]
    assert issuers == ["CA", "GB", "US"]
    cells = {row.country.iso_alpha2: cells for row, cells in response.context["rows"]}
    ca, gb, us = cells["RU"]
    assert ca.current.level_text == "Avoid all travel"
    assert gb is None
    assert us.current.level_text == "Level 4: Do Not Travel"
    assert [c and c.current.level for c in cells["EG"]] == [3, None, 3]
    assert [c and c.current.level for c in cells["AL"]] == [None, 1, None]
    for text in ("Russia", "Albania", "Level 4: Do Not Travel", "Avoid all travel"):
        assertContains(response, text)
    assertContains(response, 'href="/advisories/russia/"')
    assertContains(response, 'class="level level-4"')
    assertContains(response, 'href="/advisories/changes.atom"')
    # Each issuer's credit (the UK's OGL attribution is required).
    assertContains(response, "Source: U.S. Department of State")
    assertContains(response, "Open Government Licence – Canada")
    assertContains(response, "Open Government Licence v3.0")


@pytest.mark.usefixtures("world")
@pytest.mark.parametrize(
    ("query", "codes"),
    [
        ("level=4", {"RU", "UA"}),
        ("level=4&issuer=us", {"RU"}),
        ("level=4&issuer=ca", {"RU", "UA"}),
        ("level=4&issuer=gb", set()),
        ("level=3", {"EG"}),
        ("level=2", {"DE", "MX", "TH"}),
        ("level=2&issuer=us", {"DE"}),
        ("level=1&issuer=gb", {"AL"}),
        ("level=1", {"AL", "FR"}),
    ],
)
def test_index_filters_by_level_and_issuer(client: Client, query: str, codes: set[str]) -> None:
    response = client.get(f"/advisories/?{query}")
    assert response.status_code == 200
    assert set(_codes(response)) == codes
    if not codes:
        assertContains(response, "No advisories match.")


@pytest.mark.usefixtures("world")
def test_index_filter_form_keeps_the_choice(client: Client) -> None:
    response = client.get("/advisories/?level=4&issuer=us&sort=level")
    assertContains(response, '<option value="4" selected>', html=False)
    assertContains(response, '<option value="us" selected>', html=False)
    assertContains(response, '<option value="level" selected>', html=False)


@pytest.mark.usefixtures("world")
def test_index_ignores_a_bad_level(client: Client) -> None:
    assert len(_codes(client.get("/advisories/?level=9"))) == 8
    assert len(_codes(client.get("/advisories/?level=abc&issuer=zz"))) == 8


@pytest.mark.usefixtures("world")
def test_index_sorts_by_name_or_by_highest_level(client: Client) -> None:
    by_name = client.get("/advisories/")
    assert _codes(by_name) == ["AL", "EG", "FR", "DE", "MX", "RU", "TH", "UA"]
    by_level = client.get("/advisories/?sort=level")
    assert _codes(by_level) == ["RU", "UA", "EG", "DE", "MX", "TH", "AL", "FR"]
    page = by_level.content.decode()
    positions = [
        page.index(f'href="/advisories/{slug}/"') for slug in ("russia", "egypt", "france")
    ]
    assert positions == sorted(positions)
    filtered = client.get("/advisories/?sort=level&level=2")
    assert _codes(filtered) == ["DE", "MX", "TH"]


# --- /advisories/<country>/ -------------------------------------------------------------------


@pytest.mark.usefixtures("world")
def test_country_page_shows_each_issuer_side_by_side(
    client: Client, django_assert_max_num_queries
) -> None:
    with django_assert_max_num_queries(10):
        response = client.get("/advisories/russia/")
    assert response.status_code == 200
    assertContains(response, "Travel advice for Russia")
    # The United States: wording, date, source link, credit.
    assertContains(response, "Level 4: Do Not Travel")
    assertContains(response, "Updated by the issuer on 8 May 2025")
    assertContains(response, f'href="{US_RUSSIA_URL}"')
    assertContains(response, "Source: U.S. Department of State")
    # Canada: its own words, its date (30 September 2025, Ottawa) and link.
    assertContains(response, "Avoid all travel")
    assertContains(response, "Updated by the issuer on 30 Sep 2025")
    assertContains(response, 'href="https://travel.gc.ca/destinations/russia"')
    assertContains(response, "Open Government Licence – Canada")
    assertContains(response, "drone and missile attacks")
    # The United Kingdom has nothing on Russia.
    assertContains(response, "No advice from the United Kingdom for Russia in its latest feed.")
    # Fresh advice: no stale notice.
    assertNotContains(response, "may be out of date")
    assertContains(response, 'href="/advisories/russia/changes.atom"')
    assertContains(response, 'href="/in/russia/"')


@pytest.mark.usefixtures("world")
def test_country_page_marks_stale_advice(client: Client) -> None:
    response = client.get("/advisories/albania/")
    assertContains(response, "No FCDO advice against travel")
    assertContains(response, "it may be out of date")
    assertContains(response, "Updated by the issuer on 14 Feb 2017")
    assertContains(response, "No advice from the United States for Albania")
    assertContains(response, "No advice from Canada for Albania")


def test_stale_after_boundary() -> None:
    advisory = Advisory()
    now = dt.datetime(2025, 10, 14, 12, tzinfo=dt.UTC)
    assert advisory.is_stale(now)  # never seen
    advisory.last_seen_at = now - STALE_AFTER + dt.timedelta(minutes=1)
    assert not advisory.is_stale(now)
    advisory.last_seen_at = now - STALE_AFTER - dt.timedelta(minutes=1)
    assert advisory.is_stale(now)


def test_country_page_history_keeps_every_version(tmp_path: Path, client: Client) -> None:
    now = timezone.now()
    first = us_rss(UsItem("Russia", "RS", 3, pub_date="Mon, 01 Jan 2024"))
    second = us_rss(UsItem("Russia", "RS", 4, pub_date="Thu, 08 May 2025"))
    advisories_import("us", write(tmp_path / "1.xml", first), now=now - dt.timedelta(days=3))
    advisories_import("us", write(tmp_path / "2.xml", second), now=now)
    assert (current("RU").level, current("RU").previous_level) == (4, 3)
    response = client.get("/advisories/russia/")
    history = response.context["history"]
    assert [v.level for v in history] == [4, 3]
    assertContains(response, "History")
    assertContains(response, "(was level 3)")
    assertContains(response, "Level 3: Reconsider Travel")
    assertContains(response, "1 Jan 2024")
    fetched = now - dt.timedelta(days=3)
    assertContains(response, f"{fetched.day} {fetched:%b %Y}")


def test_country_page_for_a_country_without_advice(client: Client) -> None:
    response = client.get("/advisories/japan/")
    assert response.status_code == 200
    assertContains(response, "No government's advice for Japan has been imported.")


def test_country_page_redirects_codes_to_the_slug(client: Client) -> None:
    assertRedirects(
        client.get("/advisories/RU/"),
        "/advisories/russia/",
        status_code=301,
        fetch_redirect_response=False,
    )


@pytest.mark.parametrize(
    "url", ["/advisories/atlantis/", "/advisories/atlantis/changes.atom", "/advisories/zz/"]
)
def test_unknown_country_is_404(client: Client, url: str) -> None:
    assert client.get(url).status_code == 404


# --- The host hub -----------------------------------------------------------------------------


@pytest.mark.usefixtures("world")
def test_host_hub_shows_the_compact_summary(client: Client) -> None:
    response = client.get("/in/russia/")
    assert response.status_code == 200
    assertContains(response, "Travel advice for Russia")
    assertContains(response, "Canada: “Avoid all travel”")
    assertContains(response, "United States: “Level 4: Do Not Travel”")
    assertContains(response, "(8 May 2025)")
    assertContains(response, 'href="/advisories/russia/"')
    assertContains(response, "Each government's advice, side by side")


def test_host_hub_without_advice_has_no_summary(client: Client) -> None:
    response = client.get("/in/japan/")
    assert response.status_code == 200
    assertNotContains(response, "Travel advice for Japan")
    assertNotContains(response, 'class="advisory-summary"')
