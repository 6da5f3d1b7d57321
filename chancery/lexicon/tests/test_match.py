"""`Lexicon.match`: the one rule that says what a run of words names, for queries and texts."""

from __future__ import annotations

import pytest

from chancery.lexicon import text
from chancery.lexicon.builder import build_lexicon
from chancery.lexicon.lexicon import (
    CITY,
    COUNTRY,
    EXACT,
    FUZZY,
    HOST,
    SENDING,
    STEM,
    CountryRow,
    Lexicon,
    Word,
)

GERMANY, RUSSIA, INDIA = 1, 2, 3
COUNTRIES = [
    CountryRow(GERMANY, "Germany", "DE", "DEU", {"de": "Deutschland", "ru": "Германия"}, ["FRG"]),
    CountryRow(RUSSIA, "Russia", "RU", "RUS", {"ru": "Россия"}, ["Russian Federation"]),
    CountryRow(INDIA, "India", "IN", "IND", {}, []),
]
PLACES = [("Moscow", RUSSIA, 55.75, 37.62), ("Hamburg", GERMANY, 53.55, 9.99)]


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return build_lexicon(COUNTRIES, PLACES)


def words(typed: str) -> list[Word]:
    """The words of a query, as search reads them."""
    shouted = typed.upper() == typed
    return [
        Word(raw.casefold(), text.fold(raw), raw.isupper(), shouted)
        for raw in text.raw_tokens_with_case(typed)
    ]


def targets(lexicon: Lexicon, typed: str, reading_type: str, **options: bool) -> set[object]:
    found = lexicon.match(words(typed), **options)
    assert found is not None, typed
    return {r.target for r in found.readings if r.type == reading_type}


def test_a_name_as_written(lexicon: Lexicon) -> None:
    found = lexicon.match(words("Russian Federation"))
    assert found is not None and found.how == EXACT and found.typos == 0
    assert {r.target for r in found.readings if r.type == COUNTRY} == {RUSSIA}
    assert targets(lexicon, "Deutschland", COUNTRY) == {GERMANY}
    assert lexicon.match(words("Atlantis")) is None


def test_a_code_counts_only_in_capitals(lexicon: Lexicon) -> None:
    assert targets(lexicon, "DE", COUNTRY) == {GERMANY}
    assert targets(lexicon, "de", COUNTRY) == set()
    assert targets(lexicon, "de", SENDING) == {"sending"}


def test_a_code_in_a_shouted_query_may_be_the_small_word(lexicon: Lexicon) -> None:
    typed = [Word("in", "in", upper=True, shouted=True)]
    found = lexicon.match(typed)
    assert found is not None and found.names_a_small_word
    (india,) = [r for r in found.readings if r.type == COUNTRY]
    assert (india.target, india.weight) == (INDIA, 0.5)
    assert {r.type for r in found.readings} == {COUNTRY, HOST}


def test_inflected_forms(lexicon: Lexicon) -> None:
    found = lexicon.match(words("Германии"))
    assert found is not None and found.how == STEM
    assert {r.target for r in found.readings} == {GERMANY}
    moscow = lexicon.match(words("Москве"))
    assert moscow is not None and moscow.how == STEM
    assert {lexicon.cities[int(r.target)].name for r in moscow.readings if r.type == CITY} == {
        "Moscow"
    }


def test_typos(lexicon: Lexicon) -> None:
    found = lexicon.match(words("Gremany"))
    assert found is not None and (found.how, found.typos) == (FUZZY, 1)
    assert {r.target for r in found.readings} == {GERMANY}
    # Too short to forgive a typo (Danish and Norwegian "ind", in, is a small word).
    short = lexicon.match(words("Ind"))
    assert short is None or not {r.target for r in short.readings} & {INDIA}


def test_as_written_leaves_out_codes_endings_and_typos(lexicon: Lexicon) -> None:
    for typed in ("Германии", "Gremany"):
        assert lexicon.match(words(typed), as_written=True) is None
    found = lexicon.match(words("DE"), as_written=True)
    assert found is not None
    assert {r.type for r in found.readings} == {SENDING}
    assert targets(lexicon, "Hamburg", CITY, as_written=True)


def test_locate_gives_the_city_in_that_country(lexicon: Lexicon) -> None:
    hamburg = lexicon.locate("Hamburg", GERMANY)
    assert hamburg is not None and hamburg.name == "Hamburg" and hamburg.latitude is not None
    assert lexicon.locate("Hamburg", RUSSIA) is None
    assert lexicon.locate("Nowhere Town", GERMANY) is None


def test_an_everyday_russian_word_is_not_a_name_in_cyrillic_letters() -> None:
    # "сына" (the son's) romanises as "syna", China's Indonesian and Latin name "Sina";
    # "Франкфурт" is Frankfurt.
    china = CountryRow(9, "China", "CN", "CHN", {}, ["Sina"])
    lexicon = build_lexicon([china], [("Frankfurt", 9, 50.11, 8.68)])
    found = lexicon.match(words("сына"))
    assert found is None or not any(r.type in (CITY, COUNTRY) for r in found.readings)
    assert targets(lexicon, "Франкфурт", CITY)


def test_initials_spelt_out_in_devanagari(lexicon: Lexicon) -> None:
    assert targets(lexicon, "एफआरजी", COUNTRY) == {GERMANY}  # F, R, G: the FRG
