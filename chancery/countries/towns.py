"""Town names in the reader's language.

Unicode CLDR names the cities of the time zones in every locale (through babel): "Moscou",
"Moskau", "Москва", "موسكو". For the towns where missions stand that no time zone is named
after (Washington, New Delhi, Geneva, the districts embassies cluster in), `data/towns.tsv`
gives their names, keyed on the town's Wikidata item and English label. A town known to neither keeps
the name its source gives, in English.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

from babel import Locale

from chancery.core import tables
from chancery.core.tables import TableError

TOWNS_FILE = Path(__file__).resolve().parent / "data" / "towns.tsv"
#: Languages whose names and cases of the towns are read by search only, one table each
#: (towns-pl.tsv: "w Wiedniu", "we Lwowie"; towns-sl.tsv: "na Dunaju", "v Münchnu";
#: towns-cs.tsv: "ve Vídni", "v Praze").
SEARCH_TOWN_LANGUAGES = ("pl", "sl", "cs")
TOWN_LANGUAGES = ("fr", "es", "de", "ru", "ar")
#: Languages of other scripts whose names of the towns search reads from one table
#: (towns-scripts.tsv: "ワシントン", "헤이그", "海牙"), with their common variants.
SCRIPT_TOWN_LANGUAGES = ("ja", "ko", "zh", "hi", "th")


class TownsTableError(TableError):
    """The towns table has a malformed line."""


def _rows(path: Path, columns: tuple[str, ...]) -> Iterator[tuple[int, list[str]]]:
    """A towns table's rows (qid, en, the `columns`, source), stripped, with their line
    numbers; a row of another width or with an empty cell is an error naming its line."""
    width = 2 + len(columns) + 1
    for number, cells in tables.rows(path):
        if len(cells) != width or not all(cell.strip() for cell in cells):
            raise TownsTableError(
                f"{path.name}, line {number}: expected {width} non-empty columns "
                f"(qid, en, {', '.join(columns)}, source), got {len(cells)}"
            )
        yield number, [cell.strip() for cell in cells]


@cache
def _table() -> tuple[dict[tuple[str, str], dict[str, str]], dict[str, dict[str, str]]]:
    """The table's names by (Wikidata item, English label), and by English label where only
    one row has it."""
    by_item: dict[tuple[str, str], dict[str, str]] = {}
    by_label: dict[str, dict[str, str]] = {}
    repeated: set[str] = set()
    for number, (item, english, *names, _source) in _rows(TOWNS_FILE, TOWN_LANGUAGES):
        row = {"en": english, **dict(zip(TOWN_LANGUAGES, names, strict=True))}
        if item != "-" and not (item.startswith("Q") and item[1:].isdigit()):
            raise TownsTableError(
                f"{TOWNS_FILE.name}, line {number}: qid must be a Wikidata item or '-', "
                f"got {item!r}"
            )
        by_item[(item, english)] = row
        if english in by_label and by_label[english] != row:
            repeated.add(english)
        by_label[english] = row
    for english in repeated:
        del by_label[english]
    return by_item, by_label


@cache
def _zone_countries() -> dict[str, str]:
    """Time zone → ISO country code, from the IANA zone table (the tzdata package)."""
    text = resources.files("tzdata").joinpath("zoneinfo/zone.tab").read_text(encoding="utf-8")
    zones: dict[str, str] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            country, _coordinates, zone, *_ = line.split("\t")
            zones[zone] = country
    return zones


def _exemplar_city(locale: Locale, zone: str) -> str | None:
    names = locale.time_zones.get(zone)
    return names.get("city") if names else None


@cache
def _cldr_cities() -> dict[tuple[str, str], str]:
    """(country code, English town name) → time zone, for the zones named after a town."""
    english = Locale("en")
    cities: dict[tuple[str, str], str] = {}
    for zone, country in _zone_countries().items():
        name = _exemplar_city(english, zone) or zone.rsplit("/", 1)[-1].replace("_", " ")
        cities[(country, name)] = zone
    return cities


def zone_towns() -> dict[tuple[str, str], str]:
    """(ISO country code, English town name) → the time zone named after that town, whose
    name CLDR gives in every locale (`Locale.time_zones`)."""
    return dict(_cldr_cities())


@lru_cache(maxsize=8192)
def town_name(english: str, item: str, country_codes: tuple[str, ...], language: str) -> str:
    """The town's name in `language`, else `english` as its source gives it.

    `item` is the town's Wikidata item (may be empty); `country_codes` the ISO codes of the
    places it may lie in (a territory and its state: Hong Kong's zone is filed under HK).
    """
    if language not in TOWN_LANGUAGES or not english:
        return english
    by_item, by_label = _table()
    row = by_item.get((item or "-", english)) or by_label.get(english)
    if row:
        return row[language]
    for code in country_codes:
        zone = _cldr_cities().get((code, english))
        if zone:
            return _exemplar_city(Locale(language), zone) or english
    return english


def table_rows() -> list[dict[str, str]]:
    """The towns table's rows: {"en", "fr", "es", "de", "ru", "ar"}, for search to read."""
    by_item, _ = _table()
    return list(by_item.values())


@cache
def search_forms(language: str) -> dict[str, set[str]]:
    """English town label → its name, genitive and locative (without the preposition) in one
    of `SEARCH_TOWN_LANGUAGES`."""
    from .forms import without_leading_words

    path = TOWNS_FILE.with_name(f"towns-{language}.tsv")
    out: dict[str, set[str]] = {}
    for _number, (_item, english, *written, _source) in _rows(path, ("name", "of", "where")):
        out.setdefault(english, set()).update(
            without_leading_words(form, language) for form in written
        )
    return out


def script_names() -> dict[str, set[str]]:
    """English town label → its names in `SCRIPT_TOWN_LANGUAGES` (towns-scripts.tsv), every
    spelling in common use ("キーウ", "キエフ")."""
    path = TOWNS_FILE.with_name("towns-scripts.tsv")
    out: dict[str, set[str]] = {}
    for _number, (_item, english, *columns, _source) in _rows(path, SCRIPT_TOWN_LANGUAGES):
        names = out.setdefault(english, set())
        for column in columns:
            names.update(
                name.strip() for name in column.split("|") if name.strip() not in ("", "-")
            )
    return out
