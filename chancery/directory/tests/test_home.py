"""The home page, its two pickers, the /find/ redirects and the country index."""

from __future__ import annotations

import re
import unicodedata
from html import unescape

import pytest
from django.test import Client
from pytest_django.asserts import assertContains, assertRedirects

from chancery.countries.models import Country
from chancery.directory.models import Mission

pytestmark = pytest.mark.django_db


def test_home_shows_heading_pickers_counts_and_browse_link(
    client: Client, django_assert_max_num_queries
) -> None:
    with django_assert_max_num_queries(10):
        response = client.get("/")

    assert response.status_code == 200
    assertContains(response, "<h1>Find your country's embassy</h1>", html=True)
    html = response.content.decode()
    # Two pickers: nationality (from) and where you are (in), both offering real countries.
    assert '<select id="from" name="from">' in html
    assert '<select id="in" name="in">' in html
    from_picker = html.split('name="from"', 1)[1].split("</select>", 1)[0]
    in_picker = html.split('name="in"', 1)[1].split("</select>", 1)[0]
    for picker in (from_picker, in_picker):
        assert '<option value="germany">Germany</option>' in picker
        assert '<option value="russia">Russia</option>' in picker
    assert 'action="/find/"' in html
    # Counts match the data.
    active = Mission.objects.active()
    missions = active.count()
    assert missions > 9000
    assert f"{missions:,} embassies, consulates and other missions" in html
    senders = active.values("sending_country").distinct().count()
    # Places where missions stand: Hong Kong counts as a place of its own.
    hosts = active.values("territory").distinct().count()
    assert f"of {senders} countries and governments, in {hosts} countries and territories" in html
    assertContains(response, 'href="/countries/"')


def test_home_pickers_only_offer_places_in_the_in_picker(client: Client) -> None:
    html = client.get("/").content.decode()
    in_picker = html.split('name="in"', 1)[1].split("</select>", 1)[0]
    subnational = Country.objects.filter(kind="subnational").order_by("name").first()
    assert subnational is not None
    assert f'value="{subnational.slug}"' not in in_picker


def test_find_with_both_pickers_redirects_to_the_pair_page(client: Client) -> None:
    response = client.get("/find/", {"from": "germany", "in": "russia"})
    assertRedirects(response, "/from/germany/in/russia/", fetch_redirect_response=False)


def test_find_accepts_iso_codes(client: Client) -> None:
    assertRedirects(
        client.get("/find/", {"in": "ru"}), "/in/russia/", fetch_redirect_response=False
    )
    assertRedirects(
        client.get("/find/", {"from": "DE"}), "/from/germany/", fetch_redirect_response=False
    )
    assertRedirects(
        client.get("/find/", {"from": "DE", "in": "RUS"}),
        "/from/germany/in/russia/",
        fetch_redirect_response=False,
    )


def test_find_with_nothing_chosen_goes_home(client: Client) -> None:
    assertRedirects(
        client.get("/find/", {"from": "", "in": ""}), "/", fetch_redirect_response=False
    )


def test_find_unknown_country_is_404_with_suggestions(client: Client) -> None:
    response = client.get("/find/", {"from": "germny", "in": "russia"})
    assertContains(response, "We don't know that country", status_code=404)
    assertContains(response, "Did you mean", status_code=404)
    assertContains(response, ">Germany</a>", status_code=404)


def test_find_unknown_country_without_close_match_has_no_suggestions(client: Client) -> None:
    response = client.get("/find/", {"in": "narnia"})
    assert response.status_code == 404
    assertContains(response, "narnia", status_code=404)
    assertContains(response, 'href="/countries/"', status_code=404)


def test_country_index_lists_places_with_links(
    client: Client, django_assert_max_num_queries
) -> None:
    with django_assert_max_num_queries(10):
        response = client.get("/countries/")
    assert response.status_code == 200
    assertContains(response, "<h1>All countries</h1>", html=True)
    russia_hosted = Mission.objects.active().filter(host_country__slug="russia").count()
    assertContains(response, f'<a href="/in/russia/">{russia_hosted}</a>', html=True)
    germany_sent = Mission.objects.active().filter(sending_country__slug="germany").count()
    assertContains(response, f'<a href="/from/germany/">{germany_sent}</a>', html=True)


def _alphabetical_key(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def test_pickers_are_in_alphabetical_order(client: Client) -> None:
    html = client.get("/").content.decode()
    for name in ("from", "in"):
        picker = html.split(f'name="{name}"', 1)[1].split("</select>", 1)[0]
        labels = [
            unescape(label) for label in re.findall(r'<option value="[^"]+">([^<]+)<', picker)
        ]
        assert len(labels) > 150
        assert labels == sorted(labels, key=_alphabetical_key), name
