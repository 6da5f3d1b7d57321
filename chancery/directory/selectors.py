"""Reads for the directory pages and the API: missions by host, sender, pair and slug; the
countries that have missions, with their counts; the options of the country pickers."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import groupby

from django.db.models import (
    CharField,
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    Q,
    QuerySet,
    Value,
)
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import (
    ASin,
    Coalesce,
    Cos,
    Least,
    NullIf,
    Power,
    Radians,
    Sin,
    Sqrt,
)

from chancery.core.fragments import cached_value
from chancery.core.geo import EARTH_RADIUS_KM
from chancery.core.language import page_language
from chancery.countries.models import NATIONALITY_KINDS, PLACE_KINDS, Country, localized
from chancery.countries.places import territories_of
from chancery.countries.resolution import sort_key

from .models import Mission, MissionKind, SourceLink
from .naming import NAMED_LANGUAGES, shown_name, town_in_language
from .source_values import SourcedValue
from .sourcing import PROVIDER_OF_SOURCE, SOURCED_FIELDS


def mission_sort_key(mission: Mission) -> tuple:
    """Order within a group: the office that can do the most comes first."""
    return (MissionKind.listing_rank(mission.kind), mission.city.casefold(), mission.name)


@dataclass(frozen=True, slots=True)
class CountryRef:
    """The little of a country a listing shows: its name and where its page is."""

    slug: str
    name: str


@dataclass(frozen=True, slots=True)
class MissionEntry:
    """One line of a listing, read without building model instances (a hub lists hundreds):
    the name and the town in the page's language."""

    slug: str
    name: str
    kind: str
    city: str
    latitude: float | None = None
    longitude: float | None = None


@dataclass
class MissionGroup:
    country: CountryRef
    missions: list[MissionEntry] = field(default_factory=list)


def _grouped(missions: QuerySet[Mission], prefix: str) -> list[MissionGroup]:
    """Missions grouped by the country behind `prefix` ("sending_country", or "territory":
    where they stand), the groups named and ordered in the language of the page."""
    language = page_language()
    # The country's name in the page's language, picked out of its JSON by the database.
    label = Coalesce(
        NullIf(KeyTextTransform(language, f"{prefix}__names"), Value("")),
        F(f"{prefix}__name"),
        output_field=CharField(),
    )
    query = missions.annotate(_label=label).values_list(
        "slug",
        "name",
        "kind",
        "city",
        "latitude",
        "longitude",
        f"{prefix}__slug",
        "_label",
        "names",
        "sending_country_id",
        "territory_id",
        "host_country_id",
        "city_wikidata_id",
    )
    rows = list(query.order_by())
    # The names of the places the missions' names are written with (none in English).
    countries = (
        Country.objects.only("id", "iso_alpha2", "slug", "name", "names", "kind").in_bulk(
            {row[i] for row in rows for i in (9, 10, 11) if row[i] is not None}
        )
        if language in NAMED_LANGUAGES
        else {}
    )
    entries = [_entry(row, countries, language) for row in rows]
    keys: dict[str, str] = {}
    rank = MissionKind.listing_rank

    def order(item: tuple[MissionEntry, str, str]) -> tuple:
        entry, _slug, shown_label = item
        country = keys.get(shown_label)
        if country is None:
            country = keys[shown_label] = sort_key(shown_label)
        return (country, rank(entry.kind), sort_key(entry.city), entry.name)

    ordered = sorted(
        ((entry, row[6], row[7]) for entry, row in zip(entries, rows, strict=True)), key=order
    )
    return [
        MissionGroup(CountryRef(slug, name), [entry for entry, _, _ in items])
        for (slug, name), items in groupby(ordered, key=lambda item: (item[1], item[2]))
    ]


def _entry(row: tuple, countries: dict[int, Country], language: str) -> MissionEntry:
    """A listing line with the mission's name and town in the page's language."""
    slug, name, kind, city, latitude, longitude, _, _, names, sender, territory, host, item = row
    if language not in NAMED_LANGUAGES:
        return MissionEntry(
            slug, (names or {}).get(language) or name, kind, city, latitude, longitude
        )
    place = countries[territory or host]
    town = (
        town_in_language(city, item, (place.iso_alpha2, countries[host].iso_alpha2), language)
        if city
        else ""
    )
    shown = shown_name(
        name=name,
        names=names or {},
        kind=kind,
        sender=countries[sender],
        place=place,
        town=town,
        english_town=city,
        language=language,
    )
    return MissionEntry(slug, shown, kind, town, latitude, longitude)


#: Mission statuses a filter may ask for; "all" includes withdrawn and closed missions.
STATUS_FILTERS = ("active", "withdrawn", "closed", "all")
#: The providers a `source` filter may name: the missions each one created (`Mission.source`
#: is the module that created the mission: "wikidata-csv", "wikidata-sparql", "osm").
SOURCE_FILTERS = ("wikidata", "osm")


def mission_sources_of(provider: str) -> tuple[str, ...]:
    """The `Mission.source` values of the missions `provider` created."""
    return tuple(source for source, of in PROVIDER_OF_SOURCE.items() if of == provider)


def mission_list(
    *,
    sending: Country | None = None,
    host: Country | None = None,
    located: Country | None = None,
    within: Country | None = None,
    kind: str | None = None,
    city: str | None = None,
    include_withdrawn: bool = False,
    status: str | None = None,
    bbox: tuple[float, float, float, float] | None = None,
    near: tuple[float, float] | None = None,
    radius_km: float | None = None,
    source: str | None = None,
) -> QuerySet[Mission]:
    """Missions filtered as the API and the exports allow.

    `host` is the host as the source gives it; `located` the place the missions stand in (Hong
    Kong for a consulate-general whose host is China); `within` a place and its territories.
    `bbox` is (min_lon, min_lat, max_lon, max_lat); `near` is (lat, lon) with `radius_km`,
    and orders by great-circle distance (annotated as `distance_km`). `source` ("osm",
    "wikidata") keeps the missions that provider created; missions created from OpenStreetMap
    (no QID, unverified) are listed with the others unless a filter says otherwise.
    """
    if status in (None, "") and not include_withdrawn:
        status = "active"
    missions = Mission.objects.all()
    if status and status != "all":
        missions = missions.filter(status=status)
    if sending is not None:
        missions = missions.filter(sending_country=sending)
    if host is not None:
        missions = missions.filter(host_country=host)
    if located is not None:
        missions = missions.filter(territory=located)
    if within is not None:
        missions = missions.filter(Q(territory=within) | Q(territory__part_of=within))
    if kind:
        missions = missions.filter(kind=kind)
    if city:
        missions = missions.filter(city__iexact=city.strip())
    if source:
        missions = missions.filter(source__in=mission_sources_of(source))
    if bbox is not None:
        min_lon, min_lat, max_lon, max_lat = bbox
        missions = missions.filter(latitude__gte=min_lat, latitude__lte=max_lat)
        if min_lon <= max_lon:
            missions = missions.filter(longitude__gte=min_lon, longitude__lte=max_lon)
        else:  # across the antimeridian
            missions = missions.filter(Q(longitude__gte=min_lon) | Q(longitude__lte=max_lon))
    missions = missions.select_related("sending_country", "host_country", "territory")
    if near is not None:
        lat, lon = near
        # Haversine in SQL (the same on SQLite and PostgreSQL); LEAST guards the rounding.
        phi1, lambda1 = math.radians(lat), math.radians(lon)
        dphi = Radians(F("latitude")) - phi1
        dlambda = Radians(F("longitude")) - lambda1
        a = Power(Sin(dphi / 2), 2) + math.cos(phi1) * Cos(Radians(F("latitude"))) * Power(
            Sin(dlambda / 2), 2
        )
        distance = ExpressionWrapper(
            2 * EARTH_RADIUS_KM * ASin(Sqrt(Least(Value(1.0), a))), output_field=FloatField()
        )
        missions = (
            missions.exclude(latitude=None).exclude(longitude=None).annotate(distance_km=distance)
        )
        if radius_km is not None:
            missions = missions.filter(distance_km__lte=radius_km)
        return missions.order_by("distance_km", "name", "pk")
    return missions.order_by("name", "pk")


def missions_in_host_grouped(host: Country) -> list[MissionGroup]:
    """The active foreign missions standing in `host` (not in its territories), grouped by
    sending country."""
    return _grouped(mission_list(located=host), "sending_country")


@dataclass
class TerritoryListing:
    """The missions standing in one of a state's territories, for the state's hub."""

    territory: Country
    groups: list[MissionGroup]


def missions_in_territories_grouped(state: Country) -> list[TerritoryListing]:
    """For each territory of `state` where foreign missions stand (Hong Kong and Macau for
    China), those missions grouped by sending country; territories in alphabetical order."""
    territories = sorted(
        Country.objects.filter(part_of=state, missions_located__status="active").distinct(),
        key=lambda territory: sort_key(territory.label),
    )
    return [
        TerritoryListing(territory, missions_in_host_grouped(territory))
        for territory in territories
    ]


def missions_from_sender_grouped(sender: Country) -> list[MissionGroup]:
    """The active missions `sender` keeps abroad, grouped by the place each stands in (Hong
    Kong, not China, for its consulate-general there)."""
    return _grouped(mission_list(sending=sender), "territory")


def missions_accredited_to(sender: Country, host: Country) -> list[Mission]:
    """Missions of `sender` outside `host` that are accredited to `host`."""
    missions = (
        Mission.objects.active()
        .filter(sending_country=sender, jurisdictions=host)
        .exclude(territory=host)
        .select_related("sending_country", "host_country", "territory")
        .distinct()
    )
    return sorted(missions, key=mission_sort_key)


@dataclass
class PairResult:
    sender: Country
    host: Country
    #: The sender's missions standing in `host`.
    resident: list[Mission]
    #: When there are none: its missions elsewhere accredited to `host`.
    accredited: list[Mission]
    #: For a state: the sender's missions in its territories (Hong Kong for China).
    in_territories: list[Mission] = field(default_factory=list)
    #: For a territory where the sender has none: its missions in the sovereign state.
    in_sovereign: list[Mission] = field(default_factory=list)


def mission_pair(sender: Country, host: Country) -> PairResult:
    resident = sorted(mission_list(sending=sender, located=host), key=mission_sort_key)
    accredited = [] if resident else missions_accredited_to(sender, host)
    in_territories: list[Mission] = []
    if host.iso_alpha2 and territories_of(host.iso_alpha2):  # known without a query
        in_territories = sorted(
            mission_list(sending=sender).filter(territory__part_of=host),
            key=lambda m: (sort_key(m.located_in.label), *mission_sort_key(m)),
        )
    in_sovereign: list[Mission] = []
    if not resident and host.part_of_id is not None:
        in_sovereign = sorted(
            mission_list(sending=sender, located=host.part_of), key=mission_sort_key
        )
    return PairResult(sender, host, resident, accredited, in_territories, in_sovereign)


def mission_get(slug: str) -> Mission | None:
    return (
        Mission.objects.select_related(
            "sending_country", "host_country", "territory__part_of", "last_import_run"
        )
        .prefetch_related("jurisdictions")
        .filter(slug=slug)
        .first()
    )


def mission_get_by_wikidata_id(wikidata_id: str) -> Mission | None:
    return (
        Mission.objects.select_related("sending_country", "host_country")
        .prefetch_related("jurisdictions")
        .filter(wikidata_id=wikidata_id.upper())
        .first()
    )


_QID = re.compile(r"[Qq][1-9][0-9]*")


def mission_get_by_public_id(public_id: str) -> Mission | None:
    """A mission by its id in the API (`Mission.public_id`): its QID (any case), or the slug
    of a mission that has no QID (one created from OpenStreetMap). A mission with a QID is not
    found by its slug: each mission has one id. Its sources come prefetched."""
    if _QID.fullmatch(public_id):
        lookup = Q(wikidata_id=public_id.upper())
    else:
        lookup = Q(slug=public_id, wikidata_id=None)
    return (
        Mission.objects.select_related("sending_country", "host_country", "territory")
        .prefetch_related("jurisdictions", "source_links__values")
        .filter(lookup)
        .first()
    )


@dataclass(frozen=True)
class FieldSource:
    """One source's value for one field of a mission, and whether it is the value shown."""

    value: SourcedValue
    shown: bool


def sourced_values_of(links: Iterable[SourceLink]) -> list[SourcedValue]:
    """The values of a mission's links, read from `source_links__values` when prefetched."""
    return [
        SourcedValue(
            link.source,
            link.record_id,
            link.record_url,
            link.fetched_at,
            value.field,
            value.value,
            value.language,
        )
        for link in links
        for value in link.values.all()
    ]


def _shows(mission: Mission, value: SourcedValue) -> bool:
    """Whether the mission holds `value`, compared on what the import stores as given (the
    number as written, the address in parts), not on what it derives from it."""
    given = value.value
    if value.field == "names":
        return bool(value.language) and mission.names.get(value.language) == given
    if value.field == "phones":
        shown = [(str(p.get("raw", "")), str(p.get("label") or "")) for p in mission.phones or []]
        return shown == [
            (str(item.get("number", "")), str(item.get("label") or "")) for item in given or []
        ]
    if value.field == "address":
        return mission.address_parts == {k: str(v) for k, v in (given or {}).items() if v}
    if value.field == "coordinates":
        return bool(given) and [mission.latitude, mission.longitude] == list(given)
    if value.field in ("fax", "email", "website", "opening_hours", "city"):
        return getattr(mission, value.field) == (given or "")
    return False


def mission_field_sources(
    mission: Mission, values: Iterable[SourcedValue]
) -> dict[str, list[FieldSource]]:
    """Field → every source's value for it, the value the mission shows first, then the others
    by precedence (`sourcing.PRECEDENCE`; within one provider, the record fetched last).

    The value shown is read from the mission itself rather than assumed from the ranks: an
    editor's value (no source's) or a stored value kept because a source's new one was refused
    is shown while no source gives it, and then no value is marked shown. Names are by language:
    one shown per language."""
    groups: dict[tuple[str, str], list[SourcedValue]] = {}
    for value in sorted(values, key=lambda v: v.sort_key):
        groups.setdefault((value.field, value.language), []).append(value)
    by_field: dict[str, list[FieldSource]] = {}
    for (name, _), ranked in sorted(groups.items(), key=lambda item: _field_order(*item[0])):
        shown = next((v for v in ranked if _shows(mission, v)), None)
        listed = by_field.setdefault(name, [])
        if shown is not None:
            listed.append(FieldSource(shown, True))
        listed.extend(FieldSource(v, False) for v in ranked if v is not shown)
    return by_field


def _field_order(name: str, language: str) -> tuple[int, str]:
    order = SOURCED_FIELDS.index(name) if name in SOURCED_FIELDS else len(SOURCED_FIELDS)
    return (order, language)


def directory_counts() -> dict[str, int]:
    active = Mission.objects.active()
    return {
        "missions": active.count(),
        "senders": active.values("sending_country").distinct().count(),
        "hosts": active.values("territory").distinct().count(),
    }


def host_hub_slugs() -> list[str]:
    """The host hubs with something to show: every place where active missions stand (Hong
    Kong, New Caledonia), and every host the source names (China's hub shows its missions in
    Hong Kong in their own group). Sorted slugs."""
    active = Mission.objects.active().order_by()
    places = set(active.exclude(territory=None).values_list("territory__slug", flat=True))
    places |= set(active.values_list("host_country__slug", flat=True))
    return sorted(places)


def sender_hub_slugs() -> list[str]:
    """The sender hubs with something to show: every country with an active mission. Sorted."""
    active = Mission.objects.active().order_by()
    return sorted(set(active.values_list("sending_country__slug", flat=True)))


def pair_slugs() -> list[tuple[str, str]]:
    """The (sender, host) pairs whose page has something to say: the sender has an active
    mission standing in the host (its territory or its state) or accredited to it. Sorted."""
    active = Mission.objects.active().order_by()
    pairs = set(
        active.exclude(territory=None).values_list("sending_country__slug", "territory__slug")
    )
    pairs |= set(active.values_list("sending_country__slug", "host_country__slug"))
    through = Mission.jurisdictions.through
    pairs |= set(
        through.objects.filter(mission__in=active).values_list(
            "mission__sending_country__slug", "country__slug"
        )
    )
    return sorted((sender, host) for sender, host in pairs if sender != host)


def country_list_places() -> list[Country]:
    """States and territories, each with `hosted` and `sent`: its counts of active missions,
    in the alphabetical order of their names in the page's language. A mission is counted
    once, in the place it stands in (Hong Kong, not China)."""
    active = Mission.objects.active().order_by()
    hosted = dict(active.values("territory").annotate(n=Count("id")).values_list("territory", "n"))
    sent = dict(
        active.values("sending_country").annotate(n=Count("id")).values_list("sending_country", "n")
    )
    places = list(
        Country.objects.filter(kind__in=PLACE_KINDS)
        .select_related("part_of")
        .only(
            "id",
            "slug",
            "name",
            "names",
            "kind",
            "iso_alpha2",
            "part_of__id",
            "part_of__slug",
            "part_of__name",
            "part_of__names",
        )
    )
    places.sort(key=lambda country: sort_key(country.label))
    for place in places:
        place.hosted = hosted.get(place.pk, 0)  # type: ignore[attr-defined]  # counts for the places page
        place.sent = sent.get(place.pk, 0)  # type: ignore[attr-defined]  # counts for the places page
    return places


def country_choices(
    *,
    sending: bool = False,
    places: bool = False,
    coded: bool = False,
    nationalities: bool = False,
) -> list[tuple[str, str]]:
    """The options of a country picker, as (slug, name) pairs: named in the page's language and
    in its alphabetical order, kept per data version and language (pickers hold some 250).

    `sending`: only countries with an active mission abroad (senders, whose pages list them);
    `nationalities`: states and polities whose people hold their passport (Taiwan, Kosovo,
    Palestine), not sub-national or institutional senders; `places`: only states and
    territories (where a traveller can be); `coded`: only those with an ISO code.
    """
    return cached_value(
        "country-choices",
        (sending, places, coded, nationalities),
        lambda: _country_choices(
            sending=sending, places=places, coded=coded, nationalities=nationalities
        ),
    )


def _country_choices(
    *, sending: bool, places: bool, coded: bool, nationalities: bool
) -> list[tuple[str, str]]:
    countries = Country.objects.all()
    if sending:
        countries = countries.filter(pk__in=Mission.objects.active().values("sending_country"))
    if nationalities:
        countries = countries.filter(kind__in=NATIONALITY_KINDS)
    if places:
        countries = countries.filter(kind__in=PLACE_KINDS)
    if coded:
        countries = countries.exclude(iso_alpha2=None)
    language = page_language()
    named = [
        (slug, localized(name, names, language))
        for slug, name, names in countries.values_list("slug", "name", "names")
    ]
    return sorted(named, key=lambda option: sort_key(option[1]))
