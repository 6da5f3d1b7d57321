"""Search knows where a mission stands: a consulate-general in Hong Kong, whose host in the
source is China, answers for Hong Kong; a query naming the state still finds it, after the
missions in the state proper unless the town is named."""

from __future__ import annotations

import pytest
from django.db.models import F
from django.test import Client

from chancery.countries.models import Country
from chancery.directory.models import Mission, MissionKind
from chancery.search.services import search

pytestmark = pytest.mark.django_db


def standing(wikidata_id: str) -> str:
    """The ISO code of the place a mission stands in."""
    return Mission.objects.get(wikidata_id=wikidata_id).located_in.code


def top(query: str, n: int = 1) -> list[Mission]:
    ids = [hit.mission.wikidata_id for hit in search(query, 10).hits[:n]]
    missions = Mission.objects.select_related("sending_country", "territory", "host_country")
    by_id = {m.wikidata_id: m for m in missions.filter(wikidata_id__in=ids)}
    return [by_id[i] for i in ids]


@pytest.mark.parametrize(
    ("query", "sender", "place"),
    [
        ("British consulate Hong Kong", "GB", "HK"),
        ("consulado de Francia en Hong Kong", "FR", "HK"),
        ("Japanese consulate Guam", "JP", "GU"),
        ("Norwegian consulate Greenland", "NO", "GL"),
        ("Venezuelan consulate Martinique", "VE", "MQ"),
        ("Portuguese consulate Macau", "PT", "MO"),
    ],
)
def test_a_territory_named_finds_the_missions_standing_there(
    query: str, sender: str, place: str
) -> None:
    first = top(query)[0]
    assert (first.sending_country.code, first.located_in.code) == (sender, place)


def test_a_town_in_a_territory_finds_the_missions_there_first() -> None:
    standing_in_noumea = Mission.objects.active().filter(territory__iso_alpha2="NC").count()
    assert standing_in_noumea >= 2
    hits = top("consulate in Nouméa", standing_in_noumea)
    assert {mission.located_in.code for mission in hits} == {"NC"}


def test_the_state_named_lists_its_territories_after_the_state_proper() -> None:
    hits = search("British consulate China", 10).hits
    places = [standing(hit.mission.wikidata_id) for hit in hits]
    assert "HK" in places, "the consulate-general in Hong Kong is still found"
    first_territory = places.index("HK")
    assert first_territory > 0
    assert set(places[:first_territory]) == {"CN"}
    # Named with its town, it comes first again.
    assert standing(
        search("British consulate Hong Kong, China", 1).hits[0].mission.wikidata_id
    ) == ("HK")


def test_every_mission_standing_in_a_territory_is_found_by_naming_it() -> None:
    """On the real file: each mission whose place is a territory of its host is the first
    answer (or shares it with its sender's other missions there) for "<sender> <kind>
    <territory>"."""
    moved = (
        Mission.objects.active()
        .exclude(territory=F("host_country"))
        .exclude(territory=None)
        .select_related("sending_country", "territory")
    )
    assert moved.count() >= 30
    wrong = []
    for mission in moved:
        query = (
            f"{mission.sending_country.name} {MissionKind.label_of(mission.kind)} "
            f"{mission.territory.name}"
        )
        hits = search(query, 1).hits
        first = Mission.objects.get(wikidata_id=hits[0].mission.wikidata_id) if hits else None
        if first is None or (first.sending_country_id, first.located_in.pk) != (
            mission.sending_country_id,
            mission.territory_id,
        ):
            wrong.append(f"{query!r}: {first.name if first else 'nothing'}")
    print(f"{moved.count()} missions stand in a territory of their host")
    assert not wrong, "\n".join(wrong)


def test_no_mission_in_the_territory_leads_to_the_nearest_of_its_state() -> None:
    macau = Country.objects.get(iso_alpha2="MO")
    assert not Mission.objects.active().filter(sending_country__iso_alpha2="ES", territory=macau)
    hit = search("Spanish consulate Macau", 1).hits[0]
    mission = Mission.objects.get(wikidata_id=hit.mission.wikidata_id)
    assert mission.sending_country.code == "ES"
    # The consulate-general in Hong Kong, next door, before those in mainland China.
    assert mission.located_in.code == "HK"
    assert "Macau" in hit.why and "China" in hit.why


def test_results_carry_the_host_and_where_the_mission_stands(client: Client) -> None:
    body = client.get("/api/v1/search", {"q": "British consulate Hong Kong", "limit": 1}).json()
    result = body["results"][0]
    assert result["host_country"]["code"] == "CN"
    assert result["territory"] == {"code": "HK", "name": "Hong Kong", "slug": "hong-kong"}
    assert body["interpretation"]["host"]["code"] == "HK"


def test_the_page_shows_the_place_and_the_host(client: Client) -> None:
    html = client.get("/search/", {"q": "British consulate Hong Kong"}).content.decode()
    assert "Hong Kong (China)" in html
