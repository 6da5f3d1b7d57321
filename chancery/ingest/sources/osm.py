"""Read OpenStreetMap's diplomatic offices: live from the Overpass API, or from a file (Overpass
JSON, or GeoJSON in WGS 84 or a projected CRS such as Web Mercator). Parse only, no ORM.

Each office becomes a `ContactRecord` (source "osm", id "node/123"); a feature that cannot be
read becomes a `RowError`, and an ambassador's residence a `SkippedFeature` (a `RowError` that
says it was left out on purpose). A document that cannot be read at all raises
`SourceFormatError` naming it, before anything is yielded.

OpenStreetMap's tags are written by many hands, so they are normalised here:
- the sending state comes from `country=` checked against the office's name: a name that names
  another state than the tag wins, unless it names the tag's state too ("SV" on "Embassy of
  Sweden" is El Salvador's code, a common slip); a missing tag is filled from the name;
- the kind comes from `diplomatic=` and its refinements (`embassy=`, `consulate=`, `liaison=`),
  the older `amenity=embassy`, and the name ("High Commission", "Honorary Consul" …);
- `addr:*`, `phone`, `fax`, `email`, `website`, `opening_hours`, `name:<lang>` and the Wikidata
  item (`subject:wikidata` is the mission; `wikidata` may be its building; `operator:wikidata`
  is the sending state and is not read as the mission).
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pycountry
from babel import Locale, UnknownLocaleError
from rapidfuzz.distance import Levenshtein

from chancery.countries.places import country_code_at
from chancery.countries.reference import NAME_TO_ISO
from chancery.directory.models import MissionKind
from chancery.lexicon import sources as lexicon_sources
from chancery.lexicon import text
from chancery.lexicon.lexicon import max_typos
from chancery.lexicon.vocabulary import KIND_WORDS

from ..fetch import FetchError, fetch_bytes
from ..matching import PLACE_WORDS
from ..polite import polite_fetch
from ..safe_json import JSONError, load_json
from .records import AddressValue, ContactRecord, PhoneValue, RowError, SourceFormatError
from .wikidata_csv import _email, _url

SOURCE_NAME = "osm"
RECORD_URL = "https://www.openstreetmap.org/{}"
#: The worldwide answer is some 20,000 elements (a few MB); the cap leaves room to grow.
MAX_BYTES = 64 * 1024 * 1024
#: Overpass's own limit for the query, in seconds; within the fetch's total timeout (300 s).
QUERY_TIMEOUT_SECONDS = 240
#: The Overpass API's element types and the letters QGIS/QuickOSM write before their ids.
ELEMENT_TYPES = ("node", "way", "relation")
_TYPE_LETTERS = {"n": "node", "w": "way", "r": "relation"}
#: Polities the countries table knows by a code outside ISO 3166-1 (CLDR gives the EU this one).
EXTRA_CODES = frozenset({"EU", "XK"})

# --- Kinds ---------------------------------------------------------------------------------

#: A tag value that says nothing beyond "an office of this family": the name may refine it.
GENERIC = "generic"
#: Not an office: read, counted, left out.
RESIDENCE = "residence"
K = MissionKind
#: Values of `diplomatic=`, `embassy=`, `consulate=` and `liaison=` (current and older
#: tagging) → (kind, whether the value is specific). Residences are not offices.
TAG_VALUE_KINDS: dict[str, tuple[str, bool]] = {
    "embassy": (K.EMBASSY, False),
    "yes": ("", False),
    "branch_embassy": (K.EMBASSY, True),
    "high_commission": (K.HIGH_COMMISSION, True),
    "consulate": (K.CONSULATE, False),
    "consulate_general": (K.CONSULATE_GENERAL, True),
    "consular_office": (K.CONSULATE, True),
    "vice_consulate": (K.VICE_CONSULATE, True),
    "consular_agency": (K.VICE_CONSULATE, True),
    "honorary_consulate": (K.HONORARY_CONSULATE, True),
    "honorary_consul": (K.HONORARY_CONSULATE, True),
    "honorary_consulate_general": (K.HONORARY_CONSULATE, True),
    "nunciature": (K.NUNCIATURE, True),
    "delegation": (K.DELEGATION, True),
    "permanent_mission": (K.PERMANENT_MISSION, True),
    "mission": (K.PERMANENT_MISSION, True),
    "interests_section": (K.INTERESTS_SECTION, True),
    "liaison": (K.LIAISON_OFFICE, False),
    "liaison_office": (K.LIAISON_OFFICE, True),
    "representative_office": (K.REPRESENTATIVE_OFFICE, True),
    "trade_office": (K.REPRESENTATIVE_OFFICE, True),
    # A subnational government's office abroad (Quebec, Flanders): the directory files those
    # as delegations, as the Wikidata types do.
    "subnational": (K.DELEGATION, True),
    "ambassadors_residence": (RESIDENCE, True),
    "residence": (RESIDENCE, True),
}
#: Tags read for the kind, most specific first.
KIND_TAGS = ("consulate", "embassy", "liaison", "diplomatic")
#: Kinds a name may refine a generic tag into, by the tag's kind.
_REFINABLE: dict[str, frozenset[str] | None] = {
    "": None,  # anything
    K.EMBASSY: None,  # `amenity=embassy` was long used for every kind of office
    K.CONSULATE: frozenset(
        {K.CONSULATE_GENERAL, K.VICE_CONSULATE, K.HONORARY_CONSULATE, K.CONSULATE}
    ),
    K.LIAISON_OFFICE: frozenset({K.REPRESENTATIVE_OFFICE, K.DELEGATION, K.LIAISON_OFFICE}),
}
#: Words in names beyond the lexicon's kind words, for the offices it files under "mission".
_EXTRA_NAME_KINDS: dict[str, tuple[str, ...]] = {
    K.REPRESENTATIVE_OFFICE: (
        "representative office",
        "representation office",
        "trade office",
        "economic and trade office",
        "economic and cultural office",
        "trade representation",
        "trade mission",
    ),
    K.LIAISON_OFFICE: ("liaison office",),
    K.INTERESTS_SECTION: ("interests section",),
    K.DELEGATION: ("delegation", "délégation", "delegación", "delegazione"),
}
#: The order in which a name's kind words decide: "Honorary Consul" before "Consul",
#: "Embassy of X, Consular Section" is the embassy.
_NAME_KIND_ORDER = (
    K.HONORARY_CONSULATE,
    K.CONSULATE_GENERAL,
    K.VICE_CONSULATE,
    K.HIGH_COMMISSION,
    K.NUNCIATURE,
    K.PERMANENT_MISSION,
    K.REPRESENTATIVE_OFFICE,
    K.LIAISON_OFFICE,
    K.INTERESTS_SECTION,
    K.DELEGATION,
    K.EMBASSY,
    K.CONSULATE,
)


@cache
def _name_kind_phrases() -> tuple[tuple[str, str], ...]:
    """(phrase key, kind) in deciding order; phrases from the lexicon's kind words."""
    phrases: list[tuple[str, str]] = []
    for kind in _NAME_KIND_ORDER:
        words = KIND_WORDS.get(str(kind), ()) + _EXTRA_NAME_KINDS.get(kind, ())
        # "ambassador" and "consul" name people; an office's name says "embassy".
        kept = [w for w in words if w not in {"ambassador", "embajador", "botschafter", "посол"}]
        phrases.extend((text.key(word), str(kind)) for word in kept)
    return tuple(phrases)


def kind_from_name(name: str) -> str:
    """The kind an office's name says ("High Commission of India" → high_commission), or "".

    A misspelt kind word ("High Commision") is read too, with as many typos as the search
    allows in a word of its length, and only for words of the Latin and Cyrillic scripts."""
    words = text.tokens(name)
    padded = f" {' '.join(words)} "
    folded = text.fold(name)
    for phrase, kind in _name_kind_phrases():
        if f" {phrase} " in padded or (text.is_cjk(phrase.replace(" ", "")) and phrase in folded):
            return kind
    for phrase, kind in _name_kind_phrases():
        size, allowed = phrase.count(" ") + 1, max_typos(len(phrase))
        if not allowed or not text.is_fuzzy_script(phrase):
            continue
        for start in range(len(words) - size + 1):
            candidate = " ".join(words[start : start + size])
            if Levenshtein.distance(candidate, phrase, score_cutoff=allowed) <= allowed:
                return kind
    return ""


def kind_from_tags(tags: Mapping[str, str], name: str, warnings: list[str]) -> str:
    """The office's kind from its tags and name; RESIDENCE for a residence; "" unknown."""
    tag_kind, specific = "", False
    for key in KIND_TAGS:
        value = tags.get(key, "").strip().lower()
        if not value:
            continue
        if value not in TAG_VALUE_KINDS:
            warnings.append(f"{key}={value!r} is not a value this reader knows; left aside")
            continue
        tag_kind, specific = TAG_VALUE_KINDS[value]
        if specific or tag_kind:
            break
    if not tag_kind and tags.get("amenity") == "embassy":
        tag_kind = K.EMBASSY
    if specific:
        return str(tag_kind)
    named = kind_from_name(name)
    allowed = _REFINABLE.get(tag_kind, frozenset())
    if named and (allowed is None or named in allowed):
        return named
    return str(tag_kind)


# --- Countries named in a name --------------------------------------------------------------

#: Languages whose CLDR country names are recognised in any office name, besides the name's
#: own `name:<lang>` tags: the UN languages and those of the countries with most missions.
NAME_LANGUAGES = (
    "en", "fr", "es", "de", "ru", "ar", "zh", "pt", "it", "nl", "ja", "tr", "ko", "id", "ms",
    "pl", "cs", "sv", "da", "nb", "fi", "el", "he", "fa", "hi", "th", "vi", "uk", "ro", "hu",
)  # fmt: skip
#: Words that are never a country in an office's name, though some language's CLDR table or
#: a demonym list spells one so.
_NOT_COUNTRIES = frozenset(
    {"embassy", "consulate", "office", "mission", "general", "high", "royal", "trade", "of"}
    # "Island" is Iceland in German and Danish: read there through the name:de tag only.
    | {"island", "islands"}
)


def _known_code(code: str) -> bool:
    return code in EXTRA_CODES or pycountry.countries.get(alpha_2=code) is not None


@cache
def _language_names(language: str) -> dict[str, str]:
    """CLDR's country names in one language, as keys → code; names two codes share dropped."""
    try:
        territories = Locale.parse(language).territories
    except (UnknownLocaleError, ValueError):
        return {}
    found: dict[str, set[str]] = {}
    for code, name in territories.items():
        if len(code) == 2 and code.isalpha() and _known_code(code):
            found.setdefault(text.key(name), set()).add(code)
    return {key: codes.pop() for key, codes in found.items() if len(codes) == 1 and key}


@cache
def _base_names() -> dict[str, str]:
    """Country names and adjectives in the main languages, as keys → code.

    English names win (pycountry's official names, the countries' own reference table, CLDR
    English); then the lexicon's aliases and demonyms ("Turkish Embassy", "Royal Thai
    Embassy"), then CLDR in NAME_LANGUAGES. A key two codes claim outside English is dropped.
    """
    index: dict[str, str] = {}
    for record in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(record, attr, None)
            if value:
                index.setdefault(text.key(value), record.alpha_2)
    for name, code in NAME_TO_ISO.items():
        index[text.key(name)] = code
    for key, code in _language_names("en").items():
        index.setdefault(key, code)
    claimed: dict[str, set[str]] = {}
    extra = [(code, alias) for code, alias in lexicon_sources.aliases()]
    # Abbreviations ("US", "UAE") are left out: in lower case they are ordinary words.
    extra = [(c, a) for c, a in extra if not (len(a) <= 4 and a.replace(".", "").isupper())]
    extra += [(code, form) for code, _language, form in lexicon_sources.demonyms()]
    extra += [
        (code, key)
        for language in NAME_LANGUAGES
        for key, code in _language_names(language).items()
    ]
    for code, name in extra:
        key = text.key(name)
        if key and key not in index and _known_code(code):
            claimed.setdefault(key, set()).add(code)
    index.update({key: codes.pop() for key, codes in claimed.items() if len(codes) == 1})
    for key in list(index):
        if key.startswith("the "):
            index.setdefault(key.removeprefix("the "), index[key])
    for word in _NOT_COUNTRIES:
        index.pop(word, None)
    return index


def countries_named(name: str, language: str = "") -> list[str]:
    """The codes of the states a name names as its owner, left to right, the place it is in
    left out ("Embassy of Spain in Singapore" → ["ES"])."""
    index = _base_names()
    local = _language_names(language) if language else {}
    known = set(index) | set(local)
    words: list[str] = []
    for token in text.tokens(name):
        words.extend(text.segment_unspaced(token, known) if text.is_cjk(token) else [token])
    for position, word in enumerate(words):
        if position and word in PLACE_WORDS:
            words = words[:position]
            break
    found: list[str] = []
    start = 0
    longest = 6
    while start < len(words):
        for size in range(min(longest, len(words) - start), 0, -1):
            key = " ".join(words[start : start + size])
            forms = [key]
            if size == 1:  # "Швеции" (of Sweden), "لإيران" (for Iran): the word's base forms
                forms += text.russian_base_forms(key) + text.arabic_base_forms(key)
            code = next((local.get(f) or index.get(f) for f in forms if f in known), "")
            if code:
                if code not in found:
                    found.append(code)
                start += size
                break
        else:
            start += 1
    return found


def country_label(code: str) -> str:
    """A state's English name and code for messages ("SV" → "El Salvador (SV)")."""
    english = Locale("en").territories.get(code)
    return f"{english} ({code})" if english else code


def _tag_code(value: str) -> str:
    """A `country=` value as a known code: alpha-2, alpha-3 or a name; "" otherwise."""
    upper = value.upper()
    if len(upper) == 2 and _known_code(upper):
        return upper
    if len(upper) == 3 and upper.isalpha():
        record = pycountry.countries.get(alpha_3=upper)
        return record.alpha_2 if record else ""
    named = countries_named(value)
    return named[0] if len(named) == 1 and text.key(value) in _base_names() else ""


def sending_code(tags: Mapping[str, str], kind: str, label: str, warnings: list[str]) -> str:
    """The sending state's code: the `country=` tag, unless the names name another state and
    not the tag's (then the names win, with a warning naming both); from the names when the
    tag is missing; the Holy See for a nunciature; "" with a warning when nothing says."""
    raw = tags.get("country", "").strip()
    values = [v.strip() for v in raw.split(";") if v.strip()]
    if len(values) > 1:
        warnings.append(f"country={raw!r} names several states; the first is read")
    tag_value = values[0] if values else ""
    tag = _tag_code(tag_value) if tag_value else ""
    named: list[str] = []
    for key, value in _name_texts(tags):
        for code in countries_named(value, key.partition(":")[2]):
            if code not in named:
                named.append(code)
    if kind == K.NUNCIATURE:
        if tag and tag != "VA":
            warnings.append(
                f"{label}: country={tag_value} is {country_label(tag)}, but an apostolic "
                "nunciature is the Holy See's (VA); VA is read"
            )
        return "VA"
    if tag and (not named or tag in named):
        return tag
    if named:
        why = (
            f"country={tag_value} is {country_label(tag)}"
            if tag
            else (f"country={tag_value!r} is not a country code" if tag_value else "")
        )
        if why:
            names = ", ".join(country_label(code) for code in named)
            warnings.append(f"{label}: {why}, but its name names {names}; {named[0]} is read")
        return named[0]
    if tag_value and not tag:
        warnings.append(f"{label}: country={tag_value!r} is not a country code; sender unknown")
    elif not tag:
        warnings.append(f"{label}: no country= tag and the name names no state; sender unknown")
    return tag


def _name_texts(tags: Mapping[str, str]) -> Iterator[tuple[str, str]]:
    for key in ("name", "official_name", "name:en"):
        if tags.get(key):
            yield key, tags[key]
    for key, value in tags.items():
        if key.startswith("name:") and key != "name:en" and value:
            yield key, value


# --- Tags → record ---------------------------------------------------------------------------

#: Countries that write the house number before the street ("10 Downing Street"); elsewhere it
#: follows the street ("Unter den Linden 76"), which is the more common order in the world.
NUMBER_FIRST = frozenset(
    "AU BD CA FR GB GH HK IE IL IN KE LK LU MO MY NG NZ PH PK SG TH US ZA".split()
)
_LANGUAGE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z]{2,8})*$")
_QID = re.compile(r"^Q[1-9][0-9]*$")


def _values(tags: Mapping[str, str], *keys: str) -> list[str]:
    """Every `;`-separated value of the given tags, in order, each once."""
    found: list[str] = []
    for key in keys:
        for value in tags.get(key, "").split(";"):
            if value.strip() and value.strip() not in found:
                found.append(value.strip())
    return found


def address_from_tags(tags: Mapping[str, str], host_code: str = "") -> AddressValue | None:
    street = tags.get("addr:street", "").strip() or tags.get("addr:place", "").strip()
    number = tags.get("addr:housenumber", "").strip()
    country = tags.get("addr:country", "").strip().upper()
    country = country if _known_code(country) else ""
    if street and number:
        first = (country or host_code) in NUMBER_FIRST
        street = f"{number} {street}" if first else f"{street} {number}"
    unit = tags.get("addr:unit", "").strip()
    if street and unit:
        street = f"{street}, {unit}"
    address = AddressValue(
        street_address=street,
        locality=tags.get("addr:city", "").strip(),
        region=(tags.get("addr:state") or tags.get("addr:province") or "").strip(),
        postal_code=tags.get("addr:postcode", "").strip(),
        country_code=country,
        text=tags.get("addr:full", "").strip(),
    )
    return None if address.is_empty() else address


def wikidata_from_tags(tags: Mapping[str, str], warnings: list[str]) -> str:
    """The mission's item: `subject:wikidata` (the office) before `wikidata` (which may be the
    building it is in). `operator:wikidata` is the sending state, never the mission."""
    for key in ("subject:wikidata", "wikidata"):
        value = tags.get(key, "").strip()
        if not value:
            continue
        if _QID.match(value):
            return value
        warnings.append(f"{key}={value!r} is not a Wikidata item; left out")
    return ""


@dataclass
class _Feature:
    index: int
    record_id: str
    latitude: float | None
    longitude: float | None
    tags: dict[str, str]
    where: str
    warnings: list[str] = field(default_factory=list)


def _record(feature: _Feature, host_code: str) -> ContactRecord | RowError:
    tags = feature.tags
    warnings = list(feature.warnings)
    name = (tags.get("name") or tags.get("name:en") or tags.get("official_name") or "").strip()
    label = f"{feature.record_id} {name!r}" if name else feature.record_id
    kind = kind_from_tags(tags, name, warnings)
    if kind == RESIDENCE:
        return SkippedFeature(feature.index, f"{label} is a residence, not an office: left out")
    if not kind:
        warnings.append(f"{label}: neither its tags nor its name say what kind of office it is")
    code = sending_code(tags, kind, label, warnings)
    # The house number goes before or after the street as the country where the office stands
    # writes it: known from --country, else from the point.
    standing = host_code
    if not standing and feature.latitude is not None and feature.longitude is not None:
        standing = country_code_at(feature.latitude, feature.longitude)
    address = address_from_tags(tags, standing)
    target = tags.get("target", "").strip()
    if len(target) == 2 and target.isalpha():
        target = target.upper()
    addr_country = address.country_code if address else ""
    phones = [PhoneValue(number) for number in _values(tags, "phone", "contact:phone")]
    faxes = _values(tags, "fax", "contact:fax")
    if len(faxes) > 1:
        warnings.append(f"{len(faxes)} fax numbers; the first is kept")
    email = next(
        (v for v in (_email(e, warnings) for e in _values(tags, "email", "contact:email")) if v),
        "",
    )
    website = ""
    for key in ("website", "contact:website", "url"):
        for value in _values(tags, key):
            website = website or _url(value, key, warnings)
    if feature.latitude is None:
        warnings.append(f"{label} has no coordinates")
    return ContactRecord(
        source=SOURCE_NAME,
        record_id=feature.record_id,
        record_url=RECORD_URL.format(feature.record_id),
        where=feature.where,
        name=name,
        sending_code=code,
        kind=kind,
        latitude=feature.latitude,
        longitude=feature.longitude,
        host_code=addr_country or host_code,
        target=target,
        city=address.locality if address else "",
        wikidata_id=wikidata_from_tags(tags, warnings),
        phones=phones,
        fax=faxes[0] if faxes else "",
        email=email,
        website=website,
        address=address,
        opening_hours=tags.get("opening_hours", "").strip(),
        names={
            key[5:]: value.strip()
            for key, value in tags.items()
            if key.startswith("name:") and _LANGUAGE.match(key[5:]) and value.strip()
        },
        warnings=warnings,
    )


@dataclass(frozen=True)
class SkippedFeature(RowError):
    """A feature read and left out on purpose (an ambassador's residence is not an office)."""


# --- Documents -------------------------------------------------------------------------------


def _tags(raw: Any) -> dict[str, str]:
    if not isinstance(raw, dict):
        return {}
    return {
        str(key): str(value)
        for key, value in raw.items()
        if isinstance(value, str | int | float) and not isinstance(value, bool)
    }


def _number(value: Any) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    return None


def _overpass_features(doc: dict[str, Any], where: str) -> Iterator[_Feature | RowError]:
    remark = str(doc.get("remark") or "")
    if "error" in remark.lower():
        # Overpass answers 200 with what it had when it ran out of time or memory.
        raise SourceFormatError(f"{where}: the Overpass API stopped early: {remark.strip()}")
    elements = doc["elements"]
    if not isinstance(elements, list):
        raise SourceFormatError(f"{where}: 'elements' is not a list")
    for index, element in enumerate(elements, start=1):
        place = f"{where}, element {index}"
        if not isinstance(element, dict):
            yield RowError(index, f"{place}: not an object")
            continue
        kind, number = element.get("type"), element.get("id")
        if kind not in ELEMENT_TYPES or not isinstance(number, int) or isinstance(number, bool):
            yield RowError(index, f"{place}: no node, way or relation id (type={kind!r})")
            continue
        point = element if kind == "node" else element.get("center") or {}
        if not isinstance(point, dict):
            point = {}
        lat, lon = _number(point.get("lat")), _number(point.get("lon"))
        given = point.get("lat") is not None or point.get("lon") is not None
        if given and (lat is None or lon is None):
            # NaN, infinity or text: a broken point, not a missing one.
            yield RowError(index, f"{place} ({kind}/{number}): coordinates are not numbers")
            continue
        if (lat is None) != (lon is None) or (lat is not None and not _in_range(lat, lon)):
            yield RowError(index, f"{place} ({kind}/{number}): coordinates out of range")
            continue
        yield _Feature(index, f"{kind}/{number}", lat, lon, _tags(element.get("tags")), place)


def _in_range(lat: float | None, lon: float | None) -> bool:
    return lat is not None and lon is not None and -90 <= lat <= 90 and -180 <= lon <= 180


#: GeoJSON properties that carry the feature's id, not an OSM tag.
_ID_PROPERTIES = ("full_id", "osm_id", "osm_type", "@id", "id")


def _feature_id(feature: dict[str, Any], properties: dict[str, Any]) -> str:
    """ "node/123" from the ids the exporters write: QuickOSM's `full_id` ("n123") or
    `osm_type` + `osm_id`, overpass-turbo's `@id` or the feature's own `id` ("node/123")."""
    full = str(properties.get("full_id") or "")
    if re.fullmatch(r"[nwr][1-9][0-9]*", full):
        return f"{_TYPE_LETTERS[full[0]]}/{full[1:]}"
    kind, number = properties.get("osm_type"), properties.get("osm_id")
    if kind in ELEMENT_TYPES and re.fullmatch(r"[1-9][0-9]*", str(number or "")):
        return f"{kind}/{number}"
    for value in (properties.get("@id"), feature.get("id"), properties.get("id")):
        if isinstance(value, str) and re.fullmatch(r"(node|way|relation)/[1-9][0-9]*", value):
            return value
    return ""


def _positions(coordinates: Any) -> Iterator[tuple[float, float]]:
    """Every position of a geometry's coordinates, however nested."""
    if (
        isinstance(coordinates, list)
        and len(coordinates) >= 2
        and all(_number(v) is not None for v in coordinates[:2])
    ):
        yield float(coordinates[0]), float(coordinates[1])
    elif isinstance(coordinates, list):
        for item in coordinates:
            yield from _positions(item)


def _centre(geometry: Any) -> tuple[float, float] | None:
    """A point's position, or the middle of a way's or area's bounding box (x, y)."""
    if not isinstance(geometry, dict):
        return None
    points = list(_positions(geometry.get("coordinates")))
    if not points:
        return None
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2


Reproject = Callable[[float, float], tuple[float, float]]


def _crs_name(doc: dict[str, Any]) -> str:
    crs = doc.get("crs")
    if not isinstance(crs, dict):
        return ""
    properties = crs.get("properties") or {}
    if crs.get("type") == "EPSG" and properties.get("code"):  # the 2008 draft's short form
        return f"EPSG:{properties['code']}"
    return str(properties.get("name") or "")


def _reprojection(doc: dict[str, Any], where: str) -> Reproject | None:
    """None for WGS 84 longitude/latitude; else a function from the file's x, y to lon, lat.

    GeoJSON (RFC 7946) is WGS 84; older files name another CRS in a `crs` member, as QGIS
    does for Web Mercator ("urn:ogc:def:crs:EPSG::3857"). Positions are always x then y.
    """
    name = _crs_name(doc)
    if not name:
        return None
    import pyproj

    try:
        source = pyproj.CRS.from_user_input(name)
    except pyproj.exceptions.CRSError:
        raise SourceFormatError(
            f"{where}: the 'crs' member names {name!r}, a coordinate reference system this "
            "reader does not know; export the file in WGS 84 (EPSG:4326) or EPSG:3857"
        ) from None
    wgs84 = pyproj.CRS.from_epsg(4326)
    if source.is_geographic and source.equals(wgs84, ignore_axis_order=True):
        return None
    transformer = pyproj.Transformer.from_crs(source, wgs84, always_xy=True)

    def reproject(x: float, y: float) -> tuple[float, float]:
        lon, lat = transformer.transform(x, y)
        return float(lon), float(lat)

    return reproject


def _geojson_features(doc: dict[str, Any], where: str) -> Iterator[_Feature | RowError]:
    features = doc["features"]
    if not isinstance(features, list):
        raise SourceFormatError(f"{where}: 'features' is not a list")
    reproject = _reprojection(doc, where)
    centres = [_centre(f.get("geometry")) if isinstance(f, dict) else None for f in features]
    declared = _crs_name(doc)
    if reproject is None:
        for index, centre in enumerate(centres, start=1):
            if centre is not None and not _in_range(centre[1], centre[0]) and declared:
                raise SourceFormatError(
                    f"{where}, feature {index}: coordinates ({centre[0]:.1f}, {centre[1]:.1f}) "
                    f"are not longitude and latitude, though the file declares {declared!r}; "
                    "metres like these are often Web Mercator (EPSG:3857)"
                )
            if centre is not None and not _in_range(centre[1], centre[0]):
                raise SourceFormatError(
                    f"{where}, feature {index}: coordinates ({centre[0]:.1f}, {centre[1]:.1f}) "
                    "are not longitude and latitude, and the file has no 'crs' member to say "
                    "what they are (metres like these are often Web Mercator): add "
                    '"crs": {"type": "name", "properties": {"name": '
                    '"urn:ogc:def:crs:EPSG::3857"}} or export in WGS 84'
                )
    for index, (feature, centre) in enumerate(zip(features, centres, strict=True), start=1):
        place = f"{where}, feature {index}"
        if not isinstance(feature, dict):
            yield RowError(index, f"{place}: not an object")
            continue
        properties = feature.get("properties") or {}
        if not isinstance(properties, dict):
            yield RowError(index, f"{place}: 'properties' is not an object")
            continue
        record_id = _feature_id(feature, properties)
        if not record_id:
            yield RowError(index, f"{place}: no OSM id (full_id, osm_type/osm_id or @id)")
            continue
        geometry = feature.get("geometry")
        if (
            centre is None
            and isinstance(geometry, dict)
            and geometry.get("coordinates") not in (None, [])
        ):
            yield RowError(index, f"{place} ({record_id}): coordinates are not numbers")
            continue
        lon = lat = None
        if centre is not None:
            lon, lat = reproject(*centre) if reproject else centre
            if not _in_range(lat, lon):
                yield RowError(index, f"{place} ({record_id}): coordinates out of range")
                continue
        tags = {k: v for k, v in _tags(properties).items() if k not in _ID_PROPERTIES}
        yield _Feature(index, record_id, lat, lon, tags, f"{place} ({record_id})")


def _once(features: Iterable[_Feature | RowError]) -> Iterator[_Feature | RowError]:
    """Each OSM id once: a feature that comes again (two query results merged) is read at its
    first place, with a warning saying where the others were."""
    kept: dict[str, _Feature] = {}
    items: list[_Feature | RowError] = []
    seen: dict[str, list[_Feature]] = {}
    for item in features:
        if isinstance(item, RowError):
            items.append(item)
            continue
        seen.setdefault(item.record_id, []).append(item)
        if item.record_id not in kept:
            kept[item.record_id] = item
            items.append(item)
    for record_id, copies in seen.items():
        if len(copies) > 1:
            first = copies[0]
            places = ", ".join(str(copy.index) for copy in copies)
            differ = any(
                (c.tags, c.latitude, c.longitude) != (first.tags, first.latitude, first.longitude)
                for c in copies[1:]
            )
            note = "; the later copies differ and were left aside" if differ else ""
            first.warnings.append(
                f"{record_id} appears {len(copies)} times in the input (entries {places}); "
                f"read once{note}"
            )
    yield from items


def read_document(
    data: bytes, where: str, *, host_code: str = ""
) -> list[ContactRecord | RowError]:
    """Every record of an Overpass JSON or GeoJSON document; SourceFormatError naming `where`
    when the document as a whole cannot be read."""
    try:
        doc = load_json(data)
    except JSONError as exc:
        raise SourceFormatError(f"{where}: {exc}") from None
    if isinstance(doc, dict) and "elements" in doc:
        features: Iterator[_Feature | RowError] = _overpass_features(doc, where)
    elif isinstance(doc, dict) and doc.get("type") == "FeatureCollection" and "features" in doc:
        features = _geojson_features(doc, where)
    else:
        raise SourceFormatError(
            f"{where}: neither Overpass JSON (an 'elements' list) nor a GeoJSON FeatureCollection"
        )
    return [
        item if isinstance(item, RowError) else _record(item, host_code)
        for item in _once(list(features))
    ]


def read_features(path: Path) -> Iterator[ContactRecord | RowError]:
    """The offices in an Overpass JSON or GeoJSON file; the whole file is checked before the
    first record is yielded."""
    try:
        data = fetch_bytes(str(path), max_bytes=MAX_BYTES)
    except FetchError as exc:
        raise SourceFormatError(f"{path}: {exc}") from None
    return iter(read_document(data, str(path)))


# --- Overpass API --------------------------------------------------------------------------

#: What OpenStreetMap tags diplomatic offices with, current and older.
OVERPASS_FILTERS = ('["office"="diplomatic"]', '["amenity"="embassy"]', '["diplomatic"]')


def _country_argument(country: str | None) -> str:
    code = (country or "").strip().upper()
    if country is not None and not re.fullmatch(r"[A-Z]{2}", code):
        raise ValueError(f"country must be an ISO 3166-1 alpha-2 code, got {country!r}")
    return code


def overpass_query(country: str | None) -> str:
    """Overpass QL for every diplomatic office in one country (ISO alpha-2) or the world:
    nodes, ways and relations, ways and relations with their centre."""
    code = _country_argument(country)
    scope = "(area.searchArea)" if code else ""
    lines = [f"[out:json][timeout:{QUERY_TIMEOUT_SECONDS}];"]
    if code:
        lines.append(f'area["ISO3166-1"="{code}"][admin_level=2]->.searchArea;')
    lines.append("(")
    lines.extend(f"  nwr{selector}{scope};" for selector in OVERPASS_FILTERS)
    lines.append(");")
    lines.append("out center tags;")
    return "\n".join(lines)


def fetch_features(
    country: str | None, *, endpoint: str, sleep: Callable[[float], object] = time.sleep
) -> list[ContactRecord | RowError]:
    """Ask the Overpass API at `endpoint` for the offices of one country (or all) and read the
    whole answer before returning: FetchError when it cannot be fetched, SourceFormatError
    when it cannot be read or the service stopped part way."""
    code = _country_argument(country)
    url = f"{endpoint}?{urlencode({'data': overpass_query(country)})}"
    data = polite_fetch(url, max_bytes=MAX_BYTES, sleep=sleep)
    where = f"{endpoint} ({code or 'worldwide'})"
    return read_document(data, where, host_code=code)
