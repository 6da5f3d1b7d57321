"""The /help/ page and the pair page's cards."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils.html import escape
from pytest_django.asserts import assertContains, assertNotContains, assertTemplateUsed

from chancery.assist.forms import HelpForm
from chancery.assist.rules import rules
from chancery.assist.types import RULE_LABELS, Rule
from chancery.directory.models import Mission, MissionKind

from .helpers import ask, ask_pair, country, mission_ids

pytestmark = pytest.mark.django_db

STATIC = Path(settings.BASE_DIR) / "static"


def _cards(html: str) -> list[str]:
    """Each card's HTML, in page order."""
    return re.findall(
        r'<li class="card rule-[a-z_]+">.*?</li>\s*(?=<li class="card|</ol>)', html, re.S
    )


def _html(response) -> str:  # type: ignore[no-untyped-def]
    return response.content.decode()


def _field_block(html: str, name: str) -> str:
    """The form's <div class="field…"> that holds the named control."""
    for block in re.findall(r'<div class="field[^"]*">.*?</div>', html, re.S):
        if f'name="{name}"' in block:
            return block
    raise AssertionError(f"no field {name!r}")


# --- the empty form -------------------------------------------------------------------------


def test_form_without_parameters(client: Client) -> None:
    response = client.get("/help/")

    assert response.status_code == 200
    assertTemplateUsed(response, "assist/help.html")
    html = _html(response)
    assert "Who can help me here?" in html
    for name in ("nationality", "country", "city", "lat", "lon", "other_nationality"):
        assert f'name="{name}"' in html, name
    assert 'name="permanent_resident"' in html
    assert 'type="hidden" name="lat"' in html and 'type="hidden" name="lon"' in html
    assert 'method="get"' in html
    assert 'class="card' not in html
    # Nationalities are offered by slug, with France among them.
    assert '<option value="france">France</option>' in html


def test_use_my_location_button_is_hidden_until_javascript(client: Client) -> None:
    html = _html(client.get("/help/"))

    button = re.search(r"<button[^>]*data-use-location[^>]*>", html)
    assert button is not None
    assert " hidden" in button.group(0)
    assert 'type="button"' in button.group(0)
    assert re.search(r'<script src="/static/js/help\.js"[^>]*>', html)


def test_the_script_fills_in_lat_and_lon() -> None:
    script = (STATIC / "js" / "help.js").read_text(encoding="utf-8")
    assert "navigator.geolocation" in script
    assert "data-use-location" in script
    assert "input[name=lat]" in script and "input[name=lon]" in script
    assert "hidden = false" in script


def test_print_stylesheet() -> None:
    css = (STATIC / "css" / "site.css").read_text(encoding="utf-8")
    block = css[css.index("@media print") :]
    assert ".no-print" in block
    assert ".card" in block


def test_the_site_links_to_the_page(client: Client) -> None:
    assertContains(client.get("/"), 'href="/help/"')


def test_post_is_not_allowed(client: Client) -> None:
    assert client.post("/help/", {"nationality": "france", "country": "russia"}).status_code == 405


def test_head_is_allowed(client: Client) -> None:
    assert client.head("/help/").status_code == 200


# --- answers as cards -----------------------------------------------------------------------


def test_cards_for_a_french_citizen_in_saint_petersburg(client: Client) -> None:
    response = client.get(
        "/help/", {"nationality": "france", "country": "russia", "city": "Saint Petersburg"}
    )

    assert response.status_code == 200
    html = _html(response)
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)
    assert "France" in heading and "Russia" in heading and "Saint Petersburg" in heading
    cards = _cards(html)
    expected = ask("FR", country="RU", city="Saint Petersburg")
    assert len(cards) == len(expected.options)
    # Best first: the consulate in Saint Petersburg, then the embassy in Moscow.
    assert "Consulate-General of France in Saint Petersburg" in cards[0]
    assert html.index("Consulate-General of France in Saint Petersburg") < html.index(
        "Embassy of France in Russia"
    )
    assert re.search(r"<strong>\d+ km</strong> away", cards[0])
    # The rule in plain words on every card.
    for card, option in zip(cards, expected.options, strict=True):
        assert escape(option.rule_label) in card
        assert f"rule-{option.rule}" in card
    # Map and vCard links on mission cards.
    consulate = Mission.objects.get(wikidata_id=expected.options[0].mission.wikidata_id)
    assert "openstreetmap.org" in cards[0]
    assert f'href="/missions/{consulate.slug}.vcf"' in cards[0]
    mission_cards = [c for c in cards if "rule-ministry_line" not in c]
    assert all(".vcf" in card for card in mission_cards)
    # The ministry line last, tap to call.
    line = rules().lines["FR"]
    assert "rule-ministry_line" in cards[-1]
    assert f'href="tel:{line.phone}"' in cards[-1]
    assert escape(line.phone_display) in cards[-1]


def test_cards_have_tap_to_call_links_for_mission_phones(client: Client) -> None:
    form = HelpForm()
    senders = {value for value, _ in form.fields["nationality"].choices}
    places = {value for value, _ in form.fields["country"].choices}
    mission = next(
        m
        for m in Mission.objects.active()
        .filter(kind=MissionKind.EMBASSY)
        .exclude(phones=[])
        .select_related("sending_country", "host_country")
        .order_by("wikidata_id")
        if m.sending_country.slug in senders
        and m.host_country.slug in places
        and m.sending_country != m.host_country
    )
    response = client.get(
        "/help/",
        {"nationality": mission.sending_country.slug, "country": mission.host_country.slug},
    )

    assert response.status_code == 200
    card = next(c for c in _cards(_html(response)) if escape(mission.name) in c)
    for phone in mission.phones:
        number = phone.get("e164") or phone["raw"]
        assert f'href="tel:{number}"' in card
        assert escape(phone["raw"]) in card


def test_cards_by_coordinates(client: Client) -> None:
    response = client.get("/help/", {"nationality": "australia", "lat": "-8.65", "lon": "115.22"})

    assert response.status_code == 200
    cards = _cards(_html(response))
    assert "Surabaya" in cards[0]
    assert "Embassy of Australia in Indonesia" in cards[1]


def test_honorary_card_names_its_career_mission(client: Client) -> None:
    response = client.get("/help/", {"nationality": "netherlands", "country": "indonesia"})
    cards = [c for c in _cards(_html(response)) if "rule-honorary_consulate" in c]
    assert cards
    for card in cards:
        assert "cannot issue passports" in card
        assert "Embassy of the Netherlands in Indonesia" in card


def test_protecting_power_card(client: Client) -> None:
    response = client.get("/help/", {"nationality": "united-states", "country": "iran"})
    cards = _cards(_html(response))
    assert "rule-protecting_power" in cards[0]
    assert "Embassy of Switzerland in Iran" in cards[0]
    assert escape(RULE_LABELS[Rule.PROTECTING_POWER]) in cards[0]
    assert "Source:" in cards[0]


def test_caveats_are_shown(client: Client) -> None:
    response = client.get(
        "/help/",
        {
            "nationality": "france",
            "country": "russia",
            "other_nationality": "russia",
            "permanent_resident": "on",
        },
    )
    assert response.status_code == 200
    html = _html(response)
    assert 'class="caveats"' in html
    assert "also a citizen of Russia" in html
    assert "permanent resident of Russia" in html


def test_own_country(client: Client) -> None:
    response = client.get("/help/", {"nationality": "france", "country": "france"})
    assert response.status_code == 200
    html = _html(response)
    assert "your own country" in html
    assert not _cards(html)


def test_print_button_is_hidden_until_javascript(client: Client) -> None:
    html = _html(client.get("/help/", {"nationality": "france", "country": "russia"}))
    button = re.search(r"<button[^>]*data-print[^>]*>", html)
    assert button is not None and " hidden" in button.group(0)


# --- errors next to the field ---------------------------------------------------------------


def test_missing_nationality(client: Client) -> None:
    response = client.get("/help/", {"nationality": "", "country": "russia"})

    assert response.status_code == 400
    html = _html(response)
    block = _field_block(html, "nationality")
    assert "field-error" in block
    assert 'class="error"' in block
    assert not _cards(html)


def test_missing_location(client: Client) -> None:
    response = client.get("/help/", {"nationality": "france"})

    assert response.status_code == 400
    block = _field_block(_html(response), "country")
    assert 'class="error"' in block
    assert "Choose the country" in block


def test_unknown_choice(client: Client) -> None:
    response = client.get("/help/", {"nationality": "narnia", "country": "russia"})
    assert response.status_code == 400
    assert 'class="error"' in _field_block(_html(response), "nationality")


def test_bad_other_nationality(client: Client) -> None:
    response = client.get(
        "/help/", {"nationality": "france", "country": "russia", "other_nationality": "narnia"}
    )
    assert response.status_code == 400
    assert 'class="error"' in _field_block(_html(response), "other_nationality")


def test_typed_city_is_escaped(client: Client) -> None:
    response = client.get(
        "/help/", {"nationality": "france", "country": "russia", "city": "<b>Nowhere</b>"}
    )
    assert response.status_code == 200
    html = _html(response)
    assert "<b>Nowhere</b>" not in html
    assert "&lt;b&gt;Nowhere&lt;/b&gt;" in html


def test_error_messages_are_linked_to_their_field(client: Client) -> None:
    """aria-describedby on an invalid control must point at its error message's id."""
    html = _html(client.get("/help/", {"nationality": "", "country": ""}))
    described = re.findall(r'aria-describedby="([^"]+)"', html)
    assert described
    for ids in described:
        for target in ids.split():
            assert f'id="{target}"' in html, target


def test_out_of_range_coordinates_are_reported(client: Client) -> None:
    """A position outside the globe is an error the page reports, not one it drops."""
    response = client.get("/help/", {"nationality": "france", "lat": "91", "lon": "0"})
    assert response.status_code == 400
    html = _html(response)
    errors = " ".join(re.findall(r'<p class="error"[^>]*>(.*?)</p>', html, re.S))
    errors += " ".join(re.findall(r'class="error-summary"[^>]*>(.*?)</div>', html, re.S))
    assert "90" in errors or "lat" in errors.lower(), errors


def test_answer_errors_go_next_to_the_country(client: Client) -> None:
    response = client.get("/help/", {"nationality": "france", "country": "russia", "lat": "10"})
    assert response.status_code == 400
    block = _field_block(_html(response), "country")
    assert "lon" in block


# --- the pair page --------------------------------------------------------------------------


def test_pair_page_shows_the_answer_as_cards(client: Client) -> None:
    response = client.get("/from/france/in/russia/")

    assert response.status_code == 200
    html = _html(response)
    cards = _cards(html)
    expected = ask_pair(country("FR"), country("RU"))
    assert len(cards) == len(expected.options)
    assert any("Consulate-General of France in Saint Petersburg" in c for c in cards)
    assert "rule-ministry_line" in cards[-1]
    assert f'href="tel:{rules().lines["FR"].phone}"' in cards[-1]
    for card, option in zip(cards, expected.options, strict=True):
        if option.mission is not None:
            assert escape(option.mission.name) in card
    assertContains(response, "/help/?nationality=france&amp;country=russia")


def test_pages_read_few_queries(client: Client, django_assert_max_num_queries, settings) -> None:  # type: ignore[no-untyped-def]
    # As in production, the search lexicon (city coordinates) is re-checked at most every few
    # seconds, not on every lookup as in the test settings.
    settings.CHANCERY_SEARCH_RECHECK_SECONDS = 60
    client.get("/help/", {"nationality": "france", "country": "united-states"})  # warm caches
    with django_assert_max_num_queries(15):
        client.get(
            "/help/", {"nationality": "france", "country": "united-states", "city": "Chicago"}
        )
    with django_assert_max_num_queries(15):
        client.get("/from/france/in/united-states/")


def test_pair_page_for_a_protecting_power(client: Client) -> None:
    response = client.get("/from/united-states/in/iran/")
    assert response.status_code == 200
    cards = _cards(_html(response))
    assert "Embassy of Switzerland in Iran" in cards[0]
    assert "rule-protecting_power" in cards[0]


def test_pair_page_for_the_eu_rule(client: Client) -> None:
    estonia = country("EE")
    for host in country("AR"), country("BO"), country("CU"), country("DZ"):
        result = ask_pair(estonia, host)
        eu = [o for o in result.options if o.rule == Rule.EU_DIRECTIVE]
        if eu:
            html = _html(client.get(f"/from/estonia/in/{host.slug}/"))
            assert escape(RULE_LABELS[Rule.EU_DIRECTIVE]) in html
            assert all(escape(o.mission.name) in html for o in eu)
            return
    pytest.skip("Estonia is represented in all the hosts tried")


def test_pair_page_without_any_answer_has_no_cards(client: Client) -> None:
    html = _html(client.get("/from/france/in/france/"))
    assertNotContains(client.get("/from/france/in/france/"), 'class="cards"')
    assert not _cards(html)


def test_pair_page_cards_match_the_api(client: Client) -> None:
    body = client.get("/api/v1/assist", {"nationality": "NL", "country": "ID"}).json()
    html = _html(client.get("/from/netherlands/in/indonesia/"))
    cards = _cards(html)
    assert [o["rule"] for o in body["options"]] == [
        re.search(r"rule-([a-z_]+)", c).group(1) for c in cards
    ]
    assert mission_ids(ask("NL", country="ID").options) == [
        o["mission"]["wikidata_id"] for o in body["options"] if o["mission"]
    ]


def test_ministry_card_lists_every_number_its_note_and_date(client: Client) -> None:
    line = rules().lines["BG"]
    html = _html(client.get("/help/", {"nationality": "bulgaria", "country": "australia"}))
    card = _cards(html)[-1]
    assert "rule-ministry_line" in card
    assert "24/7" in card
    assert f'href="tel:{line.phone}"' in card
    for other in line.other_phones:
        assert f'href="tel:{other.phone}"' in card
        assert escape(other.note) in card
    assert escape(line.note) in card
    assert "Number last published on" in card and str(line.as_of.year) in card


def test_a_ministry_line_with_limited_hours_is_not_called_24_7(client: Client) -> None:
    line = rules().lines["ES"]
    assert not line.is_24_7
    card = _cards(_html(client.get("/help/", {"nationality": "spain", "country": "australia"})))[-1]
    assert "rule-ministry_line" in card
    assert "24/7" not in card
    assert "Your foreign ministry&#x27;s consular line" in card
    assert escape(line.hours) in card
