"""Cases of Russian and Ukrainian place names, from the OpenCorpora and Ukrainian
dictionaries through pymorphy3.

A mission's Russian name puts its sender in the genitive ("Посольство Германии") and its place
in the prepositional ("в России", "в Санкт-Петербурге"); search reads every case of a name,
typed in Cyrillic or in Latin letters ("posolstvo rossii v finlyandii"). pymorphy3 knows most
place names and guesses the others by analogy; the words of a name that follow its head noun
("Республика Корея") or that do not decline ("Перу", "Того") are left as they are.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

import pymorphy3

#: Cases by their OpenCorpora tags.
GENITIVE, PREPOSITIONAL = "gent", "loct"
CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")
#: The languages with a dictionary.
LANGUAGES = ("ru", "uk")

_WORD = re.compile(r"[А-Яа-яЁёІіЇїЄєҐґ]+")
#: Words between noun phrases of a name: "Босния и Герцеговина", "Папуа — Новая Гвинея".
_JOINERS = frozenset({"и", "—", "-"})


@cache
def analyzer(language: str = "ru") -> pymorphy3.MorphAnalyzer:
    """The dictionary of `language` ("ru" or "uk"), loaded once."""
    return pymorphy3.MorphAnalyzer(lang=language)


def _match_case(model: str, word: str) -> str:
    """`word` with the capitals of `model`, hyphenated part by hyphenated part."""
    parts, models = word.split("-"), model.split("-")
    if len(parts) != len(models):
        return word[:1].upper() + word[1:] if model[:1].isupper() else word
    out = []
    for part, shape in zip(parts, models, strict=True):
        if shape.isupper() and len(shape) > 1:
            out.append(part.upper())
        else:
            # Capitals sit at the same places: declension changes only the ending.
            out.append(
                "".join(
                    ch.upper() if i < len(shape) and shape[i].isupper() else ch
                    for i, ch in enumerate(part)
                )
            )
    joined = "-".join(out)
    # The dictionary writes ё; keep е where the name as given has it.
    return joined if "ё" in model.lower() else joined.replace("ё", "е").replace("Ё", "Е")


@lru_cache(maxsize=8192)
def _parses(word: str, language: str) -> list[pymorphy3.analyzer.Parse]:
    """The word's analyses, a place name read as a place first ("Сахара" the desert, not a
    surname's plural); once per word for all its cases."""
    parses = analyzer(language).parse(word)
    return sorted(parses, key=lambda parse: "Geox" not in parse.tag.grammemes)


def _inflect_word(word: str, case: str, language: str) -> tuple[str, bool]:
    """`word` in `case`, and whether it was the head noun of its phrase."""
    for parse in _parses(word, language):
        tag = parse.tag
        if "Fixd" in tag.grammemes:
            return word, tag.POS == "NOUN"
        if tag.case != "nomn" or tag.POS not in {"NOUN", "ADJF", "PRTF"}:
            continue
        inflected = parse.inflect({case})
        if inflected is None:
            continue
        return _match_case(word, inflected.word), tag.POS == "NOUN"
    return word, False


@lru_cache(maxsize=4096)
def inflect(name: str, case: str, language: str = "ru") -> str:
    """`name` in `case`: its adjectives and head noun in each phrase declined, the rest kept
    ("Южная Корея" → "Южной Кореи", "Республика Корея" → "Республики Корея")."""
    if "(" in name or not _WORD.search(name):
        return name
    out: list[str] = []
    head_done = False
    for token in name.split(" "):
        if token in _JOINERS:
            head_done = False
            out.append(token)
            continue
        if head_done or not _WORD.fullmatch(
            token.replace("-", "").replace("’", "").replace("'", "")
        ):
            out.append(token)
            continue
        inflected, is_head = _inflect_word(token, case, language)
        out.append(inflected)
        head_done = is_head
    return " ".join(out)


def preposition_v(word: str) -> str:
    """ "в", or "во" before a cluster that starts with в or ф ("во Франции", "во Вьетнаме")."""
    lowered = word.lower()
    if len(lowered) > 1 and lowered[0] in "вф" and lowered[1] not in "аеёиоуыэюя":
        return "во"
    return "в"


def in_place(name: str) -> str:
    """ "в России", "во Франции", "в Санкт-Петербурге"."""
    inflected = inflect(name, PREPOSITIONAL)
    return f"{preposition_v(inflected)} {inflected}"
