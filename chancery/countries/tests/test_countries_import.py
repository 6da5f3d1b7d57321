"""Countries as the session fixture imported them from the real 2022 missions file."""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from chancery.countries import reference
from chancery.countries.models import Country, CountryKind
from chancery.directory.models import Mission

pytestmark = pytest.mark.django_db

MLEDOZE = Path(settings.SHARED_DATA_DIR) / "mledoze-countries" / "countries.json"
SITE_LANGUAGES = ("en", "fr", "es", "de", "ru", "ar", "zh")


def _qid(value: str) -> str:
    return value.strip().rsplit("/", 1)[-1]


@cache
def _entity_qids(path: Path) -> dict[str, set[str]]:
    """Every entity QID in the file → the labels it is given (read with the csv module)."""
    labels: dict[str, set[str]] = defaultdict(set)
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter=";"):
            labels[_qid(row["operatorQID"])].add(row["operator"])
            labels[_qid(row["countryQID"])].add(row["country"])
            names = row["jurisdictions"].split("|")
            for position, raw in enumerate(row["jurisdictionQIDs"].split("|")):
                if raw.strip():
                    labels[_qid(raw)].add(names[position] if position < len(names) else "")
    return dict(labels)


def _countries_by_qid() -> dict[str, list[Country]]:
    found: dict[str, list[Country]] = defaultdict(list)
    for country in Country.objects.all():
        for qid in {country.wikidata_id, *country.other_wikidata_ids}:
            found[qid].append(country)
    return found


def _by_qid(qid: str) -> Country:
    matches = _countries_by_qid()[qid]
    assert len(matches) == 1, (qid, matches)
    return matches[0]


@cache
def _mledoze() -> list[dict[str, Any]]:
    if not MLEDOZE.exists():
        pytest.skip(f"{MLEDOZE} is not available")
    return json.loads(MLEDOZE.read_text(encoding="utf-8"))


def test_every_entity_qid_maps_to_exactly_one_country(missions_2022: Path) -> None:
    qids = _entity_qids(missions_2022)
    assert len(qids) > 300
    found = _countries_by_qid()
    problems = {qid: [c.name for c in found.get(qid, [])] for qid in qids}
    assert {qid: names for qid, names in problems.items() if len(names) != 1} == {}


def test_no_country_without_a_source_qid_except_places_of_the_world(missions_2022: Path) -> None:
    qids = set(_entity_qids(missions_2022))
    # The file's 322 entities (Taiwan's ministry of foreign affairs is Taiwan: 321 countries),
    # and the ISO 3166-1 places it never names (New Caledonia …).
    named = Country.objects.exclude(wikidata_id=None)
    assert named.count() == 321
    for country in named:
        assert {country.wikidata_id, *country.other_wikidata_ids} <= qids, country
    unnamed = Country.objects.filter(wikidata_id=None)
    assert unnamed.count() == Country.objects.count() - 321 > 0
    assert all(country.iso_alpha2 for country in unnamed)


def test_missions_point_at_the_countries_of_their_row(missions_2022: Path) -> None:
    seen: set[str] = set()
    expected: dict[str, tuple[str, str]] = {}
    with missions_2022.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter=";"):
            qid = _qid(row["QID"])
            if qid not in seen:  # the first row of a duplicated QID is the one imported
                seen.add(qid)
                expected[qid] = (_qid(row["operatorQID"]), _qid(row["countryQID"]))
    # Rows that give the operator as the host too are placed by their coordinates or
    # jurisdiction (see chancery/ingest/tests/test_self_hosted.py).
    self_hosted = {qid for qid, (sender, host) in expected.items() if sender == host}
    rows = Mission.objects.values_list(
        "wikidata_id",
        "sending_country__wikidata_id",
        "sending_country__other_wikidata_ids",
        "host_country__wikidata_id",
        "host_country__other_wikidata_ids",
    )
    actual = {row[0]: row[1:] for row in rows}
    assert set(actual) == set(expected)
    for qid, (sender, host) in expected.items():
        sender_id, sender_others, host_id, host_others = actual[qid]
        assert sender in {sender_id, *sender_others}, qid
        if qid not in self_hosted:
            assert host in {host_id, *host_others}, qid


@pytest.mark.parametrize(
    ("name", "kind", "iso", "translated"),
    [
        ("Quebec", CountryKind.SUBNATIONAL, None, True),
        ("Bavaria", CountryKind.SUBNATIONAL, None, False),
        ("Sovereign Military Order of Malta", CountryKind.OTHER, None, True),
        ("European Union", CountryKind.INTERNATIONAL_ORGANISATION, None, True),
        ("Northern Cyprus", CountryKind.PARTIALLY_RECOGNISED, None, True),
        ("Abkhazia", CountryKind.PARTIALLY_RECOGNISED, None, True),
        ("Somaliland", CountryKind.PARTIALLY_RECOGNISED, None, True),
        ("Kosovo", CountryKind.PARTIALLY_RECOGNISED, "XK", True),
        ("Taiwan", CountryKind.PARTIALLY_RECOGNISED, "TW", True),
        ("Palestine", CountryKind.PARTIALLY_RECOGNISED, "PS", True),
        ("Holy See", CountryKind.SOVEREIGN_STATE, "VA", True),
        ("Hong Kong", CountryKind.SPECIAL_ADMINISTRATIVE_REGION, "HK", True),
        ("Puerto Rico", CountryKind.TERRITORY, "PR", True),
        ("Germany", CountryKind.SOVEREIGN_STATE, "DE", True),
    ],
)
def test_first_class_entities(
    name: str, kind: CountryKind, iso: str | None, translated: bool
) -> None:
    country = Country.objects.get(name=name)
    assert country.kind == kind
    assert country.iso_alpha2 == iso
    assert country.code == (iso or country.slug)
    assert country.names["en"] == name
    if translated:
        assert all(country.names.get(lang) for lang in SITE_LANGUAGES), country.names


def test_kind_counts() -> None:
    kinds = {kind: Country.objects.filter(kind=kind).count() for kind in CountryKind.values}
    # The 193 UN members and the Holy See.
    assert kinds[CountryKind.SOVEREIGN_STATE] == 194
    assert set(
        Country.objects.filter(kind=CountryKind.SOVEREIGN_STATE).values_list(
            "iso_alpha2", flat=True
        )
    ) == set(reference.UN_MEMBER_STATES) | {"VA"}
    assert all(kinds.values())


def test_non_iso_entities_have_no_codes() -> None:
    for country in Country.objects.filter(iso_alpha2__isnull=True):
        assert country.kind not in {CountryKind.SOVEREIGN_STATE, CountryKind.TERRITORY}, country
        assert country.iso_alpha3 is None
        assert country.iso_numeric is None


def test_holy_see_is_one_country_for_both_qids(missions_2022: Path) -> None:
    qids = _entity_qids(missions_2022)
    holy_see = Country.objects.get(iso_alpha2="VA")
    assert holy_see.slug == "holy-see"
    assert holy_see.name == "Holy See"
    assert holy_see.names["fr"] == "Saint-Siège"
    assert holy_see.localized_name("de") == "Heiliger Stuhl"
    assert holy_see.name_in_sentence == "the Holy See"
    vatican_qids = {qid for qid, labels in qids.items() if labels & {"Vatican", "Holy See"}}
    assert len(vatican_qids) >= 2
    assert {_by_qid(qid).pk for qid in vatican_qids} == {holy_see.pk}


@pytest.mark.parametrize(
    ("slug", "iso"),
    [("russia", "RU"), ("united-states", "US"), ("holy-see", "VA"), ("germany", "DE")],
)
def test_slugs(slug: str, iso: str) -> None:
    assert Country.objects.get(slug=slug).iso_alpha2 == iso


def test_slugs_are_unique_and_well_formed() -> None:
    slugs = list(Country.objects.values_list("slug", flat=True))
    assert len(slugs) == len(set(slugs))
    assert all(slug and slug == slug.lower() and " " not in slug for slug in slugs)


def test_netherlands_and_kingdom_of_the_netherlands_are_one_country() -> None:
    # Q55 is the Netherlands, Q29999 the Kingdom of the Netherlands; the file uses both.
    netherlands = Country.objects.get(iso_alpha2="NL")
    assert {"Q55", "Q29999"} <= {netherlands.wikidata_id, *netherlands.other_wikidata_ids}
    assert _by_qid("Q55") == _by_qid("Q29999") == netherlands
    assert netherlands.name == "Netherlands"
    assert "Kingdom of the Netherlands" in netherlands.aliases
    assert Country.objects.filter(name__icontains="netherlands").count() == 2
    assert Country.objects.get(iso_alpha2="BQ").part_of == netherlands  # the Caribbean one


def test_government_bodies_stand_for_their_state(missions_2022: Path) -> None:
    qids = _entity_qids(missions_2022)
    ministry = next(
        qid
        for qid, labels in qids.items()
        if "Ministry of Foreign Affairs of the Russian Federation" in labels
    )
    assert _by_qid(ministry).iso_alpha2 == "RU"


def test_iso_codes_agree_with_mledoze() -> None:
    known = {entry["cca2"]: entry for entry in _mledoze()}
    checked = 0
    for country in Country.objects.exclude(iso_alpha2__isnull=True):
        entry = known.get(country.iso_alpha2)
        if entry is None:
            continue
        checked += 1
        if country.iso_alpha2 == "XK":
            # Kosovo's alpha-2 is user-assigned; ISO gives it no alpha-3 or numeric code
            # (mledoze fills in "UNK", which is not an ISO 3166 code).
            assert country.iso_alpha3 is None
            assert country.iso_numeric is None
            continue
        assert country.iso_alpha3 == entry["cca3"], country
        if entry.get("ccn3"):
            assert country.iso_numeric == entry["ccn3"], country
    assert checked > 200


def test_mledoze_un_members_are_sovereign_states() -> None:
    members = {entry["cca2"] for entry in _mledoze() if entry["unMember"]}
    countries = {c.iso_alpha2: c for c in Country.objects.filter(iso_alpha2__in=members)}
    assert set(countries) == members
    assert {c.iso_alpha2 for c in countries.values() if c.kind != CountryKind.SOVEREIGN_STATE} == (
        set()
    )


def test_un_member_states_table_matches_mledoze() -> None:
    members = {entry["cca2"] for entry in _mledoze() if entry["unMember"]}
    # mledoze marks Vatican City as a UN member; the Holy See is a permanent observer
    # state, not a member (the UN has 193 members). That is a quirk of the data set.
    vatican = next(entry for entry in _mledoze() if entry["cca2"] == "VA")
    if vatican["unMember"]:
        members.discard("VA")
    assert len(members) == 193
    assert set(reference.UN_MEMBER_STATES) == members
