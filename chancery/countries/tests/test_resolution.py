"""Unit tests of `chancery.countries.resolution`: plain functions, no database."""

from __future__ import annotations

import pycountry
import pytest

from chancery.countries import reference
from chancery.countries.models import CountryKind
from chancery.countries.resolution import (
    NAME_LANGUAGES,
    describe_entity,
    describe_iso,
    iso_for_name,
    kind_for_iso,
    kind_for_name,
    normalize_name,
    slug_for,
)

SITE_LANGUAGES = ("en", "fr", "es", "de", "ru", "ar", "zh")


@pytest.mark.parametrize(
    ("name", "iso"),
    [
        ("Russia", "RU"),
        ("Russian Federation", "RU"),
        ("  RUSSIA ", "RU"),
        ("People's Republic of China", "CN"),
        ("China", "CN"),
        ("Kingdom of the Netherlands", "NL"),
        ("Netherlands", "NL"),
        ("Kosovo", "XK"),
        ("Republic of Kosovo", "XK"),
        ("XK", "XK"),
        ("Ivory Coast", "CI"),
        ("Côte d'Ivoire", "CI"),
        ("The Bahamas", "BS"),
        ("Bahamas", "BS"),
        ("São Tomé and Príncipe", "ST"),
        ("Sao Tome and Principe", "ST"),
        ("United States of America", "US"),
        ("United States", "US"),
        ("United Kingdom", "GB"),
        ("Germany", "DE"),
        ("Taiwan", "TW"),
        ("Palestine", "PS"),
        ("State of Palestine", "PS"),
        ("Hong Kong", "HK"),
        ("Puerto Rico", "PR"),
        ("Vatican City", "VA"),
        ("Holy See", "VA"),
        ("Turkey", "TR"),
        ("Türkiye", "TR"),
        ("Czech Republic", "CZ"),
        ("Czechia", "CZ"),
        ("Swaziland", "SZ"),
        ("Eswatini", "SZ"),
        ("East Timor", "TL"),
        ("Cape Verde", "CV"),
        ("Democratic Republic of the Congo", "CD"),
        ("Republic of the Congo", "CG"),
        ("Kingdom of Denmark", "DK"),
        ("Republic of Ireland", "IE"),
        ("Federated States of Micronesia", "FM"),
        ("Bosnia & Herzegovina", "BA"),
        ("Ministry of Foreign Affairs of the Russian Federation", "RU"),
        ("Government of Sweden", "SE"),
    ],
)
def test_iso_for_name(name: str, iso: str) -> None:
    assert iso_for_name(name) == iso


@pytest.mark.parametrize(
    "name",
    [
        "",
        "   ",
        "Abkhazia",
        "Somaliland",
        "Northern Cyprus",
        "Quebec",
        "Bavaria",
        "European Union",
        "Sovereign Military Order of Malta",
        "Narnia",
    ],
)
def test_iso_for_name_none_without_iso_code(name: str) -> None:
    assert iso_for_name(name) is None


def test_normalize_name() -> None:
    assert normalize_name("  The  Bahamas ") == "bahamas"
    assert normalize_name("São Tomé & Príncipe") == "sao tome and principe"
    assert normalize_name("Guinea-Bissau") == "guinea-bissau"
    # Only a leading article is dropped.
    assert normalize_name("Gambia, The") == "gambia the"


@pytest.mark.parametrize(
    ("name", "iso"),
    [("People’s Republic of China", "CN"), ("Lao People’s Democratic Republic", "LA")],
)
def test_typographic_apostrophe_matches_the_ascii_one(name: str, iso: str) -> None:
    assert normalize_name(name) == normalize_name(name.replace("’", "'"))
    assert iso_for_name(name) == iso


@pytest.mark.parametrize(
    ("label", "kind", "iso"),
    [
        ("Germany", CountryKind.SOVEREIGN_STATE, "DE"),
        ("Russia", CountryKind.SOVEREIGN_STATE, "RU"),
        ("Holy See", CountryKind.SOVEREIGN_STATE, "VA"),
        ("Kosovo", CountryKind.PARTIALLY_RECOGNISED, "XK"),
        ("Taiwan", CountryKind.PARTIALLY_RECOGNISED, "TW"),
        ("Palestine", CountryKind.PARTIALLY_RECOGNISED, "PS"),
        ("Abkhazia", CountryKind.PARTIALLY_RECOGNISED, None),
        ("Republic of Abkhazia", CountryKind.PARTIALLY_RECOGNISED, None),
        ("Somaliland", CountryKind.PARTIALLY_RECOGNISED, None),
        ("Northern Cyprus", CountryKind.PARTIALLY_RECOGNISED, None),
        ("Turkish Republic of Northern Cyprus", CountryKind.PARTIALLY_RECOGNISED, None),
        ("Hong Kong", CountryKind.SPECIAL_ADMINISTRATIVE_REGION, "HK"),
        ("Puerto Rico", CountryKind.TERRITORY, "PR"),
        ("Greenland", CountryKind.TERRITORY, "GL"),
        ("Quebec", CountryKind.SUBNATIONAL, None),
        ("Québec", CountryKind.SUBNATIONAL, None),
        ("Bavaria", CountryKind.SUBNATIONAL, None),
        ("European Union", CountryKind.INTERNATIONAL_ORGANISATION, None),
        ("Sovereign Military Order of Malta", CountryKind.OTHER, None),
    ],
)
def test_describe_entity_kind(label: str, kind: CountryKind, iso: str | None) -> None:
    info = describe_entity([label])
    assert info.kind == kind
    assert info.iso_alpha2 == iso
    assert info.classified


def test_unknown_entity_is_other_and_unclassified() -> None:
    info = describe_entity(["Republic of Narnia"])
    assert info.kind == CountryKind.OTHER
    assert not info.classified
    assert info.iso_alpha2 is None
    assert info.name == "Republic of Narnia"
    assert info.names == {"en": "Republic of Narnia"}


def test_describe_entity_needs_a_label() -> None:
    with pytest.raises(ValueError):
        describe_entity(["", "  "])


def test_describe_entity_prefers_a_label_that_resolves() -> None:
    info = describe_entity(["Ministry of Foreign Affairs of the Russian Federation", "Russia"])
    assert info.iso_alpha2 == "RU"
    info = describe_entity(["Republic of Narnia", "Abkhazia"])
    assert info.kind == CountryKind.PARTIALLY_RECOGNISED
    assert info.name == "Abkhazia"
    assert "Republic of Narnia" in info.aliases


def test_kind_for_name() -> None:
    assert kind_for_name("The European Union") == (CountryKind.INTERNATIONAL_ORGANISATION, True)
    assert kind_for_name("QUEBEC") == (CountryKind.SUBNATIONAL, True)
    assert kind_for_name("Atlantis") == (CountryKind.OTHER, False)


def test_kind_for_iso() -> None:
    assert kind_for_iso("FR") == CountryKind.SOVEREIGN_STATE
    assert kind_for_iso("VA") == CountryKind.SOVEREIGN_STATE
    assert kind_for_iso("XK") == CountryKind.PARTIALLY_RECOGNISED
    assert kind_for_iso("TW") == CountryKind.PARTIALLY_RECOGNISED
    assert kind_for_iso("PS") == CountryKind.PARTIALLY_RECOGNISED
    assert kind_for_iso("HK") == CountryKind.SPECIAL_ADMINISTRATIVE_REGION
    assert kind_for_iso("PR") == CountryKind.TERRITORY
    assert kind_for_iso("AQ") == CountryKind.TREATY_AREA
    assert kind_for_iso("EH") == CountryKind.PARTIALLY_RECOGNISED


def test_every_un_member_is_sovereign() -> None:
    assert len(reference.UN_MEMBER_STATES) == 193
    for code in reference.UN_MEMBER_STATES:
        assert pycountry.countries.get(alpha_2=code) is not None, code
        assert kind_for_iso(code) == CountryKind.SOVEREIGN_STATE, code


def test_describe_iso_codes() -> None:
    info = describe_iso("DE")
    assert (info.iso_alpha2, info.iso_alpha3, info.iso_numeric) == ("DE", "DEU", "276")
    assert info.name == "Germany"
    assert info.names["de"] == "Deutschland"
    assert info.names["fr"] == "Allemagne"
    assert info.name not in info.aliases
    assert "Federal Republic of Germany" in info.aliases


def test_describe_iso_keeps_source_labels_as_aliases() -> None:
    info = describe_entity(["Kingdom of the Netherlands", "Netherlands"])
    assert info.iso_alpha2 == "NL"
    assert info.name == "Netherlands"
    assert "Kingdom of the Netherlands" in info.aliases


def test_kosovo_has_no_iso_alpha3() -> None:
    info = describe_entity(["Kosovo"])
    assert info.iso_alpha2 == "XK"
    assert info.iso_alpha3 is None
    assert info.iso_numeric is None
    assert info.name == "Kosovo"


@pytest.mark.parametrize(
    ("code", "english"),
    [
        ("CD", "Democratic Republic of the Congo"),
        ("CG", "Republic of the Congo"),
        ("CI", "Côte d'Ivoire"),
        ("HK", "Hong Kong"),
        ("MM", "Myanmar"),
        ("PS", "Palestine"),
        ("VA", "Holy See"),
        ("BA", "Bosnia and Herzegovina"),
        ("KN", "Saint Kitts and Nevis"),
        ("US", "United States"),
        ("RU", "Russia"),
    ],
)
def test_english_display_names(code: str, english: str) -> None:
    info = describe_iso(code)
    assert info.name == english
    assert info.names["en"] == english


def test_iso_countries_are_named_in_every_site_language() -> None:
    codes = [country.alpha_2 for country in pycountry.countries] + ["XK"]
    missing = {
        code: [lang for lang in SITE_LANGUAGES if not describe_iso(code).names.get(lang)]
        for code in codes
    }
    assert {code: langs for code, langs in missing.items() if langs} == {}
    assert set(SITE_LANGUAGES) <= set(NAME_LANGUAGES)


@pytest.mark.parametrize(
    ("code", "language", "name"),
    [
        ("RU", "ru", "Россия"),
        ("CN", "zh", "中国"),
        ("DE", "es", "Alemania"),
        ("EG", "ar", "مصر"),
        ("XK", "ru", "Косово"),
    ],
)
def test_iso_country_translations(code: str, language: str, name: str) -> None:
    assert describe_iso(code).names[language] == name


@pytest.mark.parametrize("label", ["Holy See", "Vatican City", "Vatican"])
def test_holy_see_names(label: str) -> None:
    info = describe_entity([label])
    assert info.iso_alpha2 == "VA"
    assert info.iso_alpha3 == "VAT"
    assert info.kind == CountryKind.SOVEREIGN_STATE
    assert info.name == "Holy See"
    assert {lang: info.names[lang] for lang in SITE_LANGUAGES} == {
        "en": "Holy See",
        "fr": "Saint-Siège",
        "es": "Santa Sede",
        "de": "Heiliger Stuhl",
        "ru": "Святой Престол",
        "ar": "الكرسي الرسولي",
        "zh": "圣座",
    }
    assert slug_for(info.name) == "holy-see"


@pytest.mark.parametrize(
    ("label", "english", "french"),
    [
        (
            "Sovereign Military Order of Malta",
            "Sovereign Military Order of Malta",
            "Ordre souverain de Malte",
        ),
        ("Turkish Republic of Northern Cyprus", "Northern Cyprus", "Chypre du Nord"),
        ("Abkhazia", "Abkhazia", "Abkhazie"),
        ("Quebec", "Quebec", "Québec"),
        ("European Union", "European Union", "Union européenne"),
        ("Somaliland", "Somaliland", "Somaliland"),
    ],
)
def test_non_iso_entities_are_named_in_site_languages(
    label: str, english: str, french: str
) -> None:
    info = describe_entity([label])
    assert info.name == english
    assert info.names["fr"] == french
    assert all(info.names.get(lang) for lang in SITE_LANGUAGES)


@pytest.mark.parametrize(
    ("label", "english"),
    [("Northern Cyprus", "Northern Cyprus"), ("Republic of Abkhazia", "Abkhazia")],
)
def test_every_known_spelling_gets_the_same_names(label: str, english: str) -> None:
    info = describe_entity([label])
    assert info.name == english
    assert all(info.names.get(lang) for lang in SITE_LANGUAGES)


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Russia", "russia"),
        ("United States", "united-states"),
        ("Holy See", "holy-see"),
        ("Côte d'Ivoire", "cote-divoire"),
        ("São Tomé and Príncipe", "sao-tome-and-principe"),
        ("Baden-Württemberg", "baden-wurttemberg"),
        ("Sovereign Military Order of Malta", "sovereign-military-order-of-malta"),
        ("", "country"),
        ("???", "country"),
    ],
)
def test_slug_for(name: str, slug: str) -> None:
    assert slug_for(name) == slug


def test_slug_for_is_capped_at_100_characters() -> None:
    assert len(slug_for("Republic " * 30)) == 100
