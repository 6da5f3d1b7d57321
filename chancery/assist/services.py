"""Who can help a person of a given nationality where they are: the rules, in order.

1. Their own country's resident missions there (embassy, high commission, consulates), nearest
   first when the location is known.
2. Its missions elsewhere accredited to that country.
3. Consular sharing: the EU rule for unrepresented EU citizens (Directive (EU) 2015/637),
   arrangements such as Canada and Australia's, and protecting powers.
4. Its honorary consulates there, with their limits and the career mission that supervises them.
5. The home ministry's 24/7 consular emergency line.

`answer` works on a `Snapshot` of the missions that matter, so that one request reads a few
hundred missions and `assist_coverage` can answer every pair from one snapshot of all of them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

import pycountry
from babel import Locale, UnknownLocaleError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

from chancery.core.geo import Place, great_circle_km
from chancery.countries.models import Country
from chancery.countries.reference import SOVEREIGN_OF
from chancery.directory.models import Mission, MissionKind

from .rules import RuleSet, rules


class Rule(StrEnum):
    RESIDENT = "resident"
    ACCREDITED = "accredited"
    EU_DIRECTIVE = "eu_directive"
    CONSULAR_SHARING = "consular_sharing"
    PROTECTING_POWER = "protecting_power"
    HONORARY = "honorary_consulate"
    MINISTRY_LINE = "ministry_line"


#: Each rule in plain words, as the cards show it (in English: `Option.rule_label` translates).
RULE_LABELS = {
    Rule.RESIDENT: gettext_noop("Your country's mission here"),
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

#: Offices that serve citizens, best first; honorary consulates are rule 4.
CAREER_KINDS = (
    MissionKind.EMBASSY,
    MissionKind.HIGH_COMMISSION,
    MissionKind.CONSULATE_GENERAL,
    MissionKind.CONSULATE,
    MissionKind.VICE_CONSULATE,
    MissionKind.INTERESTS_SECTION,
    MissionKind.REPRESENTATIVE_OFFICE,
    MissionKind.LIAISON_OFFICE,
    MissionKind.NUNCIATURE,
    MissionKind.OTHER,
)
KIND_RANK = {kind: rank for rank, kind in enumerate(CAREER_KINDS)}
#: How many other states' missions the EU rule lists.
EU_OPTIONS = 6

HONORARY_NOTE = gettext_noop(
    "An honorary consul is a volunteer, not a career diplomat: they can advise you, contact "
    "your family and pass messages to your embassy, but cannot issue passports or visas."
)


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
    """The missions an answer needs, indexed by (sender, host) and by accreditation."""

    by_pair: dict[tuple[int, int], list[Mission]]
    accredited: dict[tuple[int, int], list[Mission]]
    id_by_code: dict[str, int]
    by_host: dict[int, list[Mission]] = field(default_factory=dict)

    @classmethod
    def from_missions(cls, missions: Iterable[Mission], id_by_code: dict[str, int]) -> Snapshot:
        by_pair: defaultdict[tuple[int, int], list[Mission]] = defaultdict(list)
        accredited: defaultdict[tuple[int, int], list[Mission]] = defaultdict(list)
        by_host: defaultdict[int, list[Mission]] = defaultdict(list)
        for mission in missions:
            by_pair[(mission.sending_country_id, mission.host_country_id)].append(mission)
            by_host[mission.host_country_id].append(mission)
            for country_id in getattr(mission, "jurisdiction_ids", ()):
                if country_id != mission.host_country_id:
                    accredited[(mission.sending_country_id, country_id)].append(mission)
        return cls(dict(by_pair), dict(accredited), id_by_code, dict(by_host))


def _country_ids() -> dict[str, int]:
    return dict(
        Country.objects.exclude(iso_alpha2=None).values_list("iso_alpha2", "id")  # type: ignore[arg-type]
    )


def _with_jurisdictions(missions: Iterable[Mission]) -> list[Mission]:
    missions = list(missions)
    through = Mission.jurisdictions.through
    ids: defaultdict[int, list[int]] = defaultdict(list)
    for mission_id, country_id in through.objects.filter(
        mission_id__in=[m.pk for m in missions]
    ).values_list("mission_id", "country_id"):
        ids[mission_id].append(country_id)
    for mission in missions:
        mission.jurisdiction_ids = ids.get(mission.pk, [])  # type: ignore[attr-defined]
    return missions


def snapshot_for(nationality: Country, host: Country, ruleset: RuleSet | None = None) -> Snapshot:
    """The missions one answer can use: the traveller's country's missions in or accredited to
    the host, and, only when a sharing rule may apply, the partner states' missions there."""
    ruleset = ruleset or rules()
    columns = ("sending_country", "host_country")
    own = list(
        Mission.objects.active()
        .filter(Q(host_country=host) | Q(jurisdictions=host), sending_country=nationality)
        .distinct()
        .select_related(*columns)
        .order_by("name", "wikidata_id")
    )
    id_by_code = _country_ids()
    nat_code, host_code = nationality.iso_alpha2 or "", host.iso_alpha2 or ""
    partners = {
        m.protecting for m in ruleset.mandates if (m.protected, m.host) == (nat_code, host_code)
    }
    represented = any(m.host_country_id == host.pk and m.kind in KIND_RANK for m in own)
    if not represented:
        partners |= ruleset.eu_members(timezone.localdate())
        partners |= {
            a.provider
            for a in ruleset.sharing
            if nat_code in a.beneficiaries and a.applies_in(host_code)
        }
    partner_ids = [id_by_code[code] for code in partners if code in id_by_code]
    others = (
        list(
            Mission.objects.active()
            .filter(host_country=host, sending_country_id__in=partner_ids)
            .exclude(sending_country=nationality)
            .select_related(*columns)
            .order_by("name", "wikidata_id")
        )
        if partner_ids
        else []
    )
    return Snapshot.from_missions(_with_jurisdictions(own) + others, id_by_code)


def snapshot_all() -> Snapshot:
    """Every active mission (for coverage over all pairs)."""
    missions = (
        Mission.objects.active()
        .select_related("sending_country", "host_country")
        .only(
            "pk",
            "wikidata_id",
            "slug",
            "name",
            "kind",
            "city",
            "latitude",
            "longitude",
            "sending_country",
            "host_country",
        )
        .order_by("name", "wikidata_id")
    )
    return Snapshot.from_missions(_with_jurisdictions(missions), _country_ids())


def _distance(mission: Mission, point: Point | None) -> float | None:
    """Great-circle distance from the person; for a mission without coordinates, from its
    city's centre."""
    if point is None:
        return None
    latitude, longitude = mission.latitude, mission.longitude
    if (latitude is None or longitude is None) and mission.city:
        from chancery.search.services import city_coordinates

        found = city_coordinates(mission.city, mission.host_country_id)
        if found is not None:
            _, latitude, longitude = found
    if latitude is None or longitude is None:
        return None
    return round(great_circle_km(point.latitude, point.longitude, latitude, longitude), 1)


def _ordered(
    missions: Iterable[Mission], point: Point | None
) -> list[tuple[Mission, float | None]]:
    """Nearest first when the point is known (missions without coordinates last), else the
    embassy before the consulates."""
    pairs = [(m, _distance(m, point)) for m in missions]
    if point is not None:
        return sorted(
            pairs,
            key=lambda p: (p[1] is None, p[1] or 0.0, KIND_RANK.get(p[0].kind, 99), p[0].name),
        )
    return sorted(pairs, key=lambda p: (KIND_RANK.get(p[0].kind, 99), p[0].name))


def _career(missions: Iterable[Mission]) -> list[Mission]:
    return [m for m in missions if m.kind in KIND_RANK]


def _where(mission: Mission) -> str:
    return ", ".join(part for part in (mission.city, mission.host_country.label) if part)


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
        result.caveats.append(
            _(
                "You are in %(country)s, your own country: embassies help foreigners, "
                "so call the local emergency services or go to the police."
            )
            % {"country": host.label_in_sentence}
        )
        return result

    own = snapshot.by_pair.get((nationality.pk, host.pk), [])
    resident = _career(own)
    for mission, distance in _ordered(resident, point):
        result.options.append(
            Option(Rule.RESIDENT, mission, distance, _resident_note(mission, nationality))
        )

    accredited: list[Mission] = []
    if not resident:
        accredited = _career(snapshot.accredited.get((nationality.pk, host.pk), []))
        for mission, distance in _ordered(accredited, point):
            result.options.append(
                Option(
                    Rule.ACCREDITED,
                    mission,
                    distance,
                    _(
                        "%(nationality)s has no mission based in %(country)s; this mission in "
                        "%(place)s is accredited to %(country)s. Call first: it may send a "
                        "consul to you or help by phone."
                    )
                    % {
                        "nationality": _cap(nationality.label_in_sentence),
                        "country": host.label_in_sentence,
                        "place": _where(mission),
                    },
                )
            )

    if not resident:
        _eu_rule(result, nationality, host, snapshot, ruleset, today, code_of)
        _sharing_rule(result, nat_code, host_code, host, snapshot, ruleset, nationality)
    _protecting_rule(result, nat_code, host_code, host, snapshot, ruleset, nationality, today)

    honorary = [m for m in own if m.kind == MissionKind.HONORARY_CONSULATE]
    # The embassy (or high commission) supervises honorary consuls; else the first career post.
    career = resident or accredited
    supervisor = min(career, key=lambda m: KIND_RANK.get(m.kind, 99)) if career else None
    for mission, distance in _ordered(honorary, point):
        result.options.append(
            Option(Rule.HONORARY, mission, distance, _(HONORARY_NOTE), supervising=supervisor)
        )

    line = ruleset.lines.get(nat_code)
    if line is not None:
        result.options.append(
            Option(
                Rule.MINISTRY_LINE,
                None,
                None,
                " ".join(
                    part
                    for part in (
                        _("%(ministry)s: consular emergencies, %(hours)s.")
                        % {"ministry": line.ministry, "hours": line.hours}
                        if line.hours
                        else _("%(ministry)s: consular emergencies, at any hour.")
                        % {"ministry": line.ministry},
                        line.note,
                    )
                    if part
                ),
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


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _resident_note(mission: Mission, nationality: Country) -> str:
    if mission.kind == MissionKind.EMBASSY:
        return _(
            "The embassy of %(nationality)s: emergency passports, help after arrest, illness "
            "or crime, and contact with family."
        ) % {"nationality": nationality.label_in_sentence}
    if mission.kind == MissionKind.HIGH_COMMISSION:
        return _(
            "The high commission of %(nationality)s: emergency passports, help after arrest, "
            "illness or crime, and contact with family."
        ) % {"nationality": nationality.label_in_sentence}
    if mission.kind == MissionKind.INTERESTS_SECTION:
        return _("Acts for your country where it has no embassy.")
    return _("A consulate: emergency passports and help for citizens in its area.")


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
    chosen = _ordered(helpers, result.location.point)[:EU_OPTIONS]
    for mission, distance in chosen:
        result.options.append(
            Option(
                Rule.EU_DIRECTIVE,
                mission,
                distance,
                _(
                    "%(nationality)s has no embassy or consulate in %(country)s. As an EU "
                    "citizen you may ask any EU country's embassy or consulate for help, on the "
                    "same terms as its own citizens (Directive (EU) 2015/637)."
                )
                % {
                    "nationality": _cap(nationality.label_in_sentence),
                    "country": host.label_in_sentence,
                },
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
        for mission, distance in _ordered(missions, result.location.point):
            result.options.append(
                Option(
                    Rule.CONSULAR_SHARING,
                    mission,
                    distance,
                    _(
                        "Under the %(agreement)s, %(partner)s helps citizens of "
                        "%(nationality)s in %(country)s: %(services)s"
                    )
                    % {
                        "agreement": agreement.name,
                        "partner": mission.sending_country.label_in_sentence,
                        "nationality": nationality.label_in_sentence,
                        "country": host.label_in_sentence,
                        "services": agreement.services,
                    }
                    + (f" {agreement.note}" if agreement.note else ""),
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
        for mission, distance in _ordered(missions, result.location.point):
            result.options.append(
                Option(
                    Rule.PROTECTING_POWER,
                    mission,
                    distance,
                    (
                        _("%(office)s acts for %(nationality)s in %(country)s: %(services)s")
                        if mandate.services
                        else _("%(office)s acts for %(nationality)s in %(country)s.")
                    )
                    % {
                        "office": mandate.office,
                        "nationality": nationality.label_in_sentence,
                        "country": host.label_in_sentence,
                        "services": mandate.services,
                    },
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
        result.caveats.append(
            _(
                "You are also a citizen of %(country)s. %(country_capitalized)s may treat you "
                "only as its own citizen and refuse %(nationality)s's consuls access to you; "
                "travel on the passport you entered with."
            )
            % {
                "country": host.label_in_sentence,
                "country_capitalized": _cap(host.label_in_sentence),
                "nationality": nationality.label_in_sentence,
            }
        )
    if permanent_resident:
        result.caveats.append(
            _(
                "As a permanent resident of %(country)s you are mostly under its local "
                "services; the missions above still help with passports and in emergencies, but "
                "not with matters of your residence."
            )
            % {"country": host.label_in_sentence}
        )
    if location.note:
        result.caveats.append(location.note)
    if location.place is not None and location.place.remote:
        result.caveats.append(
            _(
                "Your position is %(distance)s km from the nearest town (%(town)s, "
                "%(country)s): if you are at sea or in a remote area, call the ministry line "
                "or the ship's or local emergency services."
            )
            % {
                "distance": f"{location.place.distance_km:.0f}",
                "town": location.place.city,
                "country": host.label_in_sentence,
            }
        )
    if not any(o.mission for o in result.options):
        result.caveats.append(
            _("No mission of %(nationality)s or of a partner country is known for %(country)s.")
            % {"nationality": nationality.label_in_sentence, "country": host.label_in_sentence}
        )
    if (
        result.options
        and all(o.rule in (Rule.HONORARY, Rule.MINISTRY_LINE) for o in result.options)
        and any(o.rule == Rule.HONORARY for o in result.options)
    ):
        result.caveats.append(
            _(
                "Only an honorary consul is listed here: for a new passport you will need the "
                "ministry line or a career mission in a neighbouring country."
            )
        )


class AssistInputError(ValueError):
    """A parameter is missing or wrong; the message names it."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(f"{parameter}: {message}")
        self.parameter = parameter


def country_from(value: str | None, parameter: str) -> Country:
    from chancery.countries.selectors import country_lookup

    if not value or not value.strip():
        raise AssistInputError(parameter, _("required (an ISO code such as NL, or a country name)"))
    country = country_lookup(value.strip()).country
    if country is None:
        raise AssistInputError(
            parameter, _("unknown country %(value)s") % {"value": repr(value.strip()[:60])}
        )
    return country


def _territory_name(code: str) -> str:
    """A territory the directory files under its state, named in the page's language."""
    language = (get_language() or "en").split("-")[0]
    if language != "en":
        try:
            name = Locale.parse(language).territories.get(code)
        except (ValueError, UnknownLocaleError):
            name = None
        if name:
            return name
    record = pycountry.countries.get(alpha_2=code)
    return getattr(record, "common_name", None) or (record.name if record else code)


def location_from(
    *,
    country: str | None = None,
    city: str | None = None,
    latitude: float | None = None,
    longitude: float | None = None,
) -> Location:
    """Where the person is: coordinates (the host country found offline), or a country and an
    optional city."""
    from chancery.core.geo import CoordinatesError, nearest_place

    if (latitude is None) != (longitude is None):
        missing = "lon" if longitude is None else "lat"
        raise AssistInputError(missing, _("give both lat and lon"))
    if latitude is not None and longitude is not None:
        try:
            place = nearest_place(latitude, longitude)
        except CoordinatesError as exc:
            parameter = str(exc).split(" ", 1)[0]
            raise AssistInputError(parameter, str(exc).split(" ", 1)[1]) from exc
        host = Country.objects.filter(iso_alpha2=place.country_code).first()
        note = ""
        if host is None:
            # A territory the directory lists under its state (New Caledonia under France).
            sovereign = SOVEREIGN_OF.get(place.country_code)
            host = Country.objects.filter(iso_alpha2=sovereign).first() if sovereign else None
            if host is None:
                raise AssistInputError(
                    "lat", _("no country known for %(code)s") % {"code": place.country_code}
                )
            note = _(
                "Your position is in %(territory)s, which %(country)s answers for abroad: its "
                "missions and agreements apply there."
            ) % {
                "territory": _territory_name(place.country_code),
                "country": host.label_in_sentence,
            }
        if country and country.strip():
            named = country_from(country, "country")
            if named.pk != host.pk and not note:
                note = _(
                    "Your position is in %(country)s, not %(named)s: the answer follows your "
                    "position."
                ) % {"country": host.label_in_sentence, "named": named.label_in_sentence}
        return Location(
            country=host,
            city=place.city if not place.remote else "",
            point=Point(latitude, longitude),
            source="coordinates",
            place=place,
            note=note,
        )
    if not country or not country.strip():
        raise AssistInputError(
            "country", _("say where you are: a country (and optionally a city), or lat and lon")
        )
    host = country_from(country, "country")
    if city and city.strip():
        from chancery.search.services import city_coordinates

        found = city_coordinates(city.strip(), host.pk)
        if found is None:
            return Location(country=host, city=city.strip()[:100], source="country")
        name, lat, lon = found
        return Location(country=host, city=name, point=Point(lat, lon), source="city")
    return Location(country=host, source="country")
