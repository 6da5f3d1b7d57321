"""The advisory pages and banners in another language: /fr/… pages, country names in French."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client
from pytest_django.asserts import assertContains, assertNotContains

from chancery.advisories.services import advisories_import
from chancery.countries.models import Country

from .helpers import UsItem, us_rss, write

pytestmark = pytest.mark.django_db


@pytest.fixture
def russia_level_4(tmp_path: Path) -> str:
    """A US level-4 advisory for Russia; returns Russia's name in French."""
    feed = us_rss(UsItem("Russia", "RS", 4), UsItem("France", "FR", 1))
    advisories_import("us", write(tmp_path / "us.xml", feed))
    french = Country.objects.get(iso_alpha2="RU").names["fr"]
    assert french != "Russia"
    return french


@pytest.mark.parametrize("url", ["/fr/advisories/", "/fr/advisories/russia/", "/fr/in/russia/"])
def test_french_advisory_pages_render(client: Client, russia_level_4: str, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200
    assertContains(response, 'lang="fr"')
    assertContains(response, russia_level_4)


def test_banners_are_built_in_each_pages_language(client: Client, russia_level_4: str) -> None:
    issuer = Country.objects.get(iso_alpha2="US").names["fr"]
    french = client.get("/fr/in/russia/").content.decode()
    assert 'lang="fr"' in french
    headline = re.search(r'<p class="banner-headline"><strong>([^<]*)</strong>', french)
    assert headline and russia_level_4 in headline[1] and issuer in headline[1]
    home = client.get("/fr/")
    assertContains(home, f'<a href="/fr/in/russia/">{russia_level_4}</a>', html=False)
    english = client.get("/in/russia/")
    assertContains(english, "Travel warning for Russia. The United States says")
    assertContains(english, "Find your country&#x27;s embassy in Russia")
    assertNotContains(english, russia_level_4)


@pytest.mark.parametrize(
    ("language", "level_name"),
    [("fr", "Ne pas voyager"), ("de", None), ("ru", None), ("es", None), ("ar", None)],
)
@pytest.mark.parametrize("path", ["/advisories/", "/advisories/russia/", "/in/russia/"])
def test_the_level_is_named_in_the_readers_language_beside_the_issuers_words(
    client: Client, russia_level_4: str, language: str, level_name: str | None, path: str
) -> None:
    from django.utils import translation

    with translation.override(language):
        expected = level_name or str(translation.gettext("Do not travel"))
    assert expected != "Do not travel"
    page = client.get(f"/{language}{path}").content.decode()
    assert f'<span class="level-name">{expected}</span>' in page
    # The issuer's own words stay, marked as English.
    assert "Level 4: Do Not Travel" in page


def test_an_english_page_does_not_repeat_the_level(client: Client, russia_level_4: str) -> None:
    assertNotContains(client.get("/in/russia/"), 'class="level-name"')
