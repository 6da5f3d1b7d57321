"""Links to /help/ name countries as the API does (ISO codes, names in any language the site
knows, slugs, Wikidata IDs); an unknown value gets a message naming it, with close matches."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from chancery.assist.forms import HelpForm
from chancery.countries.models import NATIONALITY_KINDS, Country

pytestmark = pytest.mark.django_db


def _field_errors(html: str, name: str) -> list[str]:
    block = re.search(rf'<div class="field[^"]*">\s*<label for="id_{name}">.*?</div>', html, re.S)
    assert block is not None, name
    return re.findall(r'<p class="error"[^>]*>(.*?)</p>', block.group(0), re.S)


def _selected(html: str, name: str) -> str:
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S)
    assert select is not None
    found = re.search(r'<option value="([^"]*)" selected>', select.group(0))
    return found.group(1) if found else ""


def test_the_issue_link_works(client: Client) -> None:
    response = client.get("/help/", {"nationality": "AU", "lat": -8.65, "lon": 115.22})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Australia" in html and 'class="cards"' in html
    assert _selected(html, "nationality") == Country.objects.get(iso_alpha2="AU").slug


@pytest.mark.parametrize("value", ["AU", "aus", "Australia", "Australie", "Австралия", "Q408"])
def test_a_nationality_in_any_form(client: Client, value: str) -> None:
    australia = Country.objects.get(iso_alpha2="AU")
    response = client.get("/help/", {"nationality": value, "country": "IDN"})
    assert response.status_code == 200, _field_errors(response.content.decode(), "nationality")
    html = response.content.decode()
    assert _selected(html, "nationality") == australia.slug
    assert _selected(html, "country") == Country.objects.get(iso_alpha2="ID").slug


def test_a_territory_by_code(client: Client) -> None:
    response = client.get("/help/", {"nationality": "GB", "country": "HK"})
    assert response.status_code == 200
    assert "Consulate-General of the United Kingdom" in response.content.decode()


def test_an_unknown_value_is_named_with_close_matches(client: Client) -> None:
    response = client.get("/help/", {"nationality": "Australa", "country": "ID"})
    assert response.status_code == 400
    errors = _field_errors(response.content.decode(), "nationality")
    assert errors and "Australa" in errors[0] and "Australia" in errors[0]


def test_an_unknown_value_without_close_matches(client: Client) -> None:
    response = client.get("/help/", {"nationality": "AU", "country": "Qqqqzzzz"})
    assert response.status_code == 400
    errors = _field_errors(response.content.decode(), "country")
    assert errors and "Qqqqzzzz" in errors[0]


def test_a_sender_that_is_not_a_nationality_is_refused_by_name(client: Client) -> None:
    response = client.get("/help/", {"nationality": "Quebec", "country": "FR"})
    assert response.status_code == 400
    errors = _field_errors(response.content.decode(), "nationality")
    assert errors and "Quebec" in errors[0] and "nationality" in errors[0]


def test_the_nationality_picker_offers_passports_only() -> None:
    offered = {slug for slug, _ in HelpForm().fields["nationality"].choices if slug}
    kinds = set(Country.objects.filter(slug__in=offered).values_list("kind", flat=True))
    assert kinds <= set(NATIONALITY_KINDS)
    for code in ("TW", "XK", "PS"):
        assert Country.objects.get(iso_alpha2=code).slug in offered
    not_nationalities = Country.objects.exclude(kind__in=NATIONALITY_KINDS)
    assert not offered & set(not_nationalities.values_list("slug", flat=True))
    # Territories are places to be in, not passports.
    assert Country.objects.get(iso_alpha2="HK").slug not in offered
    places = {slug for slug, _ in HelpForm().fields["country"].choices if slug}
    assert Country.objects.get(iso_alpha2="HK").slug in places
