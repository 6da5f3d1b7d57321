"""An article shows the banners in force for the places it is about, as the pages of those
places do: an editor's banner, one derived from a level-4 advisory, a state's banner that
covers the territory an article is about, each once."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils.html import escape
from pytest_django.asserts import assertContains, assertNotContains

from chancery.advisories.models import Banner
from chancery.advisories.services import advisories_import

from .helpers import US_ADVISORIES, ago, country, make_article

pytestmark = pytest.mark.django_db

WAR = "Russia is currently at war in Ukraine."


def _banner(code: str, headline: str, **extra: object) -> Banner:
    return Banner.objects.create(
        country=country(code), headline=headline, starts_at=ago(days=1), **extra
    )


def test_an_article_about_russia_shows_the_banner_on_russia(client: Client) -> None:
    _banner("RU", WAR)
    article = make_article("Consular hours in Moscow", countries=("RU",))
    page = client.get(article.get_absolute_url())
    assertContains(page, WAR, count=1)
    assertContains(page, escape("Find your country's embassy in Russia"))
    assertContains(page, 'href="/in/russia/"')


def test_an_article_shows_no_banner_that_has_ended_or_is_elsewhere(client: Client) -> None:
    _banner("RU", WAR, ends_at=ago(hours=2))
    _banner("UA", "Air raid alerts across Ukraine.")
    article = make_article("Consular hours in Moscow", countries=("RU",))
    page = client.get(article.get_absolute_url())
    assertNotContains(page, WAR)
    assertNotContains(page, "Air raid alerts")


def test_each_country_of_an_article_brings_its_banners_once(client: Client) -> None:
    _banner("RU", WAR)
    _banner("UA", "Air raid alerts across Ukraine.")
    article = make_article("Prisoner exchange", countries=("RU", "UA", "BY"))
    page = client.get(article.get_absolute_url())
    assertContains(page, WAR, count=1)
    assertContains(page, "Air raid alerts across Ukraine.", count=1)


def test_the_real_level_4_advisories_give_a_banner_on_the_article(client: Client) -> None:
    advisories_import("us", str(US_ADVISORIES))
    article = make_article("Talks in Moscow", countries=("RU",))
    page = client.get(article.get_absolute_url())
    assertContains(page, "Travel warning for Russia.")
    assertContains(page, "Level 4: Do Not Travel")


def test_an_article_on_a_territory_and_its_state_shows_the_states_banner_once(
    client: Client,
) -> None:
    _banner("DK", "Strike at Danish airports.", covers_territories=True)
    article = make_article("Consulates in Nuuk", countries=("GL", "DK"))
    page = client.get(article.get_absolute_url())
    assertContains(page, "Strike at Danish airports.", count=1)


def test_an_article_on_a_territory_shows_its_states_banner_only_when_it_covers_it(
    client: Client,
) -> None:
    _banner("FR", "Strikes in Paris.")
    _banner("DK", "Storm warning for the whole Kingdom.", covers_territories=True)
    article = make_article("Elections in Nouméa and Tórshavn", countries=("NC", "FO"))
    page = client.get(article.get_absolute_url())
    assertNotContains(page, "Strikes in Paris.")
    assertContains(page, "Storm warning for the whole Kingdom.", count=1)
    assertContains(page, "Notice for Denmark, which covers the Faroe Islands.")
    assertContains(page, escape("Find your country's embassy in the Faroe Islands"))


def test_a_preview_shows_the_banners_too(client: Client, staff) -> None:
    _banner("RU", WAR)
    article = make_article(
        "Draft on Russia", countries=("RU",), status="draft", published_at=ago(hours=1)
    )
    client.force_login(staff)
    assertContains(client.get(article.get_absolute_url()), WAR)


def test_the_banners_follow_a_new_banner_without_waiting(client: Client) -> None:
    article = make_article("Consular hours in Moscow", countries=("RU",))
    assertNotContains(client.get(article.get_absolute_url()), WAR)
    _banner("RU", WAR)
    assertContains(client.get(article.get_absolute_url()), WAR)
