"""What "who can help" works with: where the person is, the missions read for them, and the
answer (options, each found by one rule, and caveats)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from chancery.core.geo import Place
from chancery.core.language import page_language
from chancery.countries.models import Country
from chancery.directory.models import Mission
from chancery.directory.naming import town_in_language


class Rule(StrEnum):
    """The rules, in the order an answer lists what they find."""

    RESIDENT = "resident"
    #: For a position in a territory: the sender's missions in the state it is part of.
    SOVEREIGN_STATE = "sovereign_state"
    ACCREDITED = "accredited"
    EU_DIRECTIVE = "eu_directive"
    CONSULAR_SHARING = "consular_sharing"
    PROTECTING_POWER = "protecting_power"
    HONORARY = "honorary_consulate"
    MINISTRY_LINE = "ministry_line"


#: Each rule in plain words, as the cards show it (in English: `Option.rule_label` translates).
RULE_LABELS = {
    Rule.RESIDENT: gettext_noop("Your country's mission here"),
    Rule.SOVEREIGN_STATE: gettext_noop(
        "Your country's mission in the state this territory is part of"
    ),
    Rule.ACCREDITED: gettext_noop("Your country's mission covering this country from abroad"),
    Rule.EU_DIRECTIVE: gettext_noop(
        "Another EU country's mission (EU citizens' right to consular protection)"
    ),
    Rule.CONSULAR_SHARING: gettext_noop(
        "A partner country's mission (consular sharing arrangement)"
    ),
    Rule.PROTECTING_POWER: gettext_noop("The protecting power that acts for your country here"),
    Rule.HONORARY: gettext_noop("Your country's honorary consul (limited help)"),
    Rule.MINISTRY_LINE: gettext_noop("Your foreign ministry's 24/7 emergency line"),
}
#: A ministry line that no published source says is answered round the clock.
LIMITED_LINE_LABEL = gettext_noop("Your foreign ministry's consular line")


class AssistInputError(ValueError):
    """A parameter is missing or wrong; the message names it."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(f"{parameter}: {message}")
        self.parameter = parameter


@dataclass(frozen=True)
class Point:
    latitude: float
    longitude: float


@dataclass
class Location:
    country: Country
    city: str = ""
    point: Point | None = None
    source: str = "country"  # "coordinates", "city" or "country"
    place: Place | None = None
    note: str = ""
    #: The nearest town of another country, when it is nearly as close as `place`.
    across_border: Place | None = None
    #: For a territory named without a position: its main town, to order the missions that
    #: serve it from elsewhere by how far they are (no distance is shown from it).
    centre: Point | None = None

    @property
    def city_label(self) -> str:
        """The town in the page's language (`city` is as the person or the gazetteer gave it)."""
        if not self.city:
            return ""
        codes = (self.country.iso_alpha2, self.sovereign.iso_alpha2 if self.sovereign else None)
        return town_in_language(self.city, "", codes, page_language())

    @property
    def sovereign(self) -> Country | None:
        """The state a territory is part of (China for Hong Kong); None for a state."""
        return self.country.part_of if self.country.part_of_id is not None else None


@dataclass
class Option:
    rule: Rule
    mission: Mission | None
    distance_km: float | None
    note: str
    phone: str = ""
    phone_display: str = ""
    web: str = ""
    supervising: Mission | None = None
    source: str = ""
    #: What to call a card without a mission (the ministry's name), and when it answers.
    title: str = ""
    hours: str = ""
    #: For a ministry line: whether it is answered round the clock, its other numbers
    #: ((E.164, as written, what for)) and the date its number was last published.
    is_24_7: bool | None = None
    other_phones: tuple[tuple[str, str, str], ...] = ()
    as_of: dt.date | None = None
    line_note: str = ""
    #: Why this option applies here, in a sentence (a territory's legal status), when the
    #: rule's own note does not say; `source` is where that is written.
    basis: str = ""

    @property
    def rule_label(self) -> str:
        if self.rule == Rule.MINISTRY_LINE and self.is_24_7 is False:
            return _(LIMITED_LINE_LABEL)
        return _(RULE_LABELS[self.rule])


@dataclass
class Answer:
    nationality: Country
    location: Location
    options: list[Option] = field(default_factory=list)
    caveats: list[str] = field(default_factory=list)

    def rules_used(self) -> list[Rule]:
        return list(dict.fromkeys(option.rule for option in self.options))


@dataclass
class Snapshot:
    """The missions an answer needs, indexed by (sender, place) and by accreditation.

    A mission's place is where it stands (`Mission.located_in`): the British Consulate-General
    in Hong Kong, whose host in the source is China, is under Hong Kong, not China.
    `city_points` places missions without coordinates at their city's centre, for distances
    from a person whose position is known (missions are keyed by their primary key).
    """

    by_pair: dict[tuple[int, int], list[Mission]]
    accredited: dict[tuple[int, int], list[Mission]]
    id_by_code: dict[str, int]
    by_host: dict[int, list[Mission]] = field(default_factory=dict)
    city_points: dict[int, Point] = field(default_factory=dict)

    @classmethod
    def from_missions(
        cls,
        missions: Iterable[Mission],
        id_by_code: dict[str, int],
        city_points: dict[int, Point] | None = None,
    ) -> Snapshot:
        by_pair: defaultdict[tuple[int, int], list[Mission]] = defaultdict(list)
        accredited: defaultdict[tuple[int, int], list[Mission]] = defaultdict(list)
        by_host: defaultdict[int, list[Mission]] = defaultdict(list)
        for mission in missions:
            place_id = mission.territory_id or mission.host_country_id
            by_pair[(mission.sending_country_id, place_id)].append(mission)
            by_host[place_id].append(mission)
            for country_id in getattr(mission, "jurisdiction_ids", ()):
                if country_id != place_id:
                    accredited[(mission.sending_country_id, country_id)].append(mission)
        return cls(dict(by_pair), dict(accredited), id_by_code, dict(by_host), city_points or {})
