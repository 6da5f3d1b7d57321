"""Who can help a person of a given nationality where they are: the rules, in order.

1. Their own country's resident missions there (embassy, high commission, consulates), nearest
   first when the location is known.
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
from chancery.directory.models import Mission, MissionKind

from . import presenters as say
from .rules import RuleSet, rules
from .types import Answer, Location, Option, Point, Rule, Snapshot

#: How many other states' missions the EU rule lists.
EU_OPTIONS = 6


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
    """The places that can help, best first, each with the rule that found it."""
    ruleset = ruleset or rules()
    today = today or timezone.localdate()
    host = location.country
    point = location.point
    result = Answer(nationality=nationality, location=location)
    nat_code, host_code = nationality.iso_alpha2 or "", host.iso_alpha2 or ""
    code_of = {v: k for k, v in snapshot.id_by_code.items()}

    if nationality.pk == host.pk:
        result.caveats.append(say.own_country_caveat(host))
        return result

    own = snapshot.by_pair.get((nationality.pk, host.pk), [])
    resident = _career(own)
    for mission, distance in _ordered(resident, point, snapshot):
        result.options.append(
            Option(Rule.RESIDENT, mission, distance, say.resident_note(mission, nationality))
        )

    accredited: list[Mission] = []
    if not resident:
        accredited = _career(snapshot.accredited.get((nationality.pk, host.pk), []))
        for mission, distance in _ordered(accredited, point, snapshot):
            result.options.append(
                Option(
                    Rule.ACCREDITED,
                    mission,
                    distance,
                    say.accredited_note(mission, nationality, host),
                )
            )

    if not resident:
        _eu_rule(result, nationality, host, snapshot, ruleset, today, code_of)
        _sharing_rule(result, nat_code, host_code, host, snapshot, ruleset, nationality)
    _protecting_rule(result, nat_code, host_code, host, snapshot, ruleset, nationality, today)

    honorary = [m for m in own if m.kind == MissionKind.HONORARY_CONSULATE]
    # The embassy (or high commission) supervises honorary consuls; else the first career post.
    career = resident or accredited
    supervisor = min(career, key=lambda m: MissionKind.help_rank(m.kind)) if career else None
    for mission, distance in _ordered(honorary, point, snapshot):
        result.options.append(
            Option(Rule.HONORARY, mission, distance, say.honorary_note(), supervising=supervisor)
        )

    line = ruleset.lines.get(nat_code)
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

    _caveats(result, nationality, host, other_nationality, permanent_resident, location)
    return result


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


def _sharing_rule(
    result: Answer,
    nat_code: str,
    host_code: str,
    host: Country,
    snapshot: Snapshot,
    ruleset: RuleSet,
    nationality: Country,
) -> None:
    for agreement in ruleset.sharing:
        if nat_code not in agreement.beneficiaries or not agreement.applies_in(host_code):
            continue
        provider_id = snapshot.id_by_code.get(agreement.provider)
        if provider_id is None or agreement.provider == nat_code:
            continue
        missions = _career(snapshot.by_pair.get((provider_id, host.pk), []))
        for mission, distance in _ordered(missions, result.location.point, snapshot):
            result.options.append(
                Option(
                    Rule.CONSULAR_SHARING,
                    mission,
                    distance,
                    say.sharing_note(agreement, mission, nationality, host),
                    source=agreement.source,
                )
            )


def _protecting_rule(
    result: Answer,
    nat_code: str,
    host_code: str,
    host: Country,
    snapshot: Snapshot,
    ruleset: RuleSet,
    nationality: Country,
    today: dt.date,
) -> None:
    for mandate in ruleset.mandates:
        if (mandate.protected, mandate.host) != (nat_code, host_code):
            continue
        if not mandate.consular or not mandate.active_on(today):
            continue
        power_id = snapshot.id_by_code.get(mandate.protecting)
        if power_id is None:
            continue
        missions = [
            m
            for m in _career(snapshot.by_pair.get((power_id, host.pk), []))
            if m.kind in (MissionKind.EMBASSY, MissionKind.INTERESTS_SECTION)
        ]
        for mission, distance in _ordered(missions, result.location.point, snapshot):
            result.options.append(
                Option(
                    Rule.PROTECTING_POWER,
                    mission,
                    distance,
                    say.protecting_note(mandate, nationality, host),
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
    if other_nationality is not None and other_nationality.pk == host.pk:
        result.caveats.append(say.dual_citizen_caveat(nationality, host))
    if permanent_resident:
        result.caveats.append(say.permanent_resident_caveat(host))
    if location.note:
        result.caveats.append(location.note)
    if location.place is not None and location.place.remote:
        result.caveats.append(say.remote_position_caveat(location.place, host))
    if not any(o.mission for o in result.options):
        result.caveats.append(say.no_mission_caveat(nationality, host))
    if (
        result.options
        and all(o.rule in (Rule.HONORARY, Rule.MINISTRY_LINE) for o in result.options)
        and any(o.rule == Rule.HONORARY for o in result.options)
    ):
        result.caveats.append(say.honorary_only_caveat())
