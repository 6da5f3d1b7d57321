"""Every other name for a page (a country's ISO code or another spelling, a mission's Wikidata
id, the /en/ prefix) answers 301 Moved Permanently to the one canonical address, so search
engines and caches keep one copy; the redirects that are temporary by nature stay 302."""

from __future__ import annotations

import pytest
from django.test import Client

from chancery.core.redirects import is_local_redirect

pytestmark = pytest.mark.django_db

ALIASES = [
    # A hub by ISO alpha-2, alpha-3, Wikidata id, English name and another language's name.
    ("/in/ru/", "/in/russia/"),
    ("/in/RUS/", "/in/russia/"),
    ("/in/Q159/", "/in/russia/"),
    ("/in/Russian%20Federation/", "/in/russia/"),
    ("/in/rusia/", "/in/russia/"),
    ("/in/NC/", "/in/new-caledonia/"),
    ("/from/de/", "/from/germany/"),
    ("/from/Deutschland/", "/from/germany/"),
    # A pair with either side (or both) not under its slug.
    ("/from/de/in/ru/", "/from/germany/in/russia/"),
    ("/from/germany/in/RU/", "/from/germany/in/russia/"),
    # A mission by its Wikidata id, in either case.
    ("/missions/Q4373990/", "/missions/embassy-of-germany-in-russia/"),
    ("/missions/q4373990/", "/missions/embassy-of-germany-in-russia/"),
    # A country's travel advice and its news feed.
    ("/advisories/RU/", "/advisories/russia/"),
    ("/news/ken/feed.atom", "/news/kenya/feed.atom"),
    # Other languages keep their prefix.
    ("/fr/in/ru/", "/fr/in/russia/"),
    ("/de/missions/Q4373990/", "/de/missions/embassy-of-germany-in-russia/"),
    # English has no prefix: /en/… is the page without it.
    ("/en/in/russia/", "/in/russia/"),
    ("/en/in/russia/?page=2", "/in/russia/?page=2"),
]


@pytest.mark.parametrize(("alias", "canonical"), ALIASES)
def test_an_alias_is_a_permanent_redirect_to_the_canonical_page(
    client: Client, alias: str, canonical: str
) -> None:
    response = client.get(alias)
    assert response.status_code == 301, alias
    assert response["Location"] == canonical
    assert is_local_redirect(response["Location"], {"testserver"})


@pytest.mark.parametrize(("alias", "canonical"), ALIASES[:3])
def test_head_gets_the_same_permanent_redirect(client: Client, alias: str, canonical: str) -> None:
    response = client.head(alias)
    assert response.status_code == 301
    assert response["Location"] == canonical


def test_the_canonical_page_itself_does_not_redirect(client: Client) -> None:
    for path in ("/in/russia/", "/missions/embassy-of-germany-in-russia/", "/advisories/russia/"):
        assert client.get(path).status_code == 200, path


@pytest.mark.parametrize(
    ("path", "location"),
    [
        # A convenience address for people, not an old name of the docs: they may move.
        ("/api/docs", "/api/v1/docs"),
        # The home page's pickers: the answer to a form, not another name of a page.
        ("/find/?in=ru", "/in/russia/"),
        ("/find/", "/"),
    ],
)
def test_temporary_redirects_stay_temporary(client: Client, path: str, location: str) -> None:
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == location
