"""The /search/ page and the header search box on every page."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils.html import escape
from pytest_django.asserts import assertContains, assertNotContains, assertTemplateUsed

from chancery.directory.models import Mission

pytestmark = pytest.mark.django_db

HEADER_FORM = re.compile(
    r'<form class="site-search" role="search" action="/search/"[^>]*>(?P<body>.*?)</form>', re.S
)


def swiss_embassy_in_kenya() -> Mission:
    return Mission.objects.get(
        sending_country__iso_alpha2="CH", host_country__iso_alpha2="KE", kind="embassy"
    )


def assert_header_search_box(html: str) -> None:
    match = HEADER_FORM.search(html)
    assert match, "no header search form"
    assert re.search(r'<input[^>]*\bname="q"', match.group("body"))


# --- the page ------------------------------------------------------------------------------------


def test_search_page_without_query_shows_only_the_form(client: Client) -> None:
    response = client.get("/search/")
    assert response.status_code == 200
    assertTemplateUsed(response, "search/results.html")
    html = response.content.decode()
    assert '<form class="search-form" role="search" action="/search/"' in html
    assert re.search(r'<input[^>]*id="search-q"[^>]*name="q"', html)
    assert 'class="results"' not in html
    assert "Nothing matched" not in html
    assert 'class="interpretation"' not in html


def test_search_page_with_blank_query_shows_only_the_form(client: Client) -> None:
    response = client.get("/search/", {"q": "   "})
    assert response.status_code == 200
    assert 'class="results"' not in response.content.decode()


def test_search_page_links_the_expected_mission(client: Client) -> None:
    mission = swiss_embassy_in_kenya()
    response = client.get("/search/", {"q": "Swiss embassy in Kenya"})
    assert response.status_code == 200
    html = response.content.decode()
    results = html[html.index('<ol class="results">') :]
    first = re.search(r'<a class="result-name" href="(?P<href>[^"]+)">(?P<name>[^<]+)</a>', results)
    assert first is not None
    assert first.group("href") == mission.get_absolute_url()
    assert first.group("name") == escape(mission.name)
    # The linked page is the mission's.
    assertContains(client.get(first.group("href")), escape(mission.name))


def test_search_page_says_how_the_query_was_read(client: Client) -> None:
    response = client.get("/search/", {"q": "Swiss embassy in Nairobi"})
    html = response.content.decode()
    line = re.search(r'<p class="interpretation">(?P<line>.*?)</p>', html, re.S)
    assert line is not None
    words = re.sub(r"<[^>]+>", " ", line.group("line"))
    words = " ".join(words.split())
    assert words.startswith("Showing embassies of Switzerland in Kenya near Nairobi")
    assert '<a href="/from/switzerland/">Switzerland</a>' in line.group("line")
    assert '<a href="/in/kenya/">Kenya</a>' in line.group("line")
    assert 'href="/from/switzerland/in/kenya/"' in line.group("line")


def test_search_page_keeps_the_query_in_the_form(client: Client) -> None:
    response = client.get("/search/", {"q": "Swiss embassy in Kenya"})
    html = response.content.decode()
    assert re.search(r'<input[^>]*id="search-q"[^>]*value="Swiss embassy in Kenya"', html)


def test_search_page_shows_the_truncation_notice(client: Client) -> None:
    response = client.get("/search/", {"q": "Swiss embassy in Kenya " + "please " * 60})
    assertContains(response, '<p class="notice">')
    assertContains(response, "200 characters")


def test_search_page_with_no_match_says_so(client: Client) -> None:
    response = client.get("/search/", {"q": "zzqxv wwkjq"})
    assert response.status_code == 200
    assertContains(response, "Nothing matched")
    assertNotContains(response, '<ol class="results">')


# --- escaping ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "q",
    [
        "<script>alert(1)</script>",
        "<script>alert(1)</script> embassy of Switzerland in Kenya",
        '"><script>alert(1)</script>',
        "zzqxv<script>alert(1)</script>",
    ],
)
def test_search_page_escapes_the_query(client: Client, q: str) -> None:
    response = client.get("/search/", {"q": q})
    assert response.status_code == 200
    html = response.content.decode()
    # The site's scripts are /static/ files and JSON-LD data: any other came from the query.
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert all(
        tag == '<script type="application/ld+json">' or tag.startswith('<script src="/static/')
        for tag in scripts
    ), scripts
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_search_page_escapes_attribute_breakouts(client: Client) -> None:
    response = client.get("/search/", {"q": '" onfocus="alert(1)'})
    html = response.content.decode()
    assert 'onfocus="alert(1)"' not in html
    assert "&quot; onfocus=&quot;alert(1)" in html


@pytest.mark.parametrize("q", ["' OR 1=1 --", "'; DROP TABLE directory_mission; --", "%' --"])
def test_search_page_survives_sql_fragments(client: Client, q: str) -> None:
    response = client.get("/search/", {"q": q})
    assert response.status_code == 200
    assert Mission.objects.exists()
    assert escape(q) in response.content.decode()


# --- header search box ---------------------------------------------------------------------------


def test_header_search_box_on_home_page(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert_header_search_box(response.content.decode())


def test_header_search_box_on_host_page(client: Client) -> None:
    response = client.get("/in/russia/")
    assert response.status_code == 200
    assert_header_search_box(response.content.decode())


def test_header_search_box_on_mission_page(client: Client) -> None:
    response = client.get(swiss_embassy_in_kenya().get_absolute_url())
    assert response.status_code == 200
    assert_header_search_box(response.content.decode())


@pytest.mark.parametrize("q", ["", "Swiss embassy in Kenya"])
def test_header_search_box_on_search_page(client: Client, q: str) -> None:
    response = client.get("/search/", {"q": q} if q else None)
    assert response.status_code == 200
    assert_header_search_box(response.content.decode())


def test_header_search_box_submits_to_the_search_page(client: Client) -> None:
    html = client.get("/").content.decode()
    form = HEADER_FORM.search(html)
    assert form is not None
    assert 'method="get"' in form.group(0)


# --- methods -------------------------------------------------------------------------------------


def test_search_page_answers_head(client: Client) -> None:
    response = client.head("/search/", {"q": "Swiss embassy in Kenya"})
    assert response.status_code == 200


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_search_page_refuses_other_methods(client: Client, method: str) -> None:
    response = getattr(client, method)("/search/?q=embassy")
    assert response.status_code == 405
    assert set(response["Allow"].replace(" ", "").split(",")) == {"GET", "HEAD"}


@pytest.mark.parametrize(
    ("language", "town"),
    [("ru", "Найроби"), ("ar", "نيروبي"), ("de", "Nairobi"), ("fr", "Nairobi")],
)
def test_why_a_result_matched_names_the_town_in_the_page_language(
    client: Client, language: str, town: str
) -> None:
    response = client.get(f"/{language}/search/", {"q": "Swiss embassy in Nairobi"})
    html = response.content.decode()
    why = re.search(r'<span class="result-why">(?P<why>.*?)</span>', html, re.S)
    assert why is not None
    assert town in why.group("why")
    if language in ("ru", "ar"):
        assert "Nairobi" not in why.group("why")
