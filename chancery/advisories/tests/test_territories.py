"""Territories: their own advisories from the real feed, their state's advice where they have
none (labelled by whether it says it covers them), and banners that follow places."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.template import Context, Template
from django.test import Client
from django.utils import timezone
from django.utils.html import escape
from pytest_django.asserts import assertContains, assertNotContains

from chancery.advisories.models import Banner
from chancery.advisories.presenters import advisory_payload, banner_payload
from chancery.advisories.selectors import Coverage, active_banners, advisories_for
from chancery.advisories.services import advisories_import
from chancery.countries.models import Country

from .helpers import READ_1014, US_1014, UsItem, current, us_rss, write

pytestmark = pytest.mark.django_db

#: The places the issue names, whose items were refused when they had no country.
ISSUE_PLACES = ("AQ", "NC", "PF", "GF", "MS", "VG", "SX", "BQ")
#: The real 2025 text of the State Department's advisory for Denmark, in the words that matter.
DENMARK_TEXT = (
    "<p>Exercise increased caution in the Kingdom of Denmark due to terrorism.</p>"
    "<p>The Kingdom of Denmark consists of Denmark, the Faroe Islands, and Greenland.</p>"
)


def _place(code: str) -> Country:
    return Country.objects.get(iso_alpha2=code)


@pytest.fixture
def real_feed() -> None:
    advisories_import("us", str(US_1014), now=READ_1014)


def _render(source: str, **context: object) -> str:
    return Template("{% load advisories %}" + source).render(Context(context))


# --- Every item of the real feed maps -----------------------------------------------------------


@pytest.mark.usefixtures("real_feed")
def test_the_issues_territories_have_the_us_advisory(client: Client) -> None:
    for code in ISSUE_PLACES:
        answer = client.get("/api/v1/advisories", {"country": code})
        assert answer.status_code == 200, code
        [advisory] = answer.json()
        assert advisory["destination"]["code"] == code
        assert advisory["issuer"]["code"] == "US"
        assert advisory["level_text"] == current(code).level_text


@pytest.mark.usefixtures("real_feed")
def test_new_caledonia_answers_200_with_its_own_item(client: Client) -> None:
    answer = client.get("/api/v1/advisories", {"country": "NC", "issuer": "us"})
    assert answer.status_code == 200
    [advisory] = answer.json()
    assert advisory["title"] == "New Caledonia - Level 3: Reconsider Travel"
    assert advisory["level"] == 3
    page = client.get("/advisories/new-caledonia/")
    assertContains(page, "Level 3: Reconsider Travel")
    assertNotContains(page, "no advisory of its own")


# --- A territory without its own advisory -------------------------------------------------------


def test_a_territory_named_in_its_states_advisory_gets_it_as_covering(tmp_path: Path) -> None:
    feed = us_rss(UsItem("Kingdom of Denmark", "DA", 2, description=DENMARK_TEXT))
    advisories_import("us", write(tmp_path / "feed.xml", feed), now=READ_1014)
    [shown] = advisories_for(_place("FO"))
    assert shown.coverage is Coverage.NAMED
    assert shown.destination.iso_alpha2 == "DK"
    assert shown.note == (
        "The United States has no advisory of its own for the Faroe Islands: its advice for "
        "Denmark, shown here, covers the Faroe Islands."
    )
    assert shown.short_note == "advice for Denmark, which covers the Faroe Islands"


@pytest.mark.usefixtures("real_feed")
def test_the_real_danish_advisory_covers_the_faroes(client: Client) -> None:
    page = client.get("/advisories/faroe-islands/")
    assertContains(page, "Kingdom of Denmark consists of Denmark, the Faroe Islands")
    assertContains(page, "its advice for Denmark, shown here, covers the Faroe Islands.")
    assertContains(page, 'href="/advisories/denmark/"')


@pytest.mark.usefixtures("real_feed")
def test_a_states_advisory_that_says_nothing_is_labelled_honestly(client: Client) -> None:
    [shown] = advisories_for(_place("GI"))
    assert shown.coverage is Coverage.STATE
    assert shown.short_note == "advice for the United Kingdom, which Gibraltar is part of"
    page = client.get("/advisories/gibraltar/")
    assertContains(page, "dissident groups in Northern Ireland")
    assertContains(page, 'href="/advisories/united-kingdom/"')
    assertContains(
        page,
        escape(
            "The United States has no advisory of its own for Gibraltar. Shown here: its advice "
            "for the United Kingdom, which Gibraltar is part of. That advice does not say "
            "whether it covers Gibraltar."
        ),
    )


@pytest.mark.usefixtures("real_feed")
def test_a_territory_with_its_own_advisory_never_gets_its_states() -> None:
    for code in ("GL", "HK", "MO", "NC", "PF"):
        shown = advisories_for(_place(code))
        assert [(s.destination.iso_alpha2, s.coverage) for s in shown] == [(code, Coverage.OWN)]


@pytest.mark.usefixtures("real_feed")
def test_a_state_and_an_issuer_without_advice_for_the_state_give_nothing() -> None:
    # The State Department gives no advice on the United States itself.
    assert advisories_for(_place("PR")) == []
    assert advisories_for(_place("GU")) == []
    # A state is never given another's advice.
    assert [s.coverage for s in advisories_for(_place("DK"))] == [Coverage.OWN]


@pytest.mark.usefixtures("real_feed")
def test_the_hub_summary_marks_a_states_advice(client: Client) -> None:
    html = _render("{% advisory_summary place %}", place=_place("FO"))
    assert "advice for Denmark, which covers the Faroe Islands" in html
    html = _render("{% advisory_summary place %}", place=_place("GL"))
    assert "Level 2: Exercise Increased Caution" in html
    assert "which covers" not in html


@pytest.mark.usefixtures("real_feed")
def test_the_api_gives_a_territory_its_states_advice(client: Client) -> None:
    answer = client.get("/api/v1/advisories", {"country": "FO"})
    assert answer.status_code == 200
    [advisory] = answer.json()
    assert advisory["destination"]["code"] == "DK"
    payload = advisory_payload(advisories_for(_place("FO"))[0])
    assert payload["shown_for"]["code"] == "FO"
    assert (payload["coverage"], payload["coverage_note"]) == (
        "named",
        "advice for Denmark, which covers the Faroe Islands",
    )


# --- Banners follow places ----------------------------------------------------------------------

T = dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC)


def _banner(code: str, headline: str, **extra: object) -> Banner:
    extra.setdefault("starts_at", T - dt.timedelta(days=1))
    return Banner.objects.create(country=_place(code), headline=headline, **extra)


def test_a_states_banner_reaches_its_territories_only_when_the_editor_says_so() -> None:
    _banner("FR", "Strikes across France.")
    _banner("DK", "Storm over the Kingdom.", covers_territories=True)
    assert active_banners(_place("NC"), T) == []
    [faroes] = active_banners(_place("FO"), T)
    assert faroes.headline == "Storm over the Kingdom."
    assert faroes.note == "Notice for Denmark, which covers the Faroe Islands."
    assert faroes.link == "/in/faroe-islands/"
    assert faroes.link_text == "Find your country's embassy in the Faroe Islands"
    assert banner_payload(faroes)["shown_for"]["code"] == "FO"
    # The state's own page shows it as its own.
    [denmark] = active_banners(_place("DK"), T)
    assert (denmark.note, denmark.link) == ("", "/in/denmark/")


def test_a_territory_with_a_banner_of_its_own_shows_only_its_own() -> None:
    _banner("DK", "Storm over the Kingdom.", covers_territories=True)
    _banner("GL", "Flights to Nuuk cancelled.")
    assert [b.headline for b in active_banners(_place("GL"), T)] == ["Flights to Nuuk cancelled."]


def test_an_editors_own_link_keeps_its_country() -> None:
    _banner("DK", "Storm.", covers_territories=True, call_to_action="Contact Copenhagen")
    [faroes] = active_banners(_place("FO"), T)
    assert (faroes.link, faroes.link_text) == ("/in/denmark/", "Contact Copenhagen")


def test_a_level_4_state_advisory_that_names_the_territory_gives_it_a_banner(
    tmp_path: Path,
) -> None:
    feed = us_rss(
        UsItem("Kingdom of Denmark", "DA", 4, description=DENMARK_TEXT),
        UsItem("United Kingdom", "UK", 4, description="<p>Do not travel.</p>"),
    )
    advisories_import("us", write(tmp_path / "feed.xml", feed))
    [faroes] = active_banners(_place("FO"))
    assert faroes.derived
    assert faroes.headline.startswith("Travel warning for Denmark.")
    assert faroes.body == "Are you in the Faroe Islands and need consular assistance?"
    # The British advisory does not name Gibraltar: no banner there.
    assert active_banners(_place("GI")) == []


def test_banners_for_on_a_territory_renders_its_states_covering_banner(client: Client) -> None:
    _banner(
        "CN",
        "Typhoon season warning.",
        covers_territories=True,
        starts_at=timezone.now() - dt.timedelta(hours=1),
    )
    html = _render("{% banners_for place %}", place=_place("HK"))
    assert "Typhoon season warning." in html
    assert "Notice for China, which covers Hong Kong." in html
    assert 'href="/in/hong-kong/"' in html


# --- The directory of places is the one the importer knows --------------------------------------


def test_an_item_for_a_place_missing_from_the_directory_is_reported(tmp_path: Path) -> None:
    Country.objects.filter(iso_alpha2="BV").delete()
    feed = us_rss(UsItem("Germany", "GM", 2), UsItem("Bouvet Island", "BV", 1))
    result = advisories_import("us", write(tmp_path / "feed.xml", feed), now=READ_1014)
    assert [r["reason"] for r in result.run.rejections] == ["no country BV in the directory"]
