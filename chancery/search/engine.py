"""Rank missions for a parsed query.

Plain data in memory: a `MissionIndex` built from the database in one pass, and `rank`, which
tries the likely readings of the query (who sends, who hosts, which city) and scores the
missions each reading points to. Ties break on the mission name and Wikidata id, so the
order is the same on every database.

Missions are indexed by the place they stand in (`Mission.territory`), not only by the host the
source names: the British Consulate-General in Hong Kong, whose host is China, answers "British
consulate Hong Kong". A query naming a state still finds the missions in its territories, after
those in the state proper unless the town is named.
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from chancery.core.geo import great_circle_km
from chancery.core.language import page_language
from chancery.countries.towns import town_name
from chancery.lexicon import text
from chancery.lexicon.lexicon import CITY, COUNTRY, DEMONYM, FUNCTION_TYPES, City, Lexicon
from chancery.lexicon.vocabulary import KIND_FAMILIES

from .parsing import Mention, ParsedQuery

#: How much each kind suits someone who did not name one, for a place / for consular help.
DEFAULT_KIND_BONUS = {
    "embassy": 1.0,
    "high_commission": 1.0,
    "nunciature": 0.9,
    "consulate_general": 0.7,
    "consulate": 0.6,
    "vice_consulate": 0.4,
    "honorary_consulate": 0.2,
    "interests_section": 0.5,
    "representative_office": 0.5,
    "liaison_office": 0.4,
    "delegation": 0.2,
    "permanent_mission": 0.0,
    "other": 0.3,
}
#: How far the missions standing in one of a state's territories come below those in the state
#: proper, for a query that names the state: more than the spread of the kind scores, so that
#: "British consulate China" lists Shanghai and Wuhan before Hong Kong; less than a named
#: town's closeness (2.5), so that "British consulate Hong Kong, China" puts Hong Kong first.
TERRITORY_PENALTY = 2.0
#: The base score of a sender's missions in a territory's sovereign state (or its other
#: territories), when the sender has none in the territory and none accredited to it; the
#: nearest to the territory come first (`_nearness`).
SOVEREIGN_BASE = 8.5


@dataclass(slots=True)
class MissionEntry:
    pk: int
    #: None for a mission no QID names (one found on OpenStreetMap).
    wikidata_id: str | None
    slug: str
    name: str
    kind: str
    sending_id: int
    #: The host as the source names it.
    host_id: int
    #: Where the mission stands: its host, or the host's territory it lies in.
    place_id: int
    city: str
    latitude: float | None
    longitude: float | None
    jurisdictions: tuple[int, ...] = ()
    #: The coordinates are those of the mission's city, not of its building.
    located_by_city: bool = False

    @property
    def public_id(self) -> str:
        """The mission's id in the API: its QID, or its slug when it has none."""
        return self.wikidata_id or self.slug


@dataclass(slots=True)
class CountryEntry:
    id: int
    name: str
    code: str
    slug: str
    #: The name as it reads inside a sentence ("the Netherlands").
    in_sentence: str = ""
    #: Names by language code (CLDR), for explanations in the page's language.
    names: dict[str, str] = field(default_factory=dict)
    #: The state a territory is part of (Hong Kong: China), else None.
    part_of: int | None = None

    def label_in_sentence(self) -> str:
        language = page_language()
        if language == "en":
            return self.in_sentence or self.name
        return self.names.get(language) or self.name


@dataclass
class MissionIndex:
    missions: list[MissionEntry]
    countries: dict[int, CountryEntry]
    by_pair: dict[tuple[int, int], list[int]] = field(default_factory=dict)
    by_sending: dict[int, list[int]] = field(default_factory=dict)
    by_host: dict[int, list[int]] = field(default_factory=dict)
    accredited: dict[tuple[int, int], list[int]] = field(default_factory=dict)
    by_wikidata_id: dict[str, int] = field(default_factory=dict)
    name_words: dict[str, list[int]] = field(default_factory=dict)
    #: A state's territories that have missions standing in them (China: Hong Kong, Macau).
    territories: dict[int, list[int]] = field(default_factory=dict)
    #: A place's centre: the mean position of the missions standing in it, for a territory
    #: the nearest of its state's missions are counted from.
    centres: dict[int, tuple[float, float]] = field(default_factory=dict)

    @classmethod
    def build(
        cls, missions: list[MissionEntry], countries: dict[int, CountryEntry]
    ) -> MissionIndex:
        missions = sorted(missions, key=lambda m: (m.name, m.wikidata_id))
        by_pair: defaultdict[tuple[int, int], list[int]] = defaultdict(list)
        by_sending: defaultdict[int, list[int]] = defaultdict(list)
        by_host: defaultdict[int, list[int]] = defaultdict(list)
        accredited: defaultdict[tuple[int, int], list[int]] = defaultdict(list)
        name_words: defaultdict[str, list[int]] = defaultdict(list)
        territories: defaultdict[int, set[int]] = defaultdict(set)
        positions: defaultdict[int, list[tuple[float, float]]] = defaultdict(list)
        for i, mission in enumerate(missions):
            if mission.latitude is not None and mission.longitude is not None:
                positions[mission.place_id].append((mission.latitude, mission.longitude))
            # "by_pair" and "by_host" hold each mission under the place it stands in.
            by_pair[(mission.sending_id, mission.place_id)].append(i)
            by_sending[mission.sending_id].append(i)
            by_host[mission.place_id].append(i)
            sovereign = (
                countries[mission.place_id].part_of if mission.place_id in countries else None
            )
            if sovereign is not None:
                territories[sovereign].add(mission.place_id)
            for country_id in mission.jurisdictions:
                if country_id not in (mission.host_id, mission.place_id):
                    accredited[(mission.sending_id, country_id)].append(i)
            for word in set(text.tokens(mission.name)):
                if len(word) > 2:
                    name_words[word].append(i)
        return cls(
            missions=missions,
            countries=countries,
            by_pair=dict(by_pair),
            by_sending=dict(by_sending),
            by_host=dict(by_host),
            accredited=dict(accredited),
            by_wikidata_id={m.wikidata_id: i for i, m in enumerate(missions) if m.wikidata_id},
            name_words=dict(name_words),
            territories={state: sorted(places) for state, places in territories.items()},
            centres={
                place: (
                    sum(lat for lat, _ in points) / len(points),
                    sum(lon for _, lon in points) / len(points),
                )
                for place, points in positions.items()
                # Only where a mean makes sense: a territory's missions stand close together.
                if countries.get(place) is not None and countries[place].part_of is not None
            },
        )

    def sovereign_of(self, country_id: int | None) -> int | None:
        """The state a territory is part of; None for a state or an unknown id."""
        entry = self.countries.get(country_id) if country_id is not None else None
        return entry.part_of if entry is not None else None

    def stands_in(self, mission: MissionEntry, country_id: int) -> bool:
        """Whether the mission stands in that place, or in one of its territories."""
        return mission.place_id == country_id or self.sovereign_of(mission.place_id) == country_id


@dataclass
class Interpretation:
    sending: int | None = None
    host: int | None = None
    city: City | None = None
    #: How sure the reading is that the query names this city (a country's name that is
    #: also a small town's is a weak city).
    city_confidence: float = 1.0
    kind: str | None = None
    consular: bool = False
    score: float = 0.0
    #: The query names the host itself, not only a town in it.
    host_named: bool = False


@dataclass
class Hit:
    mission: MissionEntry
    score: float
    why: str


def _place_options(parsed: ParsedQuery) -> list[tuple[int, Mention]]:
    return [(k, m) for k, m in enumerate(parsed.mentions) if m.of_type(COUNTRY, DEMONYM, CITY)]


def interpretations(
    parsed: ParsedQuery,
    lexicon: Lexicon,
    limit: int = 8,
    sovereign_of: Callable[[int | None], int | None] | None = None,
) -> list[Interpretation]:
    """The likeliest readings of who sends, who hosts and where, best first.

    `sovereign_of` gives a territory's state, so that a town in a territory may be read with
    its state named as the host ("consulate Nouméa France").
    """
    places = _place_options(parsed)
    if not places:
        return []
    states_and_territories = lexicon.states_and_territories
    sending_options: list[tuple[int, int, float] | None] = [None]
    if parsed.implied_sender is not None:
        # Named by no word (-1): the writer's own country, after any named sender.
        sending_options.append((-1, parsed.implied_sender, 0.8))
    host_options: list[tuple[int, int, float] | None] = [None]
    if parsed.implied_host is not None:
        # Named by no word (-2): the writer's own country, where no place is named.
        host_options.append((-2, parsed.implied_host, 0.4))
    #: (mention, city, score, confidence, score and confidence when its country is named too)
    city_options: list[tuple[int, City, float, float, float, float] | None] = [None]
    largest: dict[int, int] = {}
    for k, mention in places:
        cities = {int(r.target): r.weight for r in mention.of_type(CITY)}
        if cities:
            # A region from the places table outranks any town of the same name; a city's own
            # name outranks another city's alternate name ("Venice" is also a Dayton name).
            largest[k] = max(
                cities,
                key=lambda c: (
                    lexicon.cities[c].is_region,
                    # A city's own name outranks another's alternate name, unless that city
                    # is ten times larger ("Colonia": Cologne in Italian, and a town in
                    # New Jersey).
                    cities[c] + 0.05 * math.log10(lexicon.cities[c].population + 10),
                    lexicon.cities[c].population,
                ),
            )
    for k, mention in places:
        q = mention.quality
        for reading in mention.of_type(COUNTRY, DEMONYM):
            bonus = 0.5 if reading.type == DEMONYM else 0.0
            # Evidence for the other role counts against ("in Türkiye" does not send).
            evidence = parsed.send_evidence[k] + bonus - 0.5 * parsed.host_evidence[k]
            sending_options.append((k, int(reading.target), evidence * reading.weight * q))
        for reading in mention.of_type(COUNTRY):
            evidence = parsed.host_evidence[k] - 0.5 * parsed.send_evidence[k]
            host_options.append((k, int(reading.target), evidence * reading.weight * q))
        named_countries = {int(r.target) for r in mention.of_type(COUNTRY)}
        for reading in mention.of_type(CITY):
            city = lexicon.cities[int(reading.target)]
            prior = 2.0 if city.is_region else math.log10(city.population + 10) / 4
            if int(reading.target) == largest.get(k):
                prior += 0.5  # the best-known city of that name
            plain = reading.weight * q
            confidence = plain
            if named_countries and city.country_id not in named_countries:
                # "Holland", "Belize", "Grenada": the country, not a town of that name; a
                # state's declined form too (Ukrainian "в Албанії" is Albania, not Albany),
                # where a province that sends delegations may be its own capital ("Québec").
                states = named_countries <= states_and_territories
                strong = max(r.weight for r in mention.of_type(COUNTRY)) >= (
                    0.9 if states else 0.95
                )
                confidence *= 0.3 if strong else 0.8
            if city.country_id in named_countries:
                # "Djibouti", "Kuwait": the city says no more than its country; being near
                # it must not outweigh the roles the words give.
                confidence *= 0.4
                plain *= 0.4
            option = (parsed.host_evidence[k] + prior) * confidence - 2.0 * (1 - confidence)
            # ... unless the query names the town's country as well ("Salvador, Brazil").
            named = (parsed.host_evidence[k] + prior) * plain - 2.0 * (1 - plain)
            city_options.append((k, city, option, confidence, named, plain))

    # Leaving a name unexplained costs; less so a word that may be a small word ("DE", "IN").
    strength = {
        k: 0.3 if m.of_type(*FUNCTION_TYPES) else 1.0 + m.quality * (m.end - m.start) ** 0.5
        for k, m in places
    }
    # A city's own name counts as naming its country, and so does its name in another script
    # ("טשקנט"); another Latin name does not (GeoNames lists "Egypt" among the names of a town
    # in Arizona).
    mentioned: dict[int, set[int | None]] = {
        k: {
            *(int(r.target) for r in m.of_type(COUNTRY, DEMONYM)),
            *(
                lexicon.cities[int(r.target)].country_id
                for r in m.of_type(CITY)
                if r.weight >= 1.0 or (r.weight >= 0.95 and not text.is_latin(m.text))
            ),
        }
        for k, m in places
    }
    out: list[Interpretation] = []
    for sending, host, city_option in itertools.product(
        sending_options, host_options, city_options
    ):
        used = [o[0] for o in (sending, host, city_option) if o is not None]
        host_id = host[1] if host else None
        if sending and (sending[0] in used[1:]):
            continue
        if len(set(used)) != len(used):
            # One word is one place: "Djibouti", "Kuwait" or "الجزائر" name the country, or
            # the city, not both at once.
            continue
        if (
            city_option
            and host_id is not None
            and city_option[1].country_id != host_id
            and (sovereign_of is None or sovereign_of(city_option[1].country_id) != host_id)
        ):
            continue
        if city_option and host and host[0] != city_option[0]:
            city_option = (
                city_option[0],
                city_option[1],
                city_option[4],
                city_option[5],
                city_option[4],
                city_option[5],
            )
        if host_id is None and city_option:
            host_id = city_option[1].country_id
        sending_id = sending[1] if sending else None
        if sending_id is not None and sending_id == host_id:
            continue
        score = sum(o[2] for o in (sending, host, city_option) if o is not None)
        unused = {k for k, _ in places} - set(used)
        # A place named twice ("the United Kingdom of Great Britain and Northern Ireland")
        # is not left unexplained.
        chosen = {sending_id, host_id}
        score -= sum(strength[k] for k in unused if not (mentioned[k] & chosen))
        out.append(
            Interpretation(
                sending=sending_id,
                host=host_id,
                city=city_option[1] if city_option else None,
                city_confidence=city_option[3] if city_option else 1.0,
                kind=parsed.kind,
                consular=parsed.consular,
                score=score,
                host_named=host is not None,
            )
        )
    out.sort(key=lambda i: -i.score)
    seen: set[tuple[int | None, int | None, int | None]] = set()
    unique = []
    for interpretation in out:
        signature = (
            interpretation.sending,
            interpretation.host,
            interpretation.city.id if interpretation.city else None,
        )
        if signature in seen:
            continue
        seen.add(signature)
        unique.append(interpretation)
    return unique[:limit]


def _kind_score(kind: str, wanted: str | None, consular: bool) -> float:
    if wanted and wanted != "mission":
        family = KIND_FAMILIES.get(wanted, ())
        if kind in family:
            return 1.6 - 0.3 * family.index(kind)
        return 0.0 if kind != "permanent_mission" else -1.0
    bonus = DEFAULT_KIND_BONUS.get(kind, 0.3)
    if consular and kind == "honorary_consulate":
        bonus -= 0.3  # honorary consuls cannot issue passports
    return bonus


def _city_score(mission: MissionEntry, city: City) -> tuple[float, float | None]:
    """Closeness of a mission to the city asked for, and the distance when known."""
    if mission.latitude is not None and mission.longitude is not None and city.latitude is not None:
        assert city.longitude is not None
        d = great_circle_km(mission.latitude, mission.longitude, city.latitude, city.longitude)
        if d <= city.radius_km:
            return 2.5, d
        if d <= city.radius_km + 60:
            return 1.5 * (1 - (d - city.radius_km) / 60), d
        return 0.0, d
    if mission.city and not text.place_cores(mission.city).isdisjoint(
        {text.place_core(city.name), text.place_core(city.main_city)}
    ):
        return 2.5, None
    return 0.0, None


def _describe(index: MissionIndex, interpretation: Interpretation, mission: MissionEntry) -> str:
    """Why a mission matched, in the active language: the parts of the query it answers."""
    countries = index.countries
    parts = []
    if interpretation.sending is not None:
        country = countries[mission.sending_id].label_in_sentence()
        parts.append(_("sent by %(country)s") % {"country": country})
    if interpretation.host is not None and index.stands_in(mission, interpretation.host):
        # Where it stands: "in Hong Kong" for a consulate-general the source files under China.
        country = countries[mission.place_id].label_in_sentence()
        parts.append(pgettext("a country", "in %(country)s") % {"country": country})
    if interpretation.city is not None and mission.city:
        city = pgettext("a city", "in %(city)s") % {"city": _mission_town(index, mission)}
        if city not in parts:  # "in Hong Kong" once, for the town and the place alike
            parts.append(city)
    if not parts:
        return _("Name matches the query")
    # Translators: joins the reasons a search result matched ("sent by X, in Y").
    sentence = _(", ").join(parts)
    return sentence[0].upper() + sentence[1:]


@dataclass(frozen=True, slots=True)
class Reason:
    """What made a mission match one reading; put into words only for the hits shown."""

    interpretation: Interpretation
    closeness: float = 0.0
    distance_km: float | None = None
    accredited: bool = False
    #: The sender has no mission in the territory asked for: this one is in its state.
    in_sovereign: bool = False


def _mission_town(index: MissionIndex, mission: MissionEntry) -> str:
    """The mission's town in the page's language, else as its source names it."""
    codes = (index.countries[mission.place_id].code, index.countries[mission.host_id].code)
    return town_name(mission.city, "", tuple(code for code in codes if code), page_language())


def _query_town(index: MissionIndex, city: City) -> str:
    """A town the query named, in the page's language, else by its GeoNames name."""
    country = index.countries.get(city.country_id) if city.country_id is not None else None
    codes = (country.code,) if country is not None and country.code else ()
    return town_name(city.name, "", codes, page_language())


def explain(index: MissionIndex, mission: MissionEntry, reason: Reason) -> str:
    """Why a mission matched, in the active language."""
    interpretation = reason.interpretation
    city = interpretation.city
    s, h = interpretation.sending, interpretation.host
    if reason.accredited:
        return _(
            "%(sender)s has no resident mission in %(host)s; this mission in %(place)s "
            "is accredited to it"
        ) % {
            "sender": index.countries[s].label_in_sentence() if s is not None else "",
            "host": index.countries[h].label_in_sentence() if h is not None else "",
            "place": _mission_town(index, mission)
            if mission.city
            else index.countries[mission.place_id].label_in_sentence(),
        }
    if reason.in_sovereign and h is not None:
        territory = index.countries[h]
        state = index.countries[territory.part_of] if territory.part_of is not None else territory
        return _(
            "%(sender)s has no mission in %(territory)s, which is part of %(state)s; "
            "this mission is in %(place)s"
        ) % {
            "sender": index.countries[s].label_in_sentence() if s is not None else "",
            "territory": territory.label_in_sentence(),
            "state": state.label_in_sentence(),
            "place": _mission_town(index, mission)
            if mission.city
            else index.countries[mission.place_id].label_in_sentence(),
        }
    why = _describe(index, interpretation, mission)
    if city is not None:
        if reason.closeness >= 2.5:
            why += _("; in or near %(city)s") % {"city": _query_town(index, city)}
        elif reason.distance_km is not None and reason.closeness > 0:
            why += _("; %(distance)s km from %(city)s") % {
                "distance": f"{reason.distance_km:.0f}",
                "city": _query_town(index, city),
            }
    return why


def _standing_in(
    index: MissionIndex, missions_in: Callable[[int], Sequence[int]], place: int, base: float
) -> list[tuple[int, float]]:
    """(mission, base score) for the missions standing in `place`, then for those standing in
    its territories, lower (`TERRITORY_PENALTY`)."""
    pool = [(i, base) for i in missions_in(place)]
    for territory in index.territories.get(place, ()):
        pool.extend((i, base - TERRITORY_PENALTY) for i in missions_in(territory))
    return pool


def _nearest_first(
    index: MissionIndex, pool: Iterable[int], territory: int
) -> list[tuple[int, float]]:
    """The state's missions for someone in one of its territories: the nearest to the territory
    first (the consulate-general in Hong Kong for Macau), whether in the state or in another of
    its territories."""
    centre = index.centres.get(territory)
    out = []
    for i in pool:
        mission = index.missions[i]
        nearness = 0.0
        if centre is not None and mission.latitude is not None and mission.longitude is not None:
            d = great_circle_km(mission.latitude, mission.longitude, *centre)
            nearness = 1.0 / (1.0 + d / 500.0)
        out.append((i, SOVEREIGN_BASE + nearness))
    return out


def score_missions(
    index: MissionIndex, interpretation: Interpretation
) -> list[tuple[int, float, Reason]]:
    """(mission index, score, reason) for the missions one reading points to."""
    s, h, city = interpretation.sending, interpretation.host, interpretation.city
    pool: list[tuple[int, float]]
    accredited = in_sovereign = False
    if s is not None and h is not None:
        pool = _standing_in(index, lambda place: index.by_pair.get((s, place), ()), h, 10.0)
        if not pool:
            pool = [(i, 9.0) for i in index.accredited.get((s, h), ())]
            accredited = bool(pool)
        sovereign = index.sovereign_of(h)
        # Only for a territory the query names: a town's name is too weak a sign ("Jordan" is
        # also a quarter of Hong Kong).
        if not pool and sovereign is not None and interpretation.host_named:
            in_state = _standing_in(
                index, lambda place: index.by_pair.get((s, place), ()), sovereign, 0
            )
            pool = _nearest_first(index, (i for i, _base in in_state), h)
            in_sovereign = bool(pool)
    elif s is not None:
        pool = [(i, 7.0) for i in index.by_sending.get(s, ())]
    elif h is not None:
        pool = _standing_in(index, lambda place: index.by_host.get(place, ()), h, 7.0)
    else:
        return []
    plain = Reason(interpretation, accredited=accredited, in_sovereign=in_sovereign)
    out = []
    for i, base in pool:
        mission = index.missions[i]
        score = base + _kind_score(mission.kind, interpretation.kind, interpretation.consular)
        reason = plain
        if city is not None:
            closeness, d = _city_score(mission, city)
            if not accredited:
                score += closeness * interpretation.city_confidence
            reason = Reason(interpretation, closeness, d, accredited, in_sovereign)
        out.append((i, score, reason))
    return out


def rank(
    index: MissionIndex, parsed: ParsedQuery, lexicon: Lexicon, limit: int
) -> tuple[Interpretation | None, list[Hit]]:
    readings = interpretations(parsed, lexicon, sovereign_of=index.sovereign_of)
    best: dict[int, tuple[float, Reason]] = {}
    chosen: Interpretation | None = None
    top_score = -math.inf
    for interpretation in readings:
        scored = score_missions(index, interpretation)
        if not scored:
            continue
        weight = interpretation.score
        if interpretation.sending is not None:
            # A word two countries share ("Dominican", "Congolese") goes, all else equal, to
            # the one with more missions abroad: a tie-breaker, far below any real evidence.
            sent = len(index.by_sending.get(interpretation.sending, ()))
            weight += 0.005 * math.log10(1 + sent)
        for i, score, reason in scored:
            total = score + weight
            if i not in best or total > best[i][0]:
                best[i] = (total, reason)
            if total > top_score:
                top_score, chosen = total, interpretation
    if chosen is None and readings:
        chosen = readings[0]
    ordered = _best_first(index, best, limit)
    hits = [
        Hit(index.missions[i], round(score, 3), explain(index, index.missions[i], reason))
        for i, (score, reason) in ordered
    ]
    return chosen, hits


def _best_first(
    index: MissionIndex, best: dict[int, tuple[float, Reason]], limit: int
) -> list[tuple[int, tuple[float, Reason]]]:
    """The `limit` best missions, by score (to three decimals) then name and Wikidata id.

    Only the missions scoring at least the `limit`-th best are put in order: a reading with a
    sender alone may score every one of its hundreds of missions.
    """
    if len(best) > limit:
        floor = round(
            min(total for total, _ in heapq.nlargest(limit, best.values(), key=_total)), 3
        )
        candidates = [item for item in best.items() if round(item[1][0], 3) >= floor]
    else:
        candidates = list(best.items())
    return sorted(
        candidates,
        key=lambda item: (
            -round(item[1][0], 3),
            index.missions[item[0]].name,
            index.missions[item[0]].wikidata_id,
        ),
    )[:limit]


def _total(scored: tuple[float, Reason]) -> float:
    return scored[0]


def name_search(index: MissionIndex, parsed: ParsedQuery, limit: int) -> list[Hit]:
    """Fallback when no place is recognised: missions whose names share the query's words."""
    words = [t.folded for t in parsed.tokens if len(t.folded) > 2]
    for token in parsed.tokens:
        i = index.by_wikidata_id.get(token.raw.upper())
        if i is not None:
            return [Hit(index.missions[i], 1.0, "Wikidata ID")]
    if not words:
        return []
    counts: defaultdict[int, float] = defaultdict(float)
    for word in set(words):
        postings = index.name_words.get(word, [])
        if not postings or len(postings) > len(index.missions) // 4:
            continue
        weight = math.log(len(index.missions) / len(postings))
        for i in postings:
            counts[i] += weight
    if not counts:
        return []
    top = max(counts.values())
    hits = [
        Hit(index.missions[i], round(score / top, 3), "Name matches the query")
        for i, score in counts.items()
        if score >= top * 0.5
    ]
    hits.sort(key=lambda h: (-h.score, h.mission.name, h.mission.wikidata_id))
    return hits[:limit]
