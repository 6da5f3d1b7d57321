"""Tying source records to known missions: by earlier link, by Wikidata tag, by score; records of
one office grouped; and the real Singapore sample against the real 2022 missions."""

from __future__ import annotations

import dataclasses
import itertools
from pathlib import Path

import pytest
from django.conf import settings

from chancery.countries.places import country_code_at, territory_code_at
from chancery.countries.reference import CLDR_CODES
from chancery.countries.resolution import iso_for_name, normalize_name
from chancery.directory.naming import kind_for_label, mission_name
from chancery.ingest.matching import (
    ACCEPT_SCORE,
    AMBIGUOUS_SCORE,
    Match,
    MissionCandidate,
    comparable_name,
    match_records,
)
from chancery.ingest.sources.osm import read_features
from chancery.ingest.sources.records import ContactRecord
from chancery.ingest.sources.wikidata_csv import MissionRecord, read_missions

#: A point in Singapore; 0.001° of latitude is some 111 m.
LAT, LON = 1.3000, 103.8300
_ids = itertools.count(1)


def record(
    sender: str = "FR",
    kind: str = "embassy",
    name: str = "Embassy of France",
    *,
    lat: float | None = LAT,
    lon: float | None = LON,
    wikidata_id: str = "",
    record_id: str = "",
    host_code: str = "SG",
) -> ContactRecord:
    record_id = record_id or f"node/{next(_ids)}"
    return ContactRecord(
        source="osm",
        record_id=record_id,
        record_url=f"https://www.openstreetmap.org/{record_id}",
        where="test",
        name=name,
        sending_code=sender,
        kind=kind,
        latitude=lat,
        longitude=lon,
        host_code=host_code,
        wikidata_id=wikidata_id,
    )


def candidate(
    mission_id: int,
    sender: str = "FR",
    kind: str = "embassy",
    name: str = "Embassy of France in Singapore",
    *,
    lat: float | None = LAT,
    lon: float | None = LON,
    wikidata_id: str | None = None,
    linked: frozenset[str] = frozenset(),
) -> MissionCandidate:
    return MissionCandidate(
        id=mission_id,
        wikidata_id=wikidata_id or f"Q{1000 + mission_id}",
        sending_code=sender,
        host_code="SG",
        territory_code="SG",
        kind=kind,
        name=name,
        city="Singapore",
        latitude=lat,
        longitude=lon,
        linked=linked,
    )


def test_names_compare_without_place_and_state_words() -> None:
    assert comparable_name("Embassy of the Kingdom of the Netherlands") == comparable_name(
        "Embassy of the Netherlands in Singapore"
    )
    assert comparable_name("Apostolic Nunciature to Singapore") == "apostolic nunciature"


def test_an_earlier_link_is_kept() -> None:
    linked = record(sender="DE", name="Botschaft", record_id="node/7")
    candidates = [candidate(1, linked=frozenset({"osm:node/7"})), candidate(2, sender="DE")]
    [match] = match_records([linked], candidates)
    assert (match.mission_id, match.method, match.score) == (1, "linked", 1.0)


def test_a_wikidata_tag_decides_whatever_the_distance() -> None:
    far = record(name="French chancery", lat=LAT + 0.05, wikidata_id="Q5")
    candidates = [candidate(1), candidate(2, wikidata_id="Q5", lat=None, lon=None)]
    [match] = match_records([far], candidates)
    assert (match.mission_id, match.method) == (2, "tag")
    assert match.reasons == ["tagged Q5"]


def test_a_near_office_of_the_same_sender_and_kind_is_matched_by_score() -> None:
    near = record(kind="high_commission", name="High Commission of France", lat=LAT + 0.0004)
    [match] = match_records([near], [candidate(1)])
    assert (match.mission_id, match.method) == (1, "score")
    assert match.score >= ACCEPT_SCORE
    assert match.reasons[0].startswith("score ")
    assert "sender FR" in match.reasons


def test_two_equally_good_candidates_are_ambiguous_not_guessed() -> None:
    office = record(lat=LAT + 0.0005)
    candidates = [candidate(1), candidate(2, lat=LAT + 0.001)]
    [match] = match_records([office], candidates)
    assert (match.mission_id, match.method) == (None, "none")
    assert match.reasons[0].startswith("ambiguous (too close to call)")
    assert "#1" in match.reasons[0] and "#2" in match.reasons[0]


def test_a_likely_but_weak_match_is_left_for_editors() -> None:
    office = record(kind="consulate", name="Consulate of France", lat=LAT + 0.07)
    [match] = match_records([office], [candidate(1, kind="consulate_general")])
    assert match.mission_id is None
    assert AMBIGUOUS_SCORE <= match.score < ACCEPT_SCORE
    assert match.reasons[0].startswith("ambiguous (below the acceptance score)")


def test_another_sender_never_matches() -> None:
    office = record(sender="DE", name="Embassy of France")
    [match] = match_records([office], [candidate(1)])
    assert (match.mission_id, match.method) == (None, "none")
    assert match.reasons == ["no match: no mission of this sender fits"]


def test_an_honorary_consulate_never_matches_a_career_post() -> None:
    office = record(kind="honorary_consulate", name="Honorary Consulate of France")
    [match] = match_records([office], [candidate(1, kind="consulate")])
    assert match.mission_id is None


def test_an_office_in_another_country_is_another_office() -> None:
    office = record(lat=LAT + 0.03)
    mission = candidate(1, lat=None, lon=None)
    [here] = match_records([office], [mission], place_of=lambda lat, lon: "SG")
    [there] = match_records([office], [mission], place_of=lambda lat, lon: "MY")
    assert here.mission_id == 1
    assert there.mission_id is None
    assert there.reasons == ["no match: no mission of this sender fits"]


def test_a_point_near_a_border_still_counts_by_its_distance() -> None:
    # The place lookup puts the node across the border: 300 m from the mission it is the same
    # office; 3 km away it is left to an editor.
    near = record(lat=LAT + 0.003)
    [matched] = match_records([near], [candidate(1)], place_of=lambda lat, lon: "MY")
    assert matched.mission_id == 1
    assert "place MY ≠ SG" in matched.reasons
    [farther] = match_records(
        [record(lat=LAT + 0.03)], [candidate(1)], place_of=lambda lat, lon: "MY"
    )
    assert farther.mission_id is None
    assert farther.reasons[0].startswith("ambiguous")


def test_duplicates_of_one_office_share_a_group_and_a_mission() -> None:
    node = record(name="Embassy of France", lat=LAT + 0.0003)
    building = record(name="French Embassy Chancery", lat=LAT + 0.0003, lon=LON + 0.0008)
    [first, second] = match_records([node, building], [candidate(1)])
    assert first.group == second.group
    assert first.mission_id == second.mission_id == 1
    assert any(reason.startswith("same office as") for reason in second.reasons)


def test_a_mission_is_taken_once_by_distinct_offices() -> None:
    embassy = record(name="Embassy of France", lat=LAT + 0.0002)
    other = record(name="French Trade Commission", lat=LAT + 0.03)
    [near, far] = match_records([embassy, other], [candidate(1)])
    assert near.group != far.group
    assert near.mission_id == 1
    assert far.mission_id is None
    assert far.reasons == ["no match: #1 'Q1001' went to another record"]


def test_unmatched_records_are_grouped_for_one_new_mission_each() -> None:
    records = [
        record(sender="AO", name="Embassy of Angola", lat=1.29340, lon=103.86032),
        record(sender="AO", name="Embassy of Angola", lat=1.29568, lon=103.85902),
        record(sender="JO", name="Embassy of Jordan", lat=1.29563, lon=103.85896),
        record(sender="AO", kind="honorary_consulate", name="Honorary Consulate of Angola"),
    ]
    matches = match_records(records, [])
    assert [m.method for m in matches] == ["none"] * 4
    assert matches[0].group == matches[1].group
    assert len({m.group for m in matches}) == 3
    assert [m.group for m in matches] == [0, 0, 1, 2]


# --- The real Singapore sample against the real 2022 missions --------------------------------


def sample_records() -> list[ContactRecord]:
    path = (
        settings.SHARED_DATA_DIR
        / "osm-embassies-singapore-sample"
        / "embassies-sg-20241120-1.geojson"
    )
    return [item for item in read_features(path) if isinstance(item, ContactRecord)]


def singapore_missions_2022(path: Path) -> list[MissionCandidate]:
    """The 2022 file's missions in Singapore (Q334), as the database would give them."""
    found = []
    for item in read_missions(path):
        if not isinstance(item, MissionRecord) or item.host.wikidata_id != "Q334":
            continue
        label = item.sending.label
        sender = iso_for_name(label) or CLDR_CODES.get(normalize_name(label), "")
        kind, _known = kind_for_label(item.type_label)
        found.append(
            MissionCandidate(
                id=item.line,
                wikidata_id=item.wikidata_id,
                sending_code=sender,
                host_code="SG",
                territory_code=territory_code_at(item.latitude, item.longitude, "SG"),
                kind=str(kind),
                name=mission_name(kind, label, item.host.label, item.city),
                city=item.city,
                latitude=item.latitude,
                longitude=item.longitude,
            )
        )
    return found


@pytest.fixture(scope="module")
def singapore() -> tuple[list[Match], dict[int, MissionCandidate]]:
    csv = settings.SHARED_DATA_DIR / "wikidata-missions" / "missions-2022-11-16.csv"
    candidates = singapore_missions_2022(csv)
    matches = match_records(sample_records(), candidates, place_of=country_code_at)
    return matches, {c.id: c for c in candidates}


def test_sample_duplicate_nodes_form_one_group_each() -> None:
    matches = {m.record.record_id: m for m in match_records(sample_records(), [])}
    assert len(matches) == 60
    assert len({m.group for m in matches.values()}) == 58
    assert matches["node/4298537696"].group == matches["node/8614847793"].group  # Angola
    assert matches["node/3483711795"].group == matches["node/10680133580"].group  # Sweden


def test_sample_matches_the_2022_missions_and_finds_13_new_offices(
    singapore: tuple[list[Match], dict[int, MissionCandidate]],
) -> None:
    matches, candidates = singapore
    assert len(candidates) == 55
    matched = [m for m in matches if m.mission_id is not None]
    assert {m.method for m in matched} == {"score"}
    assert len(matched) == 47
    assert len({m.group for m in matched}) == 45
    new = {m.record.sending_code: m for m in matches if m.mission_id is None}
    assert sorted(new) == sorted("AU CZ EG EU HK JO KW LI MM MY QA TH VN".split()), new.keys()
    assert new["AU"].record.name == "High Commission of Australia"
    # Each matched record went to the 2022 mission of its own sender, one mission per office.
    for match in matched:
        assert candidates[match.mission_id].sending_code == match.record.sending_code
    by_group = {m.group: m.mission_id for m in matched}
    assert len(set(by_group.values())) == len(by_group)


def test_sample_special_cases_find_their_missions(
    singapore: tuple[list[Match], dict[int, MissionCandidate]],
) -> None:
    matches, candidates = singapore
    found = {
        m.record.record_id: candidates[m.mission_id].wikidata_id
        for m in matches
        if m.mission_id is not None
    }
    assert found["node/10680133580"] == found["node/3483711795"] == "Q18333541"  # Sweden
    assert found["node/10680155881"] == "Q12785028"  # the nunciature
    assert found["node/10680180871"] == "Q24936775"  # Switzerland
    assert found["node/8910893849"] == "Q16242257"  # Taipei Representative Office
    assert found["node/8300873417"] == "Q107421902"  # Sudan's honorary consulate, no point


def test_offices_of_one_name_in_two_towns_stay_apart() -> None:
    chennai = record(sender="IN", kind="consulate_general", lat=None, lon=None)
    mumbai = record(sender="IN", kind="consulate_general", lat=None, lon=None)
    chennai.name = "Consulate General of India in Chennai"
    mumbai.name = "Consulate General of India in Mumbai"
    matches = match_records([chennai, mumbai], [])
    assert matches[0].group != matches[1].group


def test_the_senders_only_embassy_in_a_country_is_matched_whatever_its_name() -> None:
    # A government's list names its post "British Embassy Manila" and gives no point; the
    # directory calls it "Embassy of the United Kingdom in the Philippines".
    post = record("GB", name="British Embassy Manila", lat=None, lon=None, host_code="PH")
    embassy = dataclasses.replace(
        candidate(1, "GB", name="Embassy of the United Kingdom in the Philippines"),
        host_code="PH",
        territory_code="PH",
    )
    consulate = dataclasses.replace(embassy, id=2, kind="consulate", name="Consulate in Cebu")
    [matched] = match_records([post], [embassy, consulate])
    assert matched.mission_id == 1
    assert "the sender's only embassy there" in matched.reasons


def test_two_head_offices_in_one_country_leave_it_to_an_editor() -> None:
    post = record("GB", name="British Embassy", lat=None, lon=None, host_code="PH")
    one = dataclasses.replace(
        candidate(1, "GB", name="Embassy of the United Kingdom"),
        host_code="PH",
        territory_code="PH",
    )
    other = dataclasses.replace(one, id=2, kind="high_commission")
    [unsure] = match_records([post], [one, other])
    assert unsure.mission_id is None
