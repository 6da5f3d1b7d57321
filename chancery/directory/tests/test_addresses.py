"""Addresses written in their country's order, without losing a part."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from chancery.directory.addresses import address_lines, address_text

MANILA = {
    "street_address": "120 Upper McKinley Road, McKinley Hill",
    "locality": "Taguig City",
    "region": "Manila",
    "postal_code": "1634",
    "country_code": "PH",
}


def test_japanese_address_in_japanese_starts_with_the_postcode() -> None:
    parts = {
        "street_address": "霞が関2-2-1",
        "locality": "千代田区",
        "region": "東京都",
        "postal_code": "100-8919",
    }
    # Japan's own order: 〒 postcode, prefecture, then the city (which Google's format has no
    # slot for, so it goes just above the street) and the street.
    assert address_lines(parts, country_code="JP") == [
        "〒100-8919",
        "東京都",
        "千代田区",
        "霞が関2-2-1",
    ]


def test_japanese_address_in_latin_letters_runs_street_first() -> None:
    parts = {
        "street_address": "2-2-1 Kasumigaseki",
        "locality": "Chiyoda-ku",
        "region": "Tokyo",
        "postal_code": "100-8919",
    }
    assert address_lines(parts, country_code="JP") == [
        "2-2-1 Kasumigaseki, Chiyoda-ku, Tokyo",
        "100-8919",
    ]


def test_us_address_city_state_zip() -> None:
    parts = {
        "street_address": "3301 Massachusetts Avenue NW",
        "locality": "Washington",
        "region": "DC",
        "postal_code": "20008",
    }
    assert address_lines(parts, country_code="US") == [
        "3301 Massachusetts Avenue NW",
        "Washington, DC 20008",
    ]


def test_us_address_without_state_keeps_no_stray_separator() -> None:
    parts = {"street_address": "1 Main St", "locality": "Springfield"}
    assert address_lines(parts, country_code="US") == ["1 Main St", "Springfield"]


def test_uk_address_postcode_on_its_own_line() -> None:
    parts = {
        "street_address": "King Charles Street",
        "locality": "London",
        "postal_code": "SW1A 2AH",
    }
    assert address_lines(parts, country_code="GB") == [
        "King Charles Street",
        "London",
        "SW1A 2AH",
    ]


def test_philippine_address_keeps_every_part() -> None:
    # GOV.UK's British Embassy Manila; the format "%D, %C" must not leave ", Taguig City".
    assert address_lines(MANILA, country_code="PH") == [
        "120 Upper McKinley Road, McKinley Hill",
        "Taguig City",
        "1634 Manila",
    ]


def test_country_line_only_when_asked_or_abroad() -> None:
    with translation.override("en"):
        assert address_lines(MANILA, country_code="PH", with_country=True)[-1] == "Philippines"
        # The address is in another country than the mission's host: the country is named.
        assert address_lines(MANILA, country_code="PW")[-1] == "Philippines"
    with translation.override("fr"):
        assert address_lines(MANILA, country_code="PH", with_country=True)[-1] == "Philippines"
        assert (
            address_lines(
                {"street_address": "Rue 1", "locality": "Bern", "country_code": "CH"},
                country_code="FR",
            )[-1]
            == "Suisse"
        )


def test_text_only_address_gives_its_lines() -> None:
    parts = {"text": "  Embassy of X\n\n12 Long Road  \nNairobi\n"}
    assert address_lines(parts, country_code="KE") == ["Embassy of X", "12 Long Road", "Nairobi"]


def test_street_wins_over_text_when_both_are_given() -> None:
    parts = {"street_address": "12 Long Road", "locality": "Nairobi", "text": "12 Long Rd, Nairobi"}
    assert address_lines(parts, country_code="KE") == ["12 Long Road", "Nairobi"]


def test_unknown_country_uses_a_generic_order_and_loses_nothing() -> None:
    parts = {
        "street_address": "1 Unknown Street",
        "city_area": "Old Town",
        "locality": "Somewhere",
        "region": "North",
        "postal_code": "12345",
    }
    lines = address_lines(parts, country_code="XX", with_country=True)
    text = "\n".join(lines)
    for value in parts.values():
        assert value in text
    assert lines[0].startswith("1 Unknown Street")


def test_empty_and_odd_input() -> None:
    assert address_lines({}, country_code="FR") == []
    assert address_lines({"street_address": "  ", "text": ""}, country_code="FR") == []
    assert address_lines({"street_address": None, "locality": 5}, country_code="") == []
    assert address_lines({"locality": "Paris"}, country_code="") == ["Paris"]


def test_singapore_city_is_not_written_twice() -> None:
    parts = {"street_address": "100 Tanglin Road", "locality": "Singapore", "postal_code": "247969"}
    assert address_lines(parts, country_code="SG") == ["100 Tanglin Road", "SINGAPORE 247969"]


def test_postcode_prefix_is_not_doubled() -> None:
    parts = {"street_address": "Kirchenfeldstrasse 1", "locality": "Bern", "postal_code": "CH-3005"}
    assert address_lines(parts, country_code="CH") == ["Kirchenfeldstrasse 1", "CH-3005 Bern"]


def test_address_text_joins_lines() -> None:
    assert address_text(MANILA, country_code="PH") == (
        "120 Upper McKinley Road, McKinley Hill\nTaguig City\n1634 Manila"
    )


def test_address_partial_escapes_and_breaks_lines() -> None:
    html = render_to_string("directory/_address.html", {"lines": ["1 <b>Road</b>", "Manila"]})
    assert "<address><bdi>1 &lt;b&gt;Road&lt;/b&gt;</bdi><br><bdi>Manila</bdi></address>" in html
    assert "<address" not in render_to_string("directory/_address.html", {"lines": []})
