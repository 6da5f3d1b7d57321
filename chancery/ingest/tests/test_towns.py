"""A mission's town is a populated place: the rule on hand-made places, then on the 2022 file."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from chancery.directory.models import Mission
from chancery.ingest.town_figures import town_figures
from chancery.ingest.towns import Gazetteer, How, Missing, Place, core_of, town_for

# --- the rule on hand-made places --------------------------------------------------------------

BIG = Place("Bigton", "XX", 50.0, 10.0, 4_000_000, ("Grande Ville",))
DISTRICT = Place("Oldquarter", "XX", 50.01, 10.02, 120_000)
SUBURB = Place("Edgeford", "XX", 50.0, 10.14, 40_000)  # 10 km east, outside the core (7 km)
HAMLET = Place("Farstead", "XX", 50.0, 10.40, 300)  # 28.6 km east
FAR_TOWN = Place("Seaport", "XX", 45.0, 5.0, 200_000)
PLACES = Gazetteer([BIG, DISTRICT, SUBURB, HAMLET, FAR_TOWN])


def town(label: str, lat: float | None = 50.0, lon: float | None = 10.0) -> tuple[str, object]:
    found = town_for(label, lat, lon, ("XX",), places=PLACES)
    return found.name, found.how or found.missing


def test_a_label_naming_a_nearby_place_stays() -> None:
    assert town("Bigton") == ("Bigton", How.LABEL)
    assert town("grande ville") == ("grande ville", How.LABEL)
    assert town("Edgeford", 50.0, 10.13) == ("Edgeford", How.LABEL)


def test_administrative_words_are_dropped() -> None:
    assert town("Bigton Municipality") == ("Bigton", How.REDUCED)
    assert town("16th arrondissement of Bigton") == ("Bigton", How.REDUCED)
    assert town("Bigton District VI") == ("Bigton", How.REDUCED)
    assert core_of("Commune of Bigton") == "bigton"
    assert core_of("Bigton Canton") == "bigton"


def test_a_district_of_a_city_becomes_the_city() -> None:
    assert town("Oldquarter District", 50.01, 10.02) == ("Bigton", How.CITY)
    assert town("Riverside District", 50.02, 10.01) == ("Bigton", How.CITY)


def test_a_distinct_town_by_a_city_is_not_swallowed() -> None:
    assert town("Edgeford Municipality", 50.0, 10.14) == ("Edgeford", How.REDUCED)
    # A label GeoNames does not know, outside any city's core, stays.
    assert town("Littlebrook", 50.0, 10.3) == ("Littlebrook", How.UNKNOWN_PLACE)


def test_without_a_label_the_coordinates_decide() -> None:
    assert town("", 50.02, 10.03) == ("Bigton", How.CITY)
    assert town("", 50.0, 10.41) == ("Farstead", How.NEAREST)
    assert town("", 0.0, -30.0) == ("", Missing.REMOTE)


def test_a_label_naming_a_place_of_the_host_elsewhere_stays() -> None:
    # The coordinates are the doubtful part when the label names a town of the host.
    assert town("Seaport") == ("Seaport", How.ELSEWHERE)


def test_without_coordinates() -> None:
    assert town("Anywhere", None, None) == ("Anywhere", How.UNCHECKED)
    assert town("", None, None) == ("", Missing.NO_PLACE)


# --- on the real 2022 file ---------------------------------------------------------------------


def towns_of(label: str, **filters: str) -> set[str]:
    missions = Mission.objects.active().filter(
        city_source_label=label, latitude__isnull=False, **filters
    )
    return set(missions.values_list("city", flat=True))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("label", "host", "expected"),
    [
        ("Oslo municipality", "NO", "Oslo"),
        ("Copenhagen Municipality", "DK", "Copenhagen"),
        ("Budapest District VI", "HU", "Budapest"),
        ("16th arrondissement of Paris", "FR", "Paris"),
        ("Chaoyang District", "CN", "Beijing"),
        ("Khamovniki District", "RU", "Moscow"),
        ("Minato-ku", "JP", "Tokyo"),
    ],
)
def test_the_issues_examples_resolve_to_their_city(label: str, host: str, expected: str) -> None:
    assert towns_of(label, host_country__iso_alpha2=host) == {expected}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Wassenaar", "Wassenaar"),
        ("Bonn", "Bonn"),
        ("Makati", "Makati"),
        ("New Delhi", "New Delhi"),
        ("Villeurbanne", "Villeurbanne"),
        ("Neuilly-sur-Seine", "Neuilly-sur-Seine"),
        ("Solna Municipality", "Solna"),
        ("Lidingö Municipality", "Lidingö"),
    ],
)
def test_distinct_towns_by_large_cities_are_kept(label: str, expected: str) -> None:
    assert towns_of(label) == {expected}


def test_a_city_across_a_border_is_not_the_town() -> None:
    # A big city's core reaches over the border; the town across it stays itself.
    capital = Place("Bigcapital", "YY", 50.0, 10.0, 9_000_000)
    twin = Place("Twinton", "XX", 50.0, 10.06, 1_500_000)  # 4.3 km east, in the capital's core
    places = Gazetteer([capital, twin])
    assert town_for("Twinton", 50.0, 10.06, ("XX",), places=places).name == "Twinton"
    assert town_for("", 50.0, 10.061, ("XX",), places=places).name == "Twinton"
    assert town_for("Twinton", None, None, ("XX",), places=places).name == "Twinton"


def test_without_coordinates_a_district_named_once_in_the_territory_is_its_city() -> None:
    def named(label: str) -> tuple[str, object]:
        found = town_for(label, None, None, ("XX",), places=PLACES, territory_named=True)
        return found.name, found.how or found.missing

    assert named("Oldquarter") == ("Bigton", How.CITY)
    assert named("Edgeford") == ("Edgeford", How.UNCHECKED)  # a town of its own
    # Only when the label placed the mission in a territory: keying a whole country is slow.
    assert town("Oldquarter", None, None) == ("Oldquarter", How.UNCHECKED)


def test_without_coordinates_administrative_words_around_a_town_of_note() -> None:
    assert town("Seaport Municipality", None, None) == ("Seaport", How.REDUCED)
    assert town("District of Farstead", None, None) == ("District of Farstead", How.UNCHECKED)


@pytest.mark.django_db
def test_real_cross_border_and_district_cases() -> None:
    assert towns_of("Brazzaville") == {"Brazzaville"}  # not Kinshasa, across the river
    # A subdivision named without the word for its kind ("Kommuneqarfik Sermersooq").
    assert towns_of("Sermersooq") == {"Nuuk"}
    phuntsholing = Mission.objects.active().filter(city_source_label="Phuntsholing")
    assert {m.city for m in phuntsholing} == {"Phuntsholing"}  # not Jaigaon, in India
    # No coordinates, "Central": the one place of that name in China's realm is a district of
    # Hong Kong, where the mission then stands.
    consulate = Mission.objects.get(city_source_label="Central", sending_country__iso_alpha2="US")
    assert consulate.city == "Hong Kong"
    assert consulate.territory.iso_alpha2 == "HK"
    assert consulate.name == "Consulate-General of the United States in Hong Kong"


@pytest.mark.django_db
def test_without_coordinates_a_mission_stands_where_its_towns_others_do() -> None:
    # "Saint-Denis" names a town near Paris and one in Réunion; the other missions of the same
    # town (by its Wikidata ID) have coordinates in Réunion.
    malagasy = Mission.objects.get(
        sending_country__iso_alpha2="MG", city_source_label="Saint-Denis", latitude=None
    )
    assert malagasy.territory.iso_alpha2 == "RE"
    others = Mission.objects.filter(city_wikidata_id=malagasy.city_wikidata_id).exclude(
        latitude=None
    )
    assert others.exists() and {m.territory.iso_alpha2 for m in others} == {"RE"}
    # And takes their town: "Tianhe District" is Guangzhou.
    assert {
        m.city for m in Mission.objects.filter(city_source_label="Tianhe District", latitude=None)
    } == {"Guangzhou"}


@pytest.mark.django_db
def test_the_source_label_is_kept_and_names_use_the_town() -> None:
    mission = Mission.objects.filter(city_source_label="Khamovniki District").first()
    assert mission is not None and mission.city == "Moscow"
    consulate = Mission.objects.filter(
        city_source_label="Oslo municipality", kind="consulate_general"
    ).first()
    if consulate is not None:
        assert consulate.name.endswith(" in Oslo")


@pytest.mark.django_db
def test_figures_and_every_missing_town_has_a_reason(capsys: pytest.CaptureFixture) -> None:
    figures = town_figures()
    print("\n".join(figures.lines()))
    # 2022: 582 active missions had no town, 433 of them with neither coordinates nor label.
    assert figures.missing_count == 433
    assert set(figures.missing) == {Missing.NO_PLACE.value}
    for mission in figures.missing[Missing.NO_PLACE.value]:
        assert not mission.has_coordinates and not mission.city_source_label
    assert 700 <= len(figures.changed) <= 900
    no_admin_words = [m for m in figures.changed if m.city_source_label and not m.city]
    assert no_admin_words == []


@pytest.mark.django_db
def test_towns_report_command() -> None:
    out = io.StringIO()
    call_command("towns_report", "--list", stdout=out)
    text = out.getvalue()
    assert "have none" in text
    assert "'Khamovniki District' -> 'Moscow'" in text
    assert "no coordinates and no town in the source" in text


@pytest.mark.django_db
def test_mission_page_shows_the_source_label_with_the_town(client) -> None:  # type: ignore[no-untyped-def]
    mission = Mission.objects.filter(city_source_label="Khamovniki District").first()
    assert mission is not None
    page = client.get(reverse("directory:mission", args=[mission.slug]))
    assert "Khamovniki District, Moscow" in page.content.decode()
