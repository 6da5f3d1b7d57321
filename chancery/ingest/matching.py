"""Tie the records of a contact source (OpenStreetMap, GOV.UK …) to the missions already known.

Pure functions over plain values: the caller loads `MissionCandidate`s and gets back one
`Match` per record. In order of trust:

1. "linked": a record an earlier run linked to a mission stays with it;
2. "tag": the record names the mission's Wikidata item;
3. "score": a confidence from sender (must be equal), kind, place, distance and name, accepted
   at ACCEPT_SCORE when no other candidate comes close; between AMBIGUOUS_SCORE and it the
   record is left unmatched with an "ambiguous" reason for editors.

Records that describe one office (two OpenStreetMap nodes of one embassy) form a group and go to
the same mission; a mission is taken by at most one group. Unmatched records are grouped the
same way, so that the caller creates one new mission per group.
"""

from __future__ import annotations

import dataclasses
import heapq
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from chancery.core.geo import great_circle_km
from chancery.directory.models import MissionKind
from chancery.lexicon import text

from .sources.records import ContactRecord

# --- Thresholds and weights ----------------------------------------------------------------

#: What each part weighs in the score (they sum to 1). Kind and distance say most: one sender
#: seldom has two offices of one kind within a few kilometres. The name says less, since
#: sources word it freely ("Royal Thai Embassy", "Embassy of Thailand"); the place mostly
#: confirms the distance, and decides alone when a side has no coordinates.
KIND_WEIGHT = 0.30
DISTANCE_WEIGHT = 0.30
NAME_WEIGHT = 0.25
PLACE_WEIGHT = 0.15
#: A part that cannot be judged (no coordinates, no name) counts half: neither for nor against.
UNKNOWN_PART = 0.5
#: Accepted from here: the same kind in the same place, with a near point or a like name.
#: Sender, kind and place right with neither coordinates nor name (0.30 + 0.15 + 0.275) is
#: not enough; add a point within ~4 km or a name alike, and it is.
ACCEPT_SCORE = 0.75
#: From here to ACCEPT_SCORE: likely the same office, but an editor should say so.
AMBIGUOUS_SCORE = 0.55
#: An accepted candidate must lead the next one by this much, or the match is ambiguous.
CLEAR_MARGIN = 0.08
#: Within NEAR_KM the distance part is full; from FAR_KM it is nothing. Between, it falls with
#: the logarithm of the distance: 1 km off is a building's size, 10 km is another district.
NEAR_KM = 0.5
FAR_KM = 30.0
#: Two records of one sender and kind this close describe one office (a node and the building
#: it stands in, or two nodes mapped twice).
DUPLICATE_KM = 0.15
#: Two records of one sender and kind with the same name are one office if no farther apart
#: than this: mappers place the second node at the entrance, the gate or another wing, but
#: honorary consulates of one state in two towns of one country share a name too.
SAME_NAME_KM = 10.0

# How alike two kinds are, from the record's side to the candidate's. An embassy and a high
# commission are the same office under two names (a Commonwealth member's embassy); a
# consulate-general and a consulate are easily confused; an honorary consulate is never a
# career office. Pairs not listed count 0.2 (likely a mapping slip); None refuses the pair.
K = MissionKind
_KIND_PAIRS: dict[frozenset[str], float | None] = {
    frozenset({K.EMBASSY, K.HIGH_COMMISSION}): 1.0,
    frozenset({K.EMBASSY, K.NUNCIATURE}): 0.8,
    frozenset({K.CONSULATE_GENERAL, K.CONSULATE}): 0.7,
    frozenset({K.CONSULATE, K.VICE_CONSULATE}): 0.6,
    frozenset({K.CONSULATE_GENERAL, K.VICE_CONSULATE}): 0.4,
    frozenset({K.REPRESENTATIVE_OFFICE, K.LIAISON_OFFICE}): 0.7,
    frozenset({K.REPRESENTATIVE_OFFICE, K.EMBASSY}): 0.4,
    frozenset({K.DELEGATION, K.EMBASSY}): 0.5,
    frozenset({K.DELEGATION, K.PERMANENT_MISSION}): 0.6,
    frozenset({K.DELEGATION, K.REPRESENTATIVE_OFFICE}): 0.6,
}
_OTHER_PAIR = 0.2

#: Words after which a name says where the office is, not whose ("Embassy of Spain in
#: Singapore", "Nunciature to …", "Ambasciata d'Italia a Singapore", "Embaixada … em …",
#: "中华人民共和国驻新加坡大使馆": 驻, stationed in).
PLACE_WORDS = frozenset(
    {"in", "to", "at", "en", "a", "au", "aux", "em", "di", "в", "во", "bei", "驻", "駐"}
)
#: Words of state names that differ between sources without changing the state ("Embassy of
#: the Kingdom of the Netherlands", "Embassy of the Netherlands").
NAME_NOISE = frozenset(
    {
        "the", "of", "and", "kingdom", "republic", "federal", "state", "principality", "union",
        "democratic", "people", "peoples", "s", "socialist", "islamic", "royal", "grand",
        "duchy", "sultanate", "commonwealth", "plurinational", "bolivarian", "federation",
        "de", "la", "le", "du", "des", "del", "der", "van", "het",
    }
)  # fmt: skip


@dataclass(frozen=True)
class MissionCandidate:
    id: int
    wikidata_id: str | None
    #: Codes as the records write them: ISO alpha-2, or "EU" and the like.
    sending_code: str
    host_code: str
    territory_code: str
    kind: str
    name: str
    city: str
    latitude: float | None
    longitude: float | None
    #: "osm:node/1"-style keys of the records already linked to this mission.
    linked: frozenset[str] = frozenset()


@dataclass
class Match:
    record: ContactRecord
    mission_id: int | None
    #: "linked", "tag", "score" or "none".
    method: str
    score: float
    reasons: list[str] = field(default_factory=list)
    #: Records of one office share a group (and a mission, or one new mission).
    group: int = 0


def record_key(record: ContactRecord) -> str:
    """How a record is named among a mission's links: "osm:node/123"."""
    return f"{record.source}:{record.record_id}"


def comparable_name(name: str) -> str:
    """A name without its place and the words state names vary in: "Embassy of the Kingdom of
    the Netherlands" and "Embassy of the Netherlands in Singapore" both give "embassy
    netherlands"."""
    words = text.tokens(name)
    for position, word in enumerate(words):
        if position and word in PLACE_WORDS:
            words = words[:position]
            break
    return " ".join(word for word in words if word not in NAME_NOISE)


def _spelt(name: str) -> str:
    """A name without the words state names vary in, its place kept."""
    return " ".join(word for word in text.tokens(name) if word not in NAME_NOISE)


def kind_likeness(record_kind: str, candidate_kind: str) -> float | None:
    """How alike two kinds are (1 the same office, 0.2 unlikely), None when they cannot be one
    office (an honorary consulate and a career post). An unknown kind counts half."""
    if not record_kind or not candidate_kind:
        return UNKNOWN_PART
    if record_kind == candidate_kind:
        return 1.0
    if K.HONORARY_CONSULATE in (record_kind, candidate_kind):
        return None
    return _KIND_PAIRS.get(frozenset({record_kind, candidate_kind}), _OTHER_PAIR)


def distance_likeness(km: float) -> float:
    if km <= NEAR_KM:
        return 1.0
    if km >= FAR_KM:
        return 0.0
    return 1.0 - math.log(km / NEAR_KM) / math.log(FAR_KM / NEAR_KM)


def _km(a: ContactRecord | MissionCandidate, b: ContactRecord | MissionCandidate) -> float | None:
    if a.latitude is None or a.longitude is None or b.latitude is None or b.longitude is None:
        return None
    return great_circle_km(a.latitude, a.longitude, b.latitude, b.longitude)


PlaceOf = Callable[[float, float], str]


def _place(record: ContactRecord, place_of: PlaceOf | None) -> str:
    if place_of is not None and record.latitude is not None and record.longitude is not None:
        return place_of(record.latitude, record.longitude)
    return record.host_code


#: Kinds of which a sender has one per country: its embassy (or high commission, or
#: nunciature) there. A record of such a kind in a country where the sender has exactly one
#: such mission is that mission, however differently the two name it ("British Embassy
#: Manila", "Embassy of the United Kingdom in the Philippines").
HEAD_KINDS = frozenset({K.EMBASSY, K.HIGH_COMMISSION, K.NUNCIATURE})


@dataclass(frozen=True)
class Scored:
    score: float
    candidate: MissionCandidate
    reasons: tuple[str, ...]
    #: The record of a group that scored this.
    record_id: str = ""
    #: Both are the sender's head office in the same country (see HEAD_KINDS).
    head_office: bool = False


def score(record: ContactRecord, candidate: MissionCandidate, place: str) -> Scored | None:
    """The confidence that a record describes a candidate, with its parts as reasons; None when
    they cannot be one office (another sender, an honorary consulate against a career post).
    `place` is the code of where the record stands ("" unknown)."""
    if not record.sending_code or record.sending_code != candidate.sending_code:
        return None
    kind = kind_likeness(record.kind, candidate.kind)
    if kind is None:
        return None
    reasons = [f"sender {record.sending_code}", f"kind {record.kind or '?'}~{candidate.kind}"]
    if place:
        place_part = 1.0 if place in (candidate.host_code, candidate.territory_code) else 0.0
        reasons.append(f"place {place} {'=' if place_part else '≠'} {candidate.territory_code}")
    else:
        place_part = UNKNOWN_PART
    km = _km(record, candidate)
    if place and not place_part and (km is None or km >= FAR_KM):
        # An office in another country is another office (the sender's embassy in Bahrain is
        # not its embassy in Singapore), however alike the names; a point near a border that
        # the place lookup put on the other side still counts by its distance.
        return None
    distance = UNKNOWN_PART if km is None else distance_likeness(km)
    if km is not None:
        reasons.append(f"{km:.2f} km")
    ours, theirs = comparable_name(record.name), comparable_name(candidate.name)
    name = fuzz.token_sort_ratio(ours, theirs) / 100 if ours and theirs else UNKNOWN_PART
    reasons.append(f"name {name:.2f}")
    total = (
        KIND_WEIGHT * kind
        + PLACE_WEIGHT * place_part
        + DISTANCE_WEIGHT * distance
        + NAME_WEIGHT * name
    )
    head_office = bool(
        place_part == 1.0 and record.kind in HEAD_KINDS and candidate.kind in HEAD_KINDS
    )
    return Scored(round(total, 3), candidate, tuple(reasons), record.record_id, head_office)


# --- Groups of records of one office ---------------------------------------------------------


def same_office(a: ContactRecord, b: ContactRecord) -> bool:
    """Whether two records describe one office: one sender and kind (an embassy and a high
    commission are one kind here), and very close, or alike in name and not far apart."""
    if not a.sending_code or a.sending_code != b.sending_code:
        return False
    if a.wikidata_id and b.wikidata_id and a.wikidata_id != b.wikidata_id:
        return False
    if kind_likeness(a.kind, b.kind) != 1.0:
        return False
    km = _km(a, b)
    if km is not None and km <= DUPLICATE_KM:
        return True
    # The place stays in the names compared here: "Consulate-General of India in Chennai" and
    # "… in Mumbai" are two offices, whatever their points say.
    if not a.name or _spelt(a.name) != _spelt(b.name):
        return False
    if km is None:
        return not (a.city and b.city and text.key(a.city) != text.key(b.city))
    return km <= SAME_NAME_KM


def group_records(records: Sequence[ContactRecord]) -> list[int]:
    """A group number for each record (0, 1, … in order of first appearance); records of one
    office share theirs."""
    parent = list(range(len(records)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_sender: dict[str, list[int]] = {}
    for index, record in enumerate(records):
        by_sender.setdefault(record.sending_code, []).append(index)
    for sender, indexes in by_sender.items():
        if not sender:
            continue
        for position, i in enumerate(indexes):
            for j in indexes[position + 1 :]:
                if root(i) != root(j) and same_office(records[i], records[j]):
                    parent[max(root(i), root(j))] = min(root(i), root(j))
    numbers: dict[int, int] = {}
    return [numbers.setdefault(root(i), len(numbers)) for i in range(len(records))]


# --- Matching -------------------------------------------------------------------------------


def _describe(candidate: MissionCandidate) -> str:
    return f"#{candidate.id} {candidate.wikidata_id or candidate.name!r}"


def match_records(
    records: Sequence[ContactRecord],
    candidates: Sequence[MissionCandidate],
    *,
    place_of: PlaceOf | None = None,
) -> list[Match]:
    """One Match per record, in the records' order. `place_of(lat, lon)` gives the code of the
    place a point is in; without it, a record's own `host_code` is its place."""
    groups = group_records(records)
    matches = [
        Match(record, None, "none", 0.0, [], group)
        for record, group in zip(records, groups, strict=True)
    ]
    by_key = {key: c for c in candidates for key in c.linked}
    by_qid = {c.wikidata_id: c for c in candidates if c.wikidata_id}
    taken: dict[int, int] = {}  # mission id → group
    members: dict[int, list[Match]] = {}
    for match in matches:
        members.setdefault(match.group, []).append(match)

    # Links from earlier runs, then Wikidata tags: each record for itself.
    for match in matches:
        linked = by_key.get(record_key(match.record))
        tagged = by_qid.get(match.record.wikidata_id) if match.record.wikidata_id else None
        if linked is not None:
            _settle(match, linked, "linked", 1.0, ["linked by an earlier run"])
        elif tagged is not None:
            _settle(match, tagged, "tag", 1.0, [f"tagged {match.record.wikidata_id}"])
        if match.mission_id is not None:
            taken.setdefault(match.mission_id, match.group)
    # Their duplicates follow them.
    for siblings in members.values():
        settled = next((m for m in siblings if m.mission_id is not None), None)
        if settled is None:
            continue
        for sibling in siblings:
            if sibling.mission_id is None:
                sibling.mission_id, sibling.method, sibling.score = (
                    settled.mission_id,
                    settled.method,
                    settled.score,
                )
                sibling.reasons = [f"same office as {settled.record.record_id}"]

    _match_by_score(
        [g for g, siblings in members.items() if all(m.mission_id is None for m in siblings)],
        members,
        candidates,
        taken,
        place_of,
    )
    return matches


def _settle(
    match: Match, candidate: MissionCandidate, method: str, value: float, reasons: list[str]
) -> None:
    match.mission_id, match.method, match.score = candidate.id, method, value
    match.reasons = reasons


def _ranked(
    siblings: list[Match], by_sender: dict[str, list[MissionCandidate]], place_of: PlaceOf | None
) -> list[Scored]:
    """The candidates for a group, best first: each scored by the group's best record."""
    best: dict[int, Scored] = {}
    for match in siblings:
        place = _place(match.record, place_of)
        for candidate in by_sender.get(match.record.sending_code, []):
            scored = score(match.record, candidate, place)
            if scored is not None and (
                candidate.id not in best or scored.score > best[candidate.id].score
            ):
                best[candidate.id] = scored
    return sorted(best.values(), key=lambda s: (-s.score, s.candidate.id))


def _match_by_score(
    open_groups: list[int],
    members: dict[int, list[Match]],
    candidates: Sequence[MissionCandidate],
    taken: dict[int, int],
    place_of: PlaceOf | None,
) -> None:
    """Greedy, best pair first: the group whose best free candidate scores highest takes it,
    if it is clear of the next; a group whose best was taken looks again."""
    by_sender: dict[str, list[MissionCandidate]] = {}
    for candidate in candidates:
        by_sender.setdefault(candidate.sending_code, []).append(candidate)
    ranked = {group: _ranked(members[group], by_sender, place_of) for group in open_groups}
    heap = [(-_best_free(ranked[g], taken), g) for g in open_groups]
    heapq.heapify(heap)
    while heap:
        best_score, group = heapq.heappop(heap)
        top = _best_free(ranked[group], taken)
        if top != -best_score:  # its best was taken meanwhile: queue it at its new best
            heapq.heappush(heap, (-top, group))
            continue
        _decide(members[group], ranked[group], taken, group)


def _best_free(ranked: list[Scored], taken: dict[int, int]) -> float:
    return next((s.score for s in ranked if s.candidate.id not in taken), 0.0)


def _decide(siblings: list[Match], ranked: list[Scored], taken: dict[int, int], group: int) -> None:
    """Settle one group against its free candidates: matched, ambiguous or unmatched."""
    free = [s for s in ranked if s.candidate.id not in taken]
    if not free:
        if ranked:
            reason = f"no match: {_describe(ranked[0].candidate)} went to another record"
        elif siblings[0].record.sending_code:
            reason = "no match: no mission of this sender fits"
        else:
            reason = "no match: sender unknown"
        for match in siblings:
            match.reasons = [reason]
        return
    first = free[0]
    second = free[1] if len(free) > 1 else None
    clear = second is None or first.score - second.score >= CLEAR_MARGIN
    only_head_office = first.head_office and not any(s.head_office for s in free[1:])
    if only_head_office and first.score >= AMBIGUOUS_SCORE:
        first = dataclasses.replace(
            first, reasons=(*first.reasons, "the sender's only embassy there")
        )
    if (first.score >= ACCEPT_SCORE and clear) or (
        only_head_office and first.score >= AMBIGUOUS_SCORE
    ):
        taken[first.candidate.id] = group
        for match in siblings:
            match.mission_id, match.method, match.score = first.candidate.id, "score", first.score
            match.reasons = [f"score {first.score:.2f} for {_describe(first.candidate)}"]
            if match.record.record_id != first.record_id:
                match.reasons.append(f"same office as {first.record_id}")
            match.reasons.extend(first.reasons)
        return
    if first.score >= AMBIGUOUS_SCORE:
        options = ", ".join(f"{_describe(s.candidate)} {s.score:.2f}" for s in free[:3])
        why = "too close to call" if first.score >= ACCEPT_SCORE else "below the acceptance score"
        reasons = [f"ambiguous ({why}): {options}", *first.reasons]
    else:
        reasons = [f"no match: best {_describe(first.candidate)} scored {first.score:.2f}"]
    for match in siblings:
        match.score = first.score
        match.reasons = list(reasons)
