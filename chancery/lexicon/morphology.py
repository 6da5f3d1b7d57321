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


@lru_cache(maxsize=4096)
def cyrillic_case_forms(name: str) -> frozenset[str]:
    """Every case of a Russian or Ukrainian name ("Финляндия" → "Финляндии", "Финляндию" …),
    for reading it in its cases and typed in Latin letters ("v finlyandii")."""
    return frozenset(
        inflect(name, case, language) for language in _languages_of(name) for case in CASES
    )


@lru_cache(maxsize=4096)
def cyrillic_locatives(name: str) -> frozenset[str]:
    """A Russian or Ukrainian name in the locative, the case after "в" and "у" ("Рига" →
    "Риге", "Ризі")."""
    return frozenset(inflect(name, "loct", language) for language in _languages_of(name))


#: Tags that mark a dictionary word as a name: a place, a person's name or surname.
_NAME_TAGS = frozenset({"Geox", "Name", "Surn", "Patr", "Orgn", "Trad"})


@lru_cache(maxsize=20_000)
def is_common_russian_word(word: str) -> bool:
    """Whether a lower-case Cyrillic word is an everyday Russian word the dictionary knows, in
    none of its likely readings a name ("сына", son's; "денег", money's): not a foreign
    town's name written in Cyrillic ("Франкфурт", "Сиэтл")."""
    if set(word) & _UKRAINIAN_ONLY:
        return False
    parses = analyzer("ru").parse(word)[:ANALYSES]
    return bool(parses) and all(
        parse.is_known and not (parse.tag.grammemes & _NAME_TAGS) for parse in parses
    )


def warm() -> None:
    """Load the dictionaries now rather than on the first inflected word."""
    for language in LANGUAGES:
        analyzer(language)
