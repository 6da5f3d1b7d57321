"""Small helpers shared by the assist tests (no fixtures: plain functions on the real data)."""

from __future__ import annotations

import math

from chancery.assist.engine import answer
from chancery.assist.selectors import help_answer, snapshot_for
from chancery.assist.types import Answer, Location, Option, Rule
from chancery.countries.models import Country
from chancery.directory.models import Mission, MissionKind

#: The documented order of the rules in an answer (the enum's order).
RULE_ORDER = list(Rule)
#: In a territory, the sender's honorary consul there comes before its missions in the state
#: the territory is part of.
TERRITORY_ORDER = [Rule.RESIDENT, Rule.HONORARY] + [
    rule for rule in RULE_ORDER if rule not in (Rule.RESIDENT, Rule.HONORARY)
]


def ask(
    nationality: str,
    *,
    other: str | None = None,
    permanent_resident: bool = False,
    **where: object,
) -> Answer:
    """What the page and the API do: parse the inputs, take a snapshot, answer."""
    return help_answer(
        nationality,
        other_nationality=other,
        permanent_resident=permanent_resident,
        **where,  # type: ignore[arg-type]
    )


def ask_pair(nationality: Country, host: Country, **kwargs: object) -> Answer:
    """The answer for a country-level location (no city, no point)."""
    return answer(nationality, Location(country=host), snapshot_for(nationality, host), **kwargs)  # type: ignore[arg-type]


def country(code: str) -> Country:
    return Country.objects.get(iso_alpha2=code)


def with_rule(result: Answer, rule: Rule) -> list[Option]:
    return [option for option in result.options if option.rule == rule]


def mission_ids(options: list[Option]) -> list[str]:
    return [option.mission.wikidata_id for option in options if option.mission is not None]


def career_missions(sender: Country, host: Country) -> list[Mission]:
    """The sender's active career (non-honorary) missions resident in the host."""
    return list(
        Mission.objects.active().filter(
            sending_country=sender, host_country=host, kind__in=MissionKind.career()
        )
    )


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """An independent great-circle distance (haversine on the IUGG mean radius, 6371.0 km)."""
    radius = 6371.0
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * radius * math.atan2(math.sqrt(h), math.sqrt(1 - h))


def assert_rules_in_order(result: Answer) -> None:
    """Options come grouped by rule, in the documented order, with the ministry line last."""
    order = TERRITORY_ORDER if result.location.sovereign is not None else RULE_ORDER
    positions = [order.index(option.rule) for option in result.options]
    assert positions == sorted(positions), [str(o.rule) for o in result.options]
    lines = with_rule(result, Rule.MINISTRY_LINE)
    if lines:
        assert len(lines) == 1
        assert result.options[-1] is lines[0]
