"""How a place is named inside a sentence, language by language.

A mission's name needs more than a country's name: its form after a noun ("Ambassade
d’Allemagne", "Embajada del Reino Unido", "Посольство Германии") and where a thing stands ("en
Russie", "au Japon", "in der Schweiz", "на Кубе", "في روسيا"); German names its missions with the
country's adjective ("Deutsche Botschaft"). No kept library gives articles and prepositions, so
French, Spanish and German read tables (`data/forms/<language>.tsv`, each row with its source);
Russian cases come from the pymorphy3 dictionary (`declension.py`), with a table of exceptions;
Arabic needs only its spelling rules. Search reads the same forms (`lexicon`), so what the site
writes it also understands.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from chancery.core import tables
from chancery.core.tables import TableError

from . import declension

if TYPE_CHECKING:
    from .models import Country

#: `CountryKind.INTERNATIONAL_ORGANISATION` (this module is read before the models are).
INTERNATIONAL_ORGANISATION = "international_organisation"

FORMS_DIR = Path(__file__).resolve().parent / "data" / "forms"

#: Languages whose place forms are known: the site's languages.
FORM_LANGUAGES = ("en", "fr", "es", "de", "ru", "ar")

#: The columns of each language's table, after the code. Polish, Slovenian and Czech are read
#: by search only.
_COLUMNS: dict[str, tuple[str, ...]] = {
    "fr": ("name", "of", "where", "source"),
    "es": ("name", "of", "where", "source"),
    "de": ("name", "adjective", "of", "where", "source"),
    "ru": ("name", "of", "where", "source"),
    "pl": ("name", "of", "where", "source"),
    "sl": ("name", "of", "where", "source"),
    "cs": ("name", "of", "where", "source"),
}
#: The prepositions and articles a form starts with, which search reads as words of their own
#: ("w Niemczech" is "w" and "Niemczech").
_LEADING_WORDS: dict[str, frozenset[str]] = {
    "fr": frozenset({"en", "au", "aux", "à", "a", "de", "du", "des", "d", "l", "la", "le", "les",
                     "auprès", "près", "dans", "sur"}),
    "es": frozenset({"en", "el", "la", "los", "las", "de", "del", "ante"}),
    "de": frozenset({"in", "im", "der", "den", "dem", "des", "die", "von", "bei", "beim", "auf"}),
    "ru": frozenset({"в", "во", "на", "при"}),
    "pl": frozenset({"w", "we", "na", "przy"}),
    "sl": frozenset({"v", "na", "pri"}),
    "cs": frozenset({"v", "ve", "na", "při"}),
}  # fmt: skip


class FormsTableError(TableError):
    """A forms table has a malformed line."""


@dataclass(frozen=True)
class PlaceForms:
    """A place's name in one language: alone, after a noun, and where something stands."""

    name: str
    of: str
    where: str
    #: German only: the adjective stem that names the country's missions ("deutsch").
    adjective: str = ""


@cache
def _table(language: str) -> dict[str, dict[str, str]]:
    """A language's table by entity code; empty cells are left out (the rule applies)."""
    columns = _COLUMNS[language]
    path = FORMS_DIR / f"{language}.tsv"
    rows: dict[str, dict[str, str]] = {}
    for number, cells in tables.rows(path):
        if len(cells) != len(columns) + 1:
            raise FormsTableError(
                f"{path.name}, line {number}: expected {len(columns) + 1} columns "
                f"(code, {', '.join(columns)}), got {len(cells)}"
            )
        code, *values = (cell.strip() for cell in cells)
        if not code or not values[-1]:
            raise FormsTableError(f"{path.name}, line {number}: a code and a source are needed")
        if code in rows:
            raise FormsTableError(f"{path.name}, line {number}: {code} is listed twice")
        rows[code] = {column: value for column, value in zip(columns, values, strict=True) if value}
    return rows


def table_codes(language: str) -> frozenset[str]:
    """The entity codes a language's table lists (for checks and tests)."""
    return frozenset(_table(language))


def _starts_with_vowel(name: str) -> bool:
    return name[:1].lower() in "aeiouyàâäéèêëîïôöùûüœh"


def _french(code: str, name: str) -> PlaceForms:
    row = _table("fr").get(code, {})
    shown = row.get("name", name)
    elided = _starts_with_vowel(shown)
    return PlaceForms(
        shown,
        row.get("of") or (f"d’{shown}" if elided else f"de {shown}"),
        row.get("where") or f"en {shown}",
    )


def _spanish(code: str, name: str) -> PlaceForms:
    row = _table("es").get(code, {})
    shown = row.get("name", name)
    return PlaceForms(shown, row.get("of") or f"de {shown}", row.get("where") or f"en {shown}")


def _german(code: str, name: str) -> PlaceForms:
    row = _table("de").get(code, {})
    shown = row.get("name", name)
    return PlaceForms(
        shown,
        row.get("of") or f"von {shown}",
        row.get("where") or f"in {shown}",
        row.get("adjective", ""),
    )


def _russian(code: str, name: str, is_organisation: bool) -> PlaceForms:
    row = _table("ru").get(code, {})
    shown = row.get("name", name)
    if is_organisation:
        where = f"при {declension.inflect(shown, declension.PREPOSITIONAL)}"
    else:
        where = declension.in_place(shown)
    return PlaceForms(
        shown,
        row.get("of") or declension.inflect(shown, declension.GENITIVE),
        row.get("where") or where,
    )


def arabic_li(name: str) -> str:
    """ "لفرنسا", "للولايات المتحدة": the preposition li- joined to a name (before the article
    it drops the article's alif)."""
    if name.startswith("ال"):
        return "لل" + name[2:]
    return "ل" + name


#: Arabic CLDR names that carry an administrative qualifier, by their short form.
_ARABIC_SHORT = {"HK": "هونغ كونغ", "MO": "ماكاو"}


def _arabic(code: str, name: str, is_organisation: bool) -> PlaceForms:
    shown = _ARABIC_SHORT.get(code, name)
    return PlaceForms(shown, shown, f"لدى {shown}" if is_organisation else f"في {shown}")


def _english(name: str) -> PlaceForms:
    sentence = with_article(name)
    return PlaceForms(name, f"of {sentence}", f"in {sentence}")


def place_forms(country: Country, language: str) -> PlaceForms:
    """`country`'s forms in `language` (a bare code); in English for another language."""
    return _forms(
        country.code,
        country.localized_name(language),
        country.name,
        country.kind == INTERNATIONAL_ORGANISATION,
        language,
    )


@lru_cache(maxsize=8192)
def _forms(code: str, name: str, english: str, is_organisation: bool, language: str) -> PlaceForms:
    if language == "fr":
        return _french(code, name)
    if language == "es":
        return _spanish(code, name)
    if language == "de":
        return _german(code, name)
    if language == "ru":
        return _russian(code, name, is_organisation)
    if language == "ar":
        return _arabic(code, name, is_organisation)
    return _english(english)


def in_town(town: str, language: str) -> str:
    """Where a mission stands in a town: "à Moscou", "au Caire", "en Moscú", "in Moskau",
    "в Москве", "في موسكو", "in Moscow"."""
    if language == "fr":
        if town.startswith("Le "):
            return f"au {town[3:]}"
        if town.startswith("Les "):
            return f"aux {town[4:]}"
        return f"à {town}"
    if language == "es":
        return f"en {town}"
    if language == "de":
        return f"in {town}"
    if language == "ru":
        return declension.in_place(town)
    if language == "ar":
        return f"في {town}"
    return f"in {town}"


def without_leading_words(form: str, language: str) -> str:
    """A form without its prepositions and articles ("w Niemczech" → "Niemczech")."""
    words = form.replace("’", " ").replace("'", " ").split()
    while words and words[0].casefold() in _LEADING_WORDS[language]:
        words = words[1:]
    return " ".join(words)


def written_forms(language: str) -> dict[str, set[str]]:
    """Every form a language's table gives each place, without its prepositions and articles
    ("Niemiec", "Niemczech"): the names search reads as well as the pages write them."""
    return {
        code: {
            bare
            for column in ("name", "of", "where")
            if (bare := without_leading_words(row.get(column, ""), language))
        }
        for code, row in _table(language).items()
    }


def table_languages() -> tuple[str, ...]:
    """The languages with a forms table."""
    return tuple(_COLUMNS)


_ARTICLE_PREFIXES = (
    "united ",
    "republic ",
    "democratic ",
    "kingdom ",
    "federated ",
    "holy see",
    "sovereign ",
    "european ",
    "african union",
    "state of ",
    "central african",
    "czech republic",
    "dominican republic",
    "turkish republic",
    "sahrawi ",
    "central tibetan",
    "world ",
    "nordic ",
)
_ARTICLE_SUFFIXES = (" islands", " republic", " emirates", " states", " territories")
_ARTICLE_NAMES = {
    "netherlands",
    "philippines",
    "bahamas",
    "gambia",
    "maldives",
    "comoros",
    "seychelles",
    "vatican",
    "basque country",
    "balearic islands",
}


def with_article(name: str) -> str:
    lowered = name.lower()
    if lowered.startswith("the "):
        return name
    if (
        lowered in _ARTICLE_NAMES
        or lowered.startswith(_ARTICLE_PREFIXES)
        or lowered.endswith(_ARTICLE_SUFFIXES)
    ):
        return f"the {name}"
    return name
