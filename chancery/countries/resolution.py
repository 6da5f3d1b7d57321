"""Turn the labels a source gives an entity into ISO codes, a kind and names.

Plain functions over pycountry, CLDR (babel) and the tables in `reference`; no database.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

import pycountry
from babel import Locale

from chancery.core.slugs import slug_base

from . import reference
from .models import CountryKind
from .places import place_fact

#: Languages whose names are stored on every country (CLDR supplies them).
NAME_LANGUAGES = ("en", "fr", "es", "de", "ru", "ar", "zh", "pt", "it", "nl", "ja", "tr")


def normalize_name(name: str) -> str:
    """Case-, accent- and punctuation-insensitive form of a name, for matching."""
    text = name.replace("’", "'").replace("‘", "'")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = text.casefold().replace("&", " and ")
    text = re.sub(r"[^a-z0-9' -]+", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    return text.removeprefix("the ")


#: Letters that sort with another in their alphabet (Russian ё with е; Arabic alef forms).
_SORTS_AS = str.maketrans({"ё": "е", "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا"})


def sort_key(name: str) -> str:
    """Alphabetical order in the languages of the site: case-insensitive; Latin accents
    ignored ('Åland' with the As) and a leading 'the' too; Cyrillic й stays a letter of its own
    (after и), ё goes with е; Arabic alef forms go together."""
    text = name.casefold().translate(_SORTS_AS)
    decomposed = unicodedata.normalize("NFD", text)
    kept: list[str] = []
    for char in decomposed:
        if unicodedata.combining(char) and kept and kept[-1] < "\u0250":
            continue  # an accent on a Latin letter
        kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept)).removeprefix("the ")


@cache
def _iso_index() -> dict[str, str]:
    """Every name pycountry and CLDR (English) give a country, normalised → alpha-2."""
    index: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                index.setdefault(normalize_name(value), country.alpha_2)
    for code, value in Locale("en").territories.items():
        if len(code) == 2 and code.isalpha() and pycountry.countries.get(alpha_2=code):
            index.setdefault(normalize_name(value), code)
    for name, code in reference.NAME_TO_ISO.items():
        index[normalize_name(name)] = code
    return index


def iso_for_name(name: str) -> str | None:
    """The ISO alpha-2 code a label stands for, or None."""
    key = normalize_name(name)
    if not key:
        return None
    if len(key) == 2 and key.isalpha() and key.upper() in {"XK"}:
        return "XK"
    return _iso_index().get(key)


@dataclass
class EntityInfo:
    """What is known of one entity after resolution; input to `country_upsert`."""

    iso_alpha2: str | None
    iso_alpha3: str | None
    iso_numeric: str | None
    kind: str
    name: str
    names: dict[str, str]
    aliases: list[str] = field(default_factory=list)
    classified: bool = True


def _tidy_cldr_english(name: str) -> str:
    return name.replace(" & ", " and ").replace("St. ", "Saint ")


@cache
def _cldr_names(code: str) -> dict[str, str]:
    names: dict[str, str] = {}
    for language in NAME_LANGUAGES:
        value = Locale.parse(language).territories.get(code)
        if value:
            names[language] = value
    if "en" in names:
        names["en"] = _tidy_cldr_english(names["en"])
    return names


def kind_for_iso(alpha2: str) -> str:
    """The kind the places file gives a code (a code it does not know: a territory)."""
    fact = place_fact(alpha2)
    return fact.kind if fact is not None else CountryKind.TERRITORY


def kind_for_name(name: str) -> tuple[str, bool]:
    """Kind of an entity without an ISO code, and whether the tables know it."""
    key = normalize_name(name)
    for names, kind in (
        (reference.PARTIALLY_RECOGNISED_NAMES, CountryKind.PARTIALLY_RECOGNISED),
        (reference.INTERNATIONAL_ORGANISATION_NAMES, CountryKind.INTERNATIONAL_ORGANISATION),
        (reference.SUBNATIONAL_NAMES, CountryKind.SUBNATIONAL),
        (reference.OTHER_NAMES, CountryKind.OTHER),
    ):
        if key in names:
            return kind, True
    return CountryKind.OTHER, False


def describe_iso(alpha2: str, labels: Iterable[str] = ()) -> EntityInfo:
    record = pycountry.countries.get(alpha_2=alpha2)
    names = dict(_cldr_names(alpha2))
    names.update(reference.TRANSLATED_NAMES.get(alpha2, {}))
    english = reference.DISPLAY_NAME_OVERRIDES.get(alpha2) or names.get("en")
    if not english:
        english = getattr(record, "common_name", None) or (record.name if record else alpha2)
    names["en"] = english
    aliases = set(labels)
    if record is not None:
        aliases.update(
            value
            for value in (
                record.name,
                getattr(record, "official_name", None),
                getattr(record, "common_name", None),
            )
            if value
        )
    aliases.discard(english)
    return EntityInfo(
        iso_alpha2=alpha2,
        iso_alpha3=record.alpha_3 if record else None,
        iso_numeric=record.numeric if record else None,
        kind=kind_for_iso(alpha2),
        name=english,
        names=names,
        aliases=sorted(aliases),
    )


def describe_entity(labels: Iterable[str]) -> EntityInfo:
    """Resolve an entity from the labels a source gives it (the first one is preferred)."""
    labels = [label.strip() for label in labels if label and label.strip()]
    if not labels:
        raise ValueError("an entity needs at least one label")
    for label in labels:
        alpha2 = iso_for_name(label)
        if alpha2:
            return describe_iso(alpha2, labels)
    # Prefer the label the reference tables know (e.g. "Republic of Abkhazia" vs "Abkhazia").
    primary = labels[0]
    kind, classified = kind_for_name(primary)
    for label in labels:
        label_kind, label_known = kind_for_name(label)
        if label_known:
            primary, kind, classified = label, label_kind, True
            break
    names: dict[str, str] = {}
    for label in [primary, *labels]:
        key = normalize_name(label)
        key = reference.TRANSLATED_NAME_ALIASES.get(key, key)
        cldr_code = reference.CLDR_CODES.get(key)
        translated = reference.TRANSLATED_NAMES.get(key)
        if cldr_code or translated:
            names.update(_cldr_names(cldr_code) if cldr_code else {})
            names.update(translated or {})
            break
    english = names.get("en") or primary
    names["en"] = english
    return EntityInfo(
        iso_alpha2=None,
        iso_alpha3=None,
        iso_numeric=None,
        kind=kind,
        name=english,
        names=names,
        aliases=sorted(set(labels) - {english}),
        classified=classified,
    )


def slug_for(name: str) -> str:
    return slug_base(name, max_length=100, fallback="country")
