"""The /search/ page under a language prefix."""

from __future__ import annotations

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("query", [None, "Swiss embassy in Nairobi", "zzqxv wwkjq"])
def test_french_search_page_renders_in_french(client: Client, query: str | None) -> None:
    response = client.get("/fr/search/", {"q": query} if query else None)
    assert response.status_code == 200
    assert '<html lang="fr"' in response.content.decode()


def test_french_search_page_names_the_countries_in_french(client: Client) -> None:
    html = client.get("/fr/search/", {"q": "Swiss embassy in Nairobi"}).content.decode()
    line = re.search(r'<p class="interpretation">(?P<line>.*?)</p>', html, re.S).group("line")
    assert '<a href="/fr/from/switzerland/">Suisse</a>' in line
    assert 'href="/fr/from/switzerland/in/kenya/"' in line


def test_english_search_api_is_unchanged_by_a_french_page(client: Client) -> None:
    client.get("/fr/search/", {"q": "Swiss embassy in Nairobi"})
    body = client.get("/api/v1/search", {"q": "Swiss embassy in Nairobi"}).json()
    assert body["interpretation"]["sending"]["name"] == "Switzerland"
