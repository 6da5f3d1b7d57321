"""The /help/ page under a language prefix: the page's language, country names in it."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils.html import escape
from django.utils.translation import override

from chancery.assist.forms import HelpForm
from chancery.assist.types import RULE_LABELS, Rule
from chancery.countries.resolution import sort_key

from .helpers import ask

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    ["/fr/help/", "/fr/help/?nationality=france&country=russia&city=Saint+Petersburg"],
)
def test_french_help_pages_render_in_french(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert '<html lang="fr"' in response.content.decode()


def test_french_answer_names_the_countries_in_french(client: Client) -> None:
    html = client.get("/fr/help/", {"nationality": "germany", "country": "russia"}).content.decode()
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)
    assert "Allemagne" in heading and "Russie" in heading


def test_pickers_are_named_and_ordered_in_the_page_language(client: Client) -> None:
    html = client.get("/fr/help/").content.decode()
    select = re.search(r'<select name="country".*?</select>', html, re.S).group(0)
    labels = re.findall(r'<option value="[^"]+">([^<]+)</option>', select)
    assert "Allemagne" in labels and "Germany" not in labels
    assert labels == sorted(labels, key=sort_key)
    # English again right after: the choices are made for each form, not once at import.
    english = dict(HelpForm().fields["country"].choices)
    assert english["germany"] == "Germany"


def test_cards_are_written_in_the_page_language_and_english_is_unchanged(client: Client) -> None:
    params = {"nationality": "australia", "country": "indonesia"}
    french = client.get("/fr/help/", params).content.decode()
    notes = re.findall(r'<p class="card-note">(.*?)</p>', french)
    assert any("Australie" in note for note in notes)
    # Labels are translated when used, as plain strings (the API serialises them too).
    with override("fr"):
        label = ask("AU", country="ID").options[0].rule_label
    assert type(label) is str and label
    english = client.get("/help/", params).content.decode()
    assert f'<p class="card-rule">{escape(RULE_LABELS[Rule.RESIDENT])}</p>' in english
    assert "The embassy of Australia: emergency passports" in english
