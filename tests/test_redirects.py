"""No address on the site sends a browser to another site: redirects and language links stay
on paths of this site, whatever path or query a client sends."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import pytest
from django.http import HttpResponseRedirect
from django.test import Client
from django.urls import path

from chancery.core.redirects import is_local_redirect, local_path
from config import urls as site_urls

pytestmark = pytest.mark.django_db

#: Paths a browser would read as another site if echoed into a Location or a link.
HOSTILE_PATHS = [
    "/en//evil.example",
    "/en/%2F%2Fevil.example",
    "/en/%2F%2F%2Fevil.example/x",
    "/en/%5C%5Cevil.example",
    "/en/%5Cevil.example",
    "/en//%5Cevil.example",
    "/en/%09/evil.example",
    "/en/%2F%09%2Fevil.example",
    "/en///evil.example/in/russia/",
]


def _browser_target(location: str, base: str = "http://testserver/") -> str:
    """Where a browser goes: tabs and line breaks dropped, backslashes read as slashes."""
    seen = re.sub(r"[\t\n\r]", "", location).replace("\\", "/")
    return urlsplit(urljoin(base, seen)).netloc


@pytest.mark.parametrize("hostile", HOSTILE_PATHS)
def test_the_english_prefix_redirect_stays_on_the_site(client: Client, hostile: str) -> None:
    response = client.get(hostile)
    assert response.status_code in (301, 404)
    if response.status_code == 301:
        location = response["Location"]
        assert location.startswith("/") and not location.startswith(("//", "/\\"))
        assert _browser_target(location) == "testserver"


def test_the_english_prefix_redirect_still_leads_to_the_page(client: Client) -> None:
    response = client.get("/en/in/russia/?page=2")
    assert response.status_code == 301
    assert response["Location"] == "/in/russia/?page=2"
    assert client.get("/en/").headers["Location"] == "/"
    assert client.get("/en/caf%C3%A9%3Fx").headers["Location"] == "/caf%C3%A9%3Fx"


@pytest.mark.parametrize("hostile", ["//evil.example", "/%2F%2Fevil.example", "/\\evil.example"])
@pytest.mark.parametrize("prefix", ["", "/fr", "/ar"])
def test_the_not_found_page_links_only_to_this_site(
    client: Client, hostile: str, prefix: str
) -> None:
    # As sent on the wire: the test client would read a leading "//" as a host of its own.
    response = client.get("/not-here", PATH_INFO=prefix + hostile)
    assert response.status_code == 404
    html = response.content.decode()
    # The language picker and the alternates: every tag that names a language.
    links = [
        re.search(r'href="([^"]*)"', tag).group(1)
        for tag in re.findall(r"<(?:a|link)\b[^>]*hreflang[^>]*>", html)
    ]
    assert len(links) >= 6
    for link in links:
        assert _browser_target(link.replace("&amp;", "&")) in ("testserver", "127.0.0.1:8000"), link


@pytest.mark.parametrize(
    ("location", "local"),
    [
        ("/in/russia/", True),
        ("/fr/in/russia/?q=//x", True),
        ("in/russia/", True),
        ("https://testserver/in/", True),
        ("//evil.example", False),
        ("/\\evil.example", False),
        ("\\\\evil.example", False),
        ("/\t/evil.example", False),
        ("https://evil.example/", False),
        ("https:evil.example", False),
        ("HTTPS://EVIL.example", False),
        ("javascript:alert(1)", False),
        ("  //evil.example", False),
    ],
)
def test_which_redirects_are_local(location: str, local: bool) -> None:
    assert is_local_redirect(location, {"testserver"}) is local


@pytest.mark.parametrize(
    ("given", "expected"),
    [("//evil.example", "/evil.example"), ("/\\x", "/x"), ("\t//x", "/x"), ("a/b", "/a/b")],
)
def test_local_path(given: str, expected: str) -> None:
    assert local_path(given) == expected


def _off_site(request):
    return HttpResponseRedirect("//evil.example/")


urlpatterns = [path("off-site/", _off_site), *site_urls.urlpatterns]


@pytest.mark.urls(__name__)
def test_any_off_site_redirect_is_refused_by_the_guard(client: Client) -> None:
    response = client.get("/off-site/")
    assert response.status_code == 404
    assert "Location" not in response
