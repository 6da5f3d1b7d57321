"""Building the vocabulary: the project's word lists, every name of every country (the
database's, CLDR's, pycountry's and the project's tables), the GeoNames cities, the missions' own
city labels and the regions of the places table.

Slow and memory-hungry (see `isolated`, which runs it in a child process); the result is a
compact `Lexicon`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from chancery.core.geo import great_circle_km

from . import sources, text, vocabulary
from .lexicon import (
    ARTICLE,
    CITY,
    COUNTRY,
    DEMONYM,
    FILLER,
    FUNCTION_TYPES,
    HOST,
    INTENT,
    KIND,
    SENDING,
    City,
    CountryRow,
    Lexicon,
    Reading,
)

#: Languages whose country names are also matched approximately (typos) and by stem.
FUZZY_LANGUAGES = ("en", "fr", "es", "de", "ru", "it", "pt", "nl")
#: Abbreviations that are only country names when typed in capitals.
LOWERCASE_WORDS = frozenset({"car", "dr", "eau", "vs", "vk", "ee", "uu", "ue", "ca", "ma", "ir"})
#: Arabic adjectives take the article of their noun ("السفارة المصرية").
ARABIC_ARTICLE = "ال"
#: Entities that are not countries (a province, an organisation) are weaker readings of a name.
MINOR_KINDS = frozenset({"subnational", "other", "international_organisation"})


class LexiconBuilder:
    def __init__(self) -> None:
        self.exact: defaultdict[str, dict[tuple[str, int | str], float]] = defaultdict(dict)
        self.stems: defaultdict[tuple[str, str], dict[tuple[str, int | str], float]] = defaultdict(
            dict
        )
        self.fuzzy_keys: set[str] = set()
        self.codes: dict[str, int] = {}
        self.cities: list[City] = []
        self.cjk_abbreviations: dict[str, str] = {}

    def add(
        self,
        name: str,
        reading_type: str,
        target: int | str,
        weight: float = 1.0,
        *,
        languages: Iterable[str] = (),
        fuzzy: bool = False,
    ) -> None:
        name_key = text.key(name)
        if not name_key:
            return
        for variant in text.chinese_variants(name):
            self.exact[text.key(variant)].setdefault((reading_type, target), weight)
        slot = self.exact[name_key]
        current = slot.get((reading_type, target), 0.0)
        slot[(reading_type, target)] = max(current, weight)
        words = text.raw_tokens(name)
        if words and all(word.isalpha() for word in words):
            cyrillic = text.is_cyrillic(name)
            for language in languages:
                if language not in text.STEMMED_LANGUAGES or (language == "ru") != cyrillic:
                    continue
                for variant in text.stem_variants(words, language):
                    if len(variant) < 4:
                        continue
                    stem_slot = self.stems[(language, variant)]
                    previous = stem_slot.get((reading_type, target), 0.0)
                    stem_slot[(reading_type, target)] = max(previous, weight)
        if fuzzy and len(name_key) >= 4 and text.is_fuzzy_script(name_key):
            self.fuzzy_keys.add(name_key)

    def build(self) -> Lexicon:
        shared: dict[tuple[str, int | str, float], Reading] = {}

        def reading(reading_type: str, target: int | str, weight: float) -> Reading:
            # One object per distinct reading: a city's twenty names share it.
            slot = (reading_type, target, weight)
            found = shared.get(slot)
            if found is None:
                found = shared[slot] = Reading(reading_type, target, weight)
            return found

        def ordered(readings: list[Reading]) -> tuple[Reading, ...]:
            return tuple(sorted(readings, key=lambda r: (-r.weight, r.type, str(r.target))))

        # Function words win over names that happen to be spelt the same in some language
        # ("in", "of", "de"): those names are dropped from single-word keys.
        exact: dict[str, tuple[Reading, ...]] = {}
        for name_key, readings in self.exact.items():
            types = {reading_type for reading_type, _ in readings}
            has_function = bool(types & FUNCTION_TYPES)
            exact[name_key] = ordered(
                [
                    reading(reading_type, target, weight)
                    for (reading_type, target), weight in readings.items()
                    if not (
                        has_function
                        and (reading_type == CITY or (reading_type == COUNTRY and weight < 1.0))
                    )
                ]
            )
        self.exact.clear()
        stems = {
            stem_key: ordered([reading(t, target, w) for (t, target), w in readings.items()])
            for stem_key, readings in self.stems.items()
        }
        self.stems.clear()
        fuzzy: defaultdict[tuple[int, int], list[str]] = defaultdict(list)
        fuzzy_readings: dict[str, tuple[Reading, ...]] = {}
        for name_key in sorted(self.fuzzy_keys):
            names = tuple(r for r in exact.get(name_key, ()) if r.type not in FUNCTION_TYPES)
            if not names:
                continue
            fuzzy[(name_key.count(" ") + 1, len(name_key))].append(name_key)
            fuzzy_readings[name_key] = names
        cjk = frozenset(k for k in exact if k and text.is_cjk(k.replace(" ", "")))
        return Lexicon(
            exact=exact,
            stems=stems,
            codes=dict(self.codes),
            cities=self.cities,
            cjk_keys=cjk,
            cjk_abbreviations=dict(self.cjk_abbreviations),
            fuzzy=dict(fuzzy),
            fuzzy_readings=fuzzy_readings,
        )


def _add_vocabulary(builder: LexiconBuilder) -> None:
    for kind, words in vocabulary.KIND_WORDS.items():
        for word in words:
            builder.add(word, KIND, kind, fuzzy=True, languages=text.STEMMED_LANGUAGES)
    for word, weight in vocabulary.HOST_MARKERS.items():
        builder.add(word, HOST, "host", weight)
    for word in vocabulary.SENDING_MARKERS:
        builder.add(word, SENDING, "sending")
    for word in vocabulary.CONSULAR_INTENT:
        builder.add(word, INTENT, "consular")
    for word in vocabulary.ARTICLES:
        builder.add(word, ARTICLE, "article")
    for word in vocabulary.FILLER:
        builder.add(word, FILLER, "filler")


def _add_countries(builder: LexiconBuilder, countries: list[CountryRow]) -> dict[str, int]:
    by_iso: dict[str, int] = {}
    by_code = {country.iso_alpha2: country for country in countries if country.iso_alpha2}
    for character, code in sources.cjk_abbreviations():
        if code in by_code:
            found = by_code[code]
            builder.cjk_abbreviations[character] = text.key(found.names.get("zh") or found.name)
    for country in countries:
        if country.iso_alpha2:
            by_iso[country.iso_alpha2] = country.id
            builder.codes[country.iso_alpha2] = country.id
        if country.iso_alpha3:
            builder.codes[country.iso_alpha3] = country.id
        weight = 0.6 if country.kind in MINOR_KINDS else 1.0
        builder.add(country.name, COUNTRY, country.id, weight, fuzzy=True, languages=("en",))
        for language, name in country.names.items():
            builder.add(
                name,
                COUNTRY,
                country.id,
                weight,
                languages=(language,),
                fuzzy=language in FUZZY_LANGUAGES,
            )
        for alias in country.aliases:
            builder.add(alias, COUNTRY, country.id, 0.95 * weight, fuzzy=True, languages=("en",))
    for code, names in sources.country_names().items():
        country_id = by_iso.get(code)
        if country_id is None:
            continue
        for name in names:
            builder.add(name, COUNTRY, country_id, 0.9)
    for code, alias in sources.aliases():
        country_id = by_iso.get(code)
        if country_id is None:
            continue
        if len(alias) <= 4 and alias.replace(".", "").isupper():
            builder.codes.setdefault(alias.replace(".", ""), country_id)
            # Common abbreviations are also typed in lower case ("us consulate", "uae"),
            # unless that spelling is an ordinary word ("car", "eau", "dr").
            if text.key(alias) not in LOWERCASE_WORDS:
                builder.add(alias, COUNTRY, country_id, 0.95)
            continue
        builder.add(alias, COUNTRY, country_id, 1.0, fuzzy=True, languages=FUZZY_LANGUAGES)
    for code, language, form in sources.demonyms():
        country_id = by_iso.get(code)
        if country_id is None:
            continue
        builder.add(form, DEMONYM, country_id, fuzzy=True, languages=(language,))
        if language == "ar":
            # "السفارة المصرية": the adjective takes the article with its noun.
            builder.add(f"{ARABIC_ARTICLE}{form}", DEMONYM, country_id)
            words = form.split()
            if len(words) > 1:  # "الكوري الجنوبي"
                builder.add(" ".join(ARABIC_ARTICLE + word for word in words), DEMONYM, country_id)
    return by_iso


def _add_cities(
    builder: LexiconBuilder,
    by_iso: dict[str, int],
    mission_places: list[tuple[str, int, float | None, float | None]],
) -> None:
    """GeoNames cities, the missions' own city labels, and regions from the places table.

    Cities near a mission can be matched approximately; the others only exactly.
    """
    mission_points: defaultdict[tuple[int, int], list[tuple[float, float]]] = defaultdict(list)
    for _, _, lat, lon in mission_places:
        if lat is not None and lon is not None:
            mission_points[(round(lat), round(lon))].append((lat, lon))

    def near_a_mission(lat: float, lon: float) -> bool:
        for dlat in (-1, 0, 1):
            for dlon in (-1, 0, 1):
                for mlat, mlon in mission_points.get((round(lat) + dlat, round(lon) + dlon), ()):
                    if great_circle_km(lat, lon, mlat, mlon) <= 30:
                        return True
        return False

    # A mission's city label, also without administrative words ("Narva City" → "narva").
    labels = {(text.key(label), host) for label, host, _, _ in mission_places if label}
    labels |= {(text.place_core(label), host) for label, host, _, _ in mission_places if label}
    function_words = {
        key
        for key, readings in builder.exact.items()
        if any(reading_type in FUNCTION_TYPES for reading_type, _ in readings)
    }
    known: dict[tuple[str, int], int] = {}
    for record in sources.gazetteer_cities():
        country_id = by_iso.get(record.iso2)
        if country_id is None:
            continue
        city = City(
            id=len(builder.cities),
            name=record.name,
            country_id=country_id,
            latitude=record.latitude,
            longitude=record.longitude,
            population=record.population,
        )
        builder.cities.append(city)
        hosts_missions = (text.key(record.name), country_id) in labels or near_a_mission(
            record.latitude, record.longitude
        )
        builder.add(record.name, CITY, city.id, fuzzy=hosts_missions, languages=("ru",))
        if hosts_missions and text.key(record.name).startswith("the "):
            # "The Hague" is typed "Hague" too, and misspelt there ("the hauge").
            builder.add(record.name[4:], CITY, city.id, 0.95, fuzzy=True)
        known.setdefault((text.key(record.name), country_id), city.id)
        every_script = hosts_missions or record.population >= sources.ALL_NAMES_POPULATION
        for name in record.alternate_names:
            words = text.tokens(name)
            if words and words[-1] in function_words:
                continue  # romanisations such as "Ch in" would swallow "CH in …"
            if every_script or name.isascii():
                builder.add(name, CITY, city.id, 0.95, languages=("ru",))
                known.setdefault((text.key(name), country_id), city.id)
    for label, country_id, lat, lon in mission_places:
        if not label or (text.key(label), country_id) in known:
            continue
        same = known.get((text.place_core(label), country_id))
        if same is not None:  # "Narva City" is GeoNames' Narva
            known[(text.key(label), country_id)] = same
            builder.add(label, CITY, same, fuzzy=True, languages=("ru",))
            continue
        city = City(len(builder.cities), label, country_id, lat, lon, population=0)
        builder.cities.append(city)
        known[(text.key(label), country_id)] = city.id
        builder.add(label, CITY, city.id, fuzzy=True, languages=("ru",))
    for place in sources.places():
        country_id = by_iso.get(place.iso2)
        if country_id is None:
            continue
        city = City(
            id=len(builder.cities),
            name=place.names[0],
            country_id=country_id,
            latitude=place.latitude,
            longitude=place.longitude,
            population=0,
            radius_km=max(place.radius_km, 20.0),
            is_region=True,
            main_city=place.main_city,
        )
        builder.cities.append(city)
        for name in place.names:
            builder.add(name, CITY, city.id, fuzzy=True, languages=("ru",))


def build_lexicon(
    countries: list[CountryRow],
    mission_places: list[tuple[str, int, float | None, float | None]],
) -> Lexicon:
    """The whole vocabulary. `mission_places`: (city label, host id, lat, lon) per mission."""
    builder = LexiconBuilder()
    _add_vocabulary(builder)
    by_iso = _add_countries(builder, countries)
    _add_cities(builder, by_iso, mission_places)
    return builder.build()
