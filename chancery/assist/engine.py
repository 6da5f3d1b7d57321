"""Who can help a person of a given nationality where they are: the rules, in order.

1. Their own country's resident missions there (embassy, high commission, consulates), nearest
   first when the location is known.
   In a territory (Hong Kong, Martinique), its missions there, then its honorary consuls
   there, then its missions in the state the territory is part of.
2. Its missions elsewhere accredited to that country.
3. Consular sharing: the EU rule for unrepresented EU citizens (Directive (EU) 2015/637),
   arrangements such as Canada and Australia's, and protecting powers.
4. Its honorary consulates there, with their limits and the career mission that supervises them.
5. The home ministry's 24/7 consular emergency line.

`answer` reads nothing: it works on a `Snapshot` of the missions that matter (see
`selectors`), so that one request reads a few hundred missions and `assist_coverage` can answer
every pair from one snapshot of all of them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone

from chancery.core.geo import great_circle_km
from chancery.countries.models import Country
from chancery.countries.places import place_fact, territories_of
from chancery.directory.models import CONSULAR_KINDS, Mission, MissionKind

from . import presenters as say
from .rules import RuleSet, rules
from .types import Answer, Location, Option, Point, Rule, Snapshot

#: How many other states' missions the EU rule lists.
EU_OPTIONS = 6
#: How many career consulates in a territory's state an answer lists besides its embassy.
#: A consulate's district seldom reaches an overseas territory, and beyond the nearest two
#: each one is farther and less likely to serve it; the embassy answers for the whole state.
SOVEREIGN_CONSULATES = 2


def _distance(mission: Mission, point: Point | None, snapshot: Snapshot) -> float | None:
    """Great-circle distance from the person; for a mission without coordinates, from its
    city's centre."""
    if point is None:
        return None
    latitude, longitude = mission.latitude, mission.longitude
    if latitude is None or longitude is None:
        centre = snapshot.city_points.get(mission.pk)
        if centre is None:
            return None
        latitude, longitude = centre.latitude, centre.longitude
    return round(great_circle_km(point.latitude, point.longitude, latitude, longitude), 1)


def _ordered(
    missions: Iterable[Mission], point: Point | None, snapshot: Snapshot
) -> list[tuple[Mission, float | None]]:
    """Nearest first when the point is known (missions without coordinates last), else the
    embassy before the consulates."""
    rank = MissionKind.help_rank
    pairs = [(m, _distance(m, point, snapshot)) for m in missions]
    if point is not None:
        return sorted(pairs, key=lambda p: (p[1] is None, p[1] or 0.0, rank(p[0].kind), p[0].name))
    return sorted(pairs, key=lambda p: (rank(p[0].kind), p[0].name))


def _career(missions: Iterable[Mission]) -> list[Mission]:
    return [m for m in missions if MissionKind.is_career(m.kind)]


def answer(
    nationality: Country,
    location: Location,
    snapshot: Snapshot,
    *,
    other_nationality: Country | None = None,
    permanent_resident: bool = False,
    ruleset: RuleSet | None = None,
    today: dt.date | None = None,
) -> Answer:
    """The places that can help, best first, each with the rule that found it.

    In a territory (Hong Kong, Martinique) the sender's missions there come first, then its
    honorary consuls there, then its missions in the state the territory is part of; the
    sharing rules follow with the territory's own legal status (`territory_status.toml`).
    """
    ruleset = ruleset or rules()
    today = today or timezone.localdate()
    place = location.country
    sovereign = location.sovereign
    point = location.point
    result = Answer(nationality=nationality, location=location)
    code_of = {v: k for k, v in snapshot.id_by_code.items()}

    if nationality.pk == place.pk or (sovereign is not None and nationality.pk == sovereign.pk):
        result.caveats.append(say.own_country_caveat(place))
        return result

    own = snapshot.by_pair.get((nationality.pk, place.pk), [])
    resident = _career(own)
    for mission, distance in _ordered(resident, point, snapshot):
        result.options.append(
            Option(Rule.RESIDENT, mission, distance, say.resident_note(mission, nationality))
        )
    honorary = [m for m in own if m.kind == MissionKind.HONORARY_CONSULATE]
    in_sovereign = (
        _in_sovereign(nationality, place, sovereign, snapshot, point, location.centre)
        if sovereign
        else []
    )

    accredited: list[Mission] = []
    accredited_to: dict[int, Country] = {}
    if not resident:
        # Missions elsewhere accredited to the place; for a territory, also those accredited
        # to its state when the sender has no career mission in that state.
        covered = [place] if in_sovereign or sovereign is None else [place, sovereign]
        seen = {m.pk for m, _ in in_sovereign}
        for country in covered:
            for mission in _career(snapshot.accredited.get((nationality.pk, country.pk), [])):
                if mission.pk not in seen:
                    seen.add(mission.pk)
                    accredited.append(mission)
                    accredited_to[mission.pk] = country

    # Honorary consuls are supervised by the embassy (or high commission); else the first
    # career post, here, in the territory's state or accredited from abroad.
    career = resident or [m for m, _ in in_sovereign] or accredited
    supervisor = min(career, key=lambda m: MissionKind.help_rank(m.kind)) if career else None
    if sovereign is not None:
        # On the spot in a territory, the sender's honorary consul comes before its missions
        # in a state that may be an ocean away.
        _honorary_options(result, honorary, point, snapshot, supervisor)
        basis, source = say.sovereign_basis(place, sovereign), _place_source(place)
        for mission, distance in in_sovereign:
            result.options.append(
                Option(
                    Rule.SOVEREIGN_STATE,
                    mission,
                    distance,
                    say.sovereign_note(mission, nationality, place, sovereign),
                    source=source,
                    basis=basis,
                )
            )

    for mission, distance in _ordered(accredited, point, snapshot):
        result.options.append(
            Option(
                Rule.ACCREDITED,
                mission,
                distance,
                # Accredited to the territory, or to the state it is part of: say which.
                say.accredited_note(mission, nationality, accredited_to.get(mission.pk, place)),
            )
        )

    if sovereign is not None:
        _eu_rule_in_territory(
            result, nationality, place, snapshot, ruleset, today, code_of, resident, in_sovereign
        )
    elif not resident:
        _eu_rule(result, nationality, place, snapshot, ruleset, today, code_of)
    if not resident:
        _sharing_rule(result, place, sovereign, snapshot, ruleset, nationality)
    _protecting_rule(result, place, sovereign, snapshot, ruleset, nationality, today)

    if sovereign is None:
        _honorary_options(result, honorary, point, snapshot, supervisor)

    line = ruleset.lines.get(nationality.iso_alpha2 or "")
    if line is not None:
        result.options.append(
            Option(
                Rule.MINISTRY_LINE,
                None,
                None,
                say.ministry_line_note(line),
                title=line.ministry,
                hours=line.hours,
                phone=line.phone,
                phone_display=line.phone_display,
                web=line.web,
                source=line.source,
                is_24_7=line.is_24_7,
                other_phones=tuple(
                    (other.phone, other.phone_display, other.note) for other in line.other_phones
                ),
                as_of=line.as_of,
                line_note=line.note,
            )
        )

    _caveats(result, nationality, place, other_nationality, permanent_resident, location)
    return result


def _place_source(place: Country) -> str:
    fact = place_fact(place.iso_alpha2 or "")
    return fact.source if fact is not None else ""


def _in_sovereign(
    nationality: Country,
    place: Country,
    sovereign: Country,
    snapshot: Snapshot,
    point: Point | None,
    centre: Point | None = None,
) -> list[tuple[Mission, float | None]]:
    """The sender's career missions in the state a territory is part of: its embassy (or the
    office that acts as one) and a few consulates, in the state or in its other territories
    (for Macau, the consulate-general in Hong Kong), those whose district the source says takes
    in the territory first, then the nearest; nearest first when the point is known."""
    in_state = _career(snapshot.by_pair.get((nationality.pk, sovereign.pk), []))
    siblings = [
        snapshot.id_by_code[code]
        for code in territories_of(sovereign.iso_alpha2 or "")
        if code in snapshot.id_by_code and snapshot.id_by_code[code] != place.pk
    ]
    in_siblings = [
        mission
        for sibling in siblings
        for mission in _career(snapshot.by_pair.get((nationality.pk, sibling), []))
        if mission.kind in CONSULAR_KINDS
    ]
    serving = {m.pk for m in snapshot.accredited.get((nationality.pk, place.pk), [])}
    heads = [m for m in in_state if m.kind not in CONSULAR_KINDS]
    consulates = _ordered(
        [m for m in in_state if m.kind in CONSULAR_KINDS] + in_siblings, point or centre, snapshot
    )
    consulates.sort(key=lambda pair: pair[0].pk not in serving)  # stable: nearest within each
    chosen = heads + [m for m, _ in consulates[:SOVEREIGN_CONSULATES]]
    if point is None and centre is not None:
        # Ordered from the territory's main town, but no distance is claimed from it.
        return [(mission, None) for mission, _ in _ordered(chosen, centre, snapshot)]
    return _ordered(chosen, point, snapshot)


def _honorary_options(
    result: Answer,
    honorary: list[Mission],
    point: Point | None,
    snapshot: Snapshot,
    supervisor: Mission | None,
) -> None:
    for mission, distance in _ordered(honorary, point, snapshot):
        result.options.append(
            Option(Rule.HONORARY, mission, distance, say.honorary_note(), supervising=supervisor)
        )


def _eu_rule(
    result: Answer,
    nationality: Country,
    host: Country,
    snapshot: Snapshot,
    ruleset: RuleSet,
    today: dt.date,
    code_of: dict[int, str],
) -> None:
    members = ruleset.eu_members(today)
    if (nationality.iso_alpha2 or "") not in members or (host.iso_alpha2 or "") in members:
        return
    helpers = [
        m
        for m in _career(snapshot.by_host.get(host.pk, []))
        if code_of.get(m.sending_country_id) in members and m.sending_country_id != nationality.pk
    ]
    if not helpers:
        return
    # Embassies first unless the location is known; at most a handful, nearest first.
    chosen = _ordered(helpers, result.location.point, snapshot)[:EU_OPTIONS]
    for mission, distance in chosen:
        result.options.append(
            Option(
                Rule.EU_DIRECTIVE,
                mission,
                distance,
                say.eu_directive_note(nationality, host),
                source=str(ruleset.eu_directive.get("url", "")),
            )
        )


def _eu_rule_in_territory(
    result: Answer,
    nationality: Country,
    place: Country,
    snapshot: Snapshot,
    ruleset: RuleSet,
    today: dt.date,
    code_of: dict[int, str],
    resident: list[Mission],
    in_sovereign: list[tuple[Mission, float | None]],
) -> None:
    """The EU rule in a territory, as its legal status says: not at all in the EU's own
    territory, other EU states' missions in the territory where it is a third country's."""
    members = ruleset.eu_members(today)
    if (nationality.iso_alpha2 or "") not in members:
        return
    status = ruleset.territory_status(place.iso_alpha2 or "")
    by_sovereign = status.represented_by == "territory_or_sovereign" and bool(in_sovereign)
    if resident or by_sovereign:
        if not resident and status.directive_applies and not status.settled:
            result.caveats.append(status.caveat)
        return
    if not status.directive_applies:
        result.caveats.append(say.eu_rule_not_here_caveat(status.reason))
        if not status.settled:
            result.caveats.append(status.caveat)
        return
    helpers = [
        m
        for m in _career(snapshot.by_host.get(place.pk, []))
        if code_of.get(m.sending_country_id) in members and m.sending_country_id != nationality.pk
    ]
    for mission, distance in _ordered(helpers, result.location.point, snapshot)[:EU_OPTIONS]:
        result.options.append(
            Option(
                Rule.EU_DIRECTIVE,
                mission,
                distance,
                say.eu_directive_note(nationality, place),
                source=status.source,
                basis=status.reason,
            )
        )


def _sharing_rule(
    result: Answer,
    place: Country,
    sovereign: Country | None,
    snapshot: Snapshot,
    ruleset: RuleSet,
    nationality: Country,
) -> None:
    nat_code, place_code = nationality.iso_alpha2 or "", place.iso_alpha2 or ""
    state_code = sovereign.iso_alpha2 or "" if sovereign is not None else place_code
    for agreement in ruleset.sharing:
        if nat_code not in agreement.beneficiaries or agreement.provider == nat_code:
            continue
        applies = agreement.applies_at(place_code, state_code)
        if applies is None and sovereign is not None:
            result.caveats.append(
                say.not_known_in_territory_caveat(agreement.name, place, sovereign)
            )
        if not applies:
            continue
        provider_id = snapshot.id_by_code.get(agreement.provider)
        if provider_id is None:
            continue
        missions = _career(snapshot.by_pair.get((provider_id, place.pk), []))
        for mission, distance in _ordered(missions, result.location.point, snapshot):
            result.options.append(
                Option(
                    Rule.CONSULAR_SHARING,
                    mission,
                    distance,
                    say.sharing_note(agreement, mission, nationality, place),
                    source=agreement.source,
                )
            )


def _protecting_rule(
    result: Answer,
    place: Country,
    sovereign: Country | None,
    snapshot: Snapshot,
    ruleset: RuleSet,
    nationality: Country,
    today: dt.date,
) -> None:
    nat_code, place_code = nationality.iso_alpha2 or "", place.iso_alpha2 or ""
    state_code = sovereign.iso_alpha2 or "" if sovereign is not None else place_code
    for mandate in ruleset.mandates:
        if mandate.protected != nat_code or not mandate.consular or not mandate.active_on(today):
            continue
        applies = mandate.applies_at(place_code, state_code)
        if applies is None and sovereign is not None:
            result.caveats.append(
                say.mandate_not_known_in_territory_caveat(mandate, nationality, place, sovereign)
            )
        if not applies:
            continue
        power_id = snapshot.id_by_code.get(mandate.protecting)
        if power_id is None:
            continue
        missions = [
            m
            for m in _career(snapshot.by_pair.get((power_id, place.pk), []))
            if m.kind in (MissionKind.EMBASSY, MissionKind.INTERESTS_SECTION)
        ]
        for mission, distance in _ordered(missions, result.location.point, snapshot):
            result.options.append(
                Option(
                    Rule.PROTECTING_POWER,
                    mission,
                    distance,
                    say.protecting_note(mandate, nationality, place),
                    source=mandate.source,
                )
            )


def _caveats(
    result: Answer,
    nationality: Country,
    host: Country,
    other_nationality: Country | None,
    permanent_resident: bool,
    location: Location,
) -> None:
    state = location.sovereign or host
    if other_nationality is not None and other_nationality.pk in (host.pk, state.pk):
        result.caveats.append(say.dual_citizen_caveat(nationality, state))
    if permanent_resident:
        result.caveats.append(say.permanent_resident_caveat(host))
    if location.note:
        result.caveats.append(location.note)
    if location.place is not None and location.place.remote:
        result.caveats.append(say.remote_position_caveat(location.place, host))
    if location.place is not None and location.across_border is not None:
        result.caveats.append(say.near_border_caveat(location.place, location.across_border))
    if not any(o.mission for o in result.options):
        result.caveats.append(say.no_mission_caveat(nationality, host))
    if (
        result.options
        and all(o.rule in (Rule.HONORARY, Rule.MINISTRY_LINE) for o in result.options)
        and any(o.rule == Rule.HONORARY for o in result.options)
    ):
        result.caveats.append(say.honorary_only_caveat())
