"""Reading for "who can help": the missions an answer needs, and `help_answer`, the one entry
point of the help page, the API and the pair page's help block."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Q
from django.utils import timezone

from chancery.countries.models import Country
from chancery.directory.models import Mission, MissionKind
from chancery.lexicon.selectors import city_coordinates

from .engine import answer
from .location import CountryInput, country_from, location_from
from .rules import RuleSet, rules
from .types import Answer, Point, Snapshot


def help_answer(
    nationality: CountryInput,
    *,
    country: CountryInput = None,
    city: str | None = None,
    latitude: float | None = None,
    longitude: float | None = None,
    other_nationality: CountryInput = None,
    permanent_resident: bool = False,
) -> Answer:
    """Who can help a person of this nationality where they are, best first.

    Countries are given as typed (ISO code, slug or name) or as a `Country` already found;
    where the person is, as `country` with an optional `city`, or as `latitude` and
    `longitude`. A missing or wrong value raises `AssistInputError` naming the parameter.
    """
    citizen = country_from(nationality, "nationality")
    location = location_from(country=country, city=city, latitude=latitude, longitude=longitude)
    other = country_from(other_nationality, "other_nationality") if other_nationality else None
    snapshot = snapshot_for(citizen, location.country, with_city_points=location.point is not None)
    return answer(
        citizen,
        location,
        snapshot,
        other_nationality=other,
        permanent_resident=permanent_resident,
    )


def _country_ids() -> dict[str, int]:
    rows = Country.objects.exclude(iso_alpha2=None).values_list("iso_alpha2", "id")
    return {code: pk for code, pk in rows if code is not None}  # None is excluded above


def _with_jurisdictions(missions: Iterable[Mission]) -> list[Mission]:
    missions = list(missions)
    through = Mission.jurisdictions.through
    ids: defaultdict[int, list[int]] = defaultdict(list)
    for mission_id, country_id in through.objects.filter(
        mission_id__in=[m.pk for m in missions]
    ).values_list("mission_id", "country_id"):
        ids[mission_id].append(country_id)
    for mission in missions:
        mission.jurisdiction_ids = ids.get(mission.pk, [])  # type: ignore[attr-defined]  # read by the snapshot (assist.types)
    return missions


def _city_points(missions: Iterable[Mission]) -> dict[int, Point]:
    """Where each mission without coordinates is, as far as its city's centre is known (looked
    up in the place it stands in, then in its host)."""
    centres: dict[tuple[str, int], Point | None] = {}
    points: dict[int, Point] = {}
    for mission in missions:
        if (mission.latitude is not None and mission.longitude is not None) or not mission.city:
            continue
        for country_id in dict.fromkeys((_place_id(mission), mission.host_country_id)):
            key = (mission.city, country_id)
            if key not in centres:
                found = city_coordinates(*key)
                centres[key] = Point(found[1], found[2]) if found is not None else None
            centre = centres[key]
            if centre is not None:
                points[mission.pk] = centre
                break
    return points


def _place_id(mission: Mission) -> int:
    return mission.territory_id or mission.host_country_id


def _standing_in(places: list[Country]) -> Q:
    """Missions that stand in one of these places (their territory, else their host)."""
    return Q(territory__in=places) | Q(territory=None, host_country__in=places)


def snapshot_for(
    nationality: Country,
    host: Country,
    ruleset: RuleSet | None = None,
    *,
    with_city_points: bool = False,
) -> Snapshot:
    """The missions one answer can use: the traveller's country's missions in or accredited to
    the place (and, for a territory, to the state it is part of), and, only when a sharing rule
    may apply, the partner states' missions there.

    `with_city_points` also places the missions without coordinates at their city's centre,
    which distances from a known position need.
    """
    ruleset = ruleset or rules()
    columns = ("sending_country", "host_country", "territory")
    sovereign = host.part_of if host.part_of_id is not None else None
    # For a territory: the state it is part of and the state's other territories too (a
    # German in Macau is served from the consulate-general in Hong Kong).
    places = (
        [
            host,
            *Country.objects.filter(Q(pk=sovereign.pk) | Q(part_of=sovereign)).exclude(pk=host.pk),
        ]
        if sovereign is not None
        else [host]
    )
    own = list(
        Mission.objects.active()
        .filter(_standing_in(places) | Q(jurisdictions__in=places), sending_country=nationality)
        .distinct()
        .select_related(*columns)
        .order_by("name", "wikidata_id")
    )
    id_by_code = _country_ids()
    nat_code, host_code = nationality.iso_alpha2 or "", host.iso_alpha2 or ""
    state_code = sovereign.iso_alpha2 or "" if sovereign is not None else host_code
    partners = {
        m.protecting
        for m in ruleset.mandates
        if m.protected == nat_code and m.applies_at(host_code, state_code)
    }
    represented = any(_place_id(m) == host.pk and MissionKind.is_career(m.kind) for m in own)
    if not represented:
        partners |= ruleset.eu_members(timezone.localdate())
        partners |= {
            a.provider
            for a in ruleset.sharing
            if nat_code in a.beneficiaries and a.applies_at(host_code, state_code)
        }
    partner_ids = [id_by_code[code] for code in partners if code in id_by_code]
    others = (
        list(
            Mission.objects.active()
            .filter(_standing_in([host]), sending_country_id__in=partner_ids)
            .exclude(sending_country=nationality)
            .select_related(*columns)
            .order_by("name", "wikidata_id")
        )
        if partner_ids
        else []
    )
    missions = _with_jurisdictions(own) + others
    points = _city_points(missions) if with_city_points else None
    return Snapshot.from_missions(missions, id_by_code, points)


def snapshot_all() -> Snapshot:
    """Every active mission (for coverage over all pairs, which asks for no distances)."""
    missions = (
        Mission.objects.active()
        .select_related("sending_country", "host_country", "territory")
        .only(
            "pk",
            "wikidata_id",
            "slug",
            "name",
            "names",
            "kind",
            "verified",
            "city",
            "latitude",
            "longitude",
            "sending_country",
            "host_country",
            "territory",
        )
        .order_by("name", "wikidata_id")
    )
    return Snapshot.from_missions(_with_jurisdictions(missions), _country_ids())
