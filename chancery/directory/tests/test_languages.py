"""Directory pages under a language prefix: the page's language, country names in it."""

from __future__ import annotations

import re

import pytest
from django.db.utils import OperationalError
from django.test import Client
from django.utils import translation

from chancery.countries.resolution import sort_key
from chancery.directory.models import MissionKind
from chancery.directory.naming import mission_name

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/fr/",
        "/fr/countries/",
        "/fr/in/russia/",
        "/fr/from/germany/",
        "/fr/from/germany/in/russia/",
        "/fr/missions/embassy-of-germany-in-russia/",
    ],
)
def test_french_directory_pages_render_in_french(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert '<html lang="fr"' in response.content.decode()


def test_french_not_found_pages_are_in_french(client: Client) -> None:
    for path in ("/fr/in/narnia/", "/fr/missions/no-such-mission/", "/fr/no-such-page/"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert '<html lang="fr"' in response.content.decode(), path


def test_french_country_names_on_the_directory_pages(client: Client) -> None:
    html = client.get("/fr/in/russia/").content.decode()
    assert '<li aria-current="page">Russie</li>' in html
    assert '<a href="/fr/from/russia/">Russie' in html
    mission = client.get("/fr/missions/embassy-of-germany-in-russia/").content.decode()
    assert '<a href="/fr/from/germany/">Allemagne</a>' in mission
    # The generated name is written in French; the English one stays in the data.
    assert "<h1>Ambassade d’Allemagne en Russie</h1>" in mission


def test_country_lists_are_in_the_alphabetical_order_of_the_page_language(
    client: Client,
) -> None:
    html = client.get("/fr/countries/").content.decode()
    names = re.findall(r'<th scope="row">([^<]+)</th>', html)
    assert len(names) > 150
    assert "Allemagne" in names and "Germany" not in names
    assert names == sorted(names, key=sort_key)
    picker = client.get("/fr/").content.decode().split('name="from"', 1)[1].split("</select>")[0]
    options = re.findall(r'<option value="[^"]+">([^<]+)</option>', picker)
    assert "Allemagne" in options
    assert options == sorted(options, key=sort_key)


def test_a_database_outage_page_is_in_the_page_language(client: Client, monkeypatch) -> None:
    from chancery.directory import views

    def down(*args: object, **kwargs: object) -> None:
        raise OperationalError("could not connect to server: Connection refused")

    monkeypatch.setattr(views.selectors, "directory_counts", down)
    response = client.get("/fr/")
    assert response.status_code == 503
    assert '<html lang="fr">' in response.content.decode()
    response = client.get("/ar/")
    assert '<html lang="ar" dir="rtl">' in response.content.decode()


def test_mission_names_are_built_in_english_whatever_the_language() -> None:
    with translation.override("fr"):
        name = mission_name(MissionKind.EMBASSY, "Germany", "Russia")
    assert name == "Embassy of Germany in Russia"
