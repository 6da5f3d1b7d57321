"""Dictionary forms of inflected words, for the languages with a kept morphological dictionary.

Russian and Ukrainian decline place names ("в Києві", "посольство Польщі", "в Финляндии");
pymorphy3 with the OpenCorpora and Ukrainian dictionaries gives each word's dictionary forms.
Languages without such a dictionary are read through Snowball stems (`text`) or the lexicon's
shared-stem rule (`Lexicon.match`).
"""

from __future__ import annotations

from functools import lru_cache

from chancery.countries.declension import CASES, LANGUAGES, analyzer, inflect

#: How many of a word's analyses are tried, most likely first.
ANALYSES = 4
_UKRAINIAN_ONLY = frozenset("іїєґІЇЄҐ")
_RUSSIAN_ONLY = frozenset("ыэъёЫЭЪЁ")


def _languages_of(name: str) -> tuple[str, ...]:
    letters = set(name)
    if letters & _UKRAINIAN_ONLY:
        return ("uk",)
    if letters & _RUSSIAN_ONLY:
        return ("ru",)
    return LANGUAGES


@lru_cache(maxsize=20_000)
def cyrillic_base_forms(word: str) -> tuple[str, ...]:
    """The dictionary forms of a lower-case Cyrillic word in Ukrainian and Russian, other than
    the word itself ("києві" → "київ", "польщі" → "польща")."""
    forms: dict[str, None] = {}
    for language in _languages_of(word):
        for parse in analyzer(language).parse(word)[:ANALYSES]:
            if parse.normal_form != word:
                forms[parse.normal_form.replace("ё", "е")] = None
    return tuple(forms)


def cyrillic_case_forms(name: str) -> set[str]:
    """Every case of a Russian or Ukrainian name ("Финляндия" → "Финляндии", "Финляндию" …),
    for reading it typed in Latin letters ("v finlyandii")."""
    return {inflect(name, case, language) for language in _languages_of(name) for case in CASES}


def warm() -> None:
    """Load the dictionaries now rather than on the first inflected word."""
    for language in LANGUAGES:
        analyzer(language)
