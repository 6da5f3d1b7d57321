"""The place lookups the features share, and the process's lexicon following the data."""

from __future__ import annotations

import os

import pytest

from chancery.countries.models import Country
from chancery.directory.models import Mission, MissionStatus
from chancery.lexicon import store, text
from chancery.lexicon.lexicon import CountryRow, Lexicon
from chancery.lexicon.selectors import city_coordinates, current_lexicon, near_a_city_of

pytestmark = pytest.mark.django_db


def germany() -> Country:
    return Country.objects.get(iso_alpha2="DE")


def test_city_coordinates_in_any_spelling() -> None:
    for typed in ("Munich", "München", "Мюнхен"):
        found = city_coordinates(typed, germany().pk)
        assert found is not None, typed
        name, latitude, longitude = found
        assert name == "Munich"
        assert (round(latitude), round(longitude)) == (48, 12)
    assert city_coordinates("Munich", Country.objects.get(iso_alpha2="FR").pk) is None
    assert city_coordinates("Quokkahausen", germany().pk) is None


def test_near_a_city_of() -> None:
    marienplatz = (48.1374, 11.5755)
    assert near_a_city_of(germany().pk, *marienplatz, within_km=15)
    assert not near_a_city_of(Country.objects.get(iso_alpha2="AT").pk, *marienplatz, within_km=15)
    north_sea = (55.5, 4.0)
    assert not near_a_city_of(germany().pk, *north_sea, within_km=15)


# --- the process's lexicon -----------------------------------------------------------------------


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[list[CountryRow]]:
    """A fresh process's lexicon, whose builds are recorded instead of run: each knows the towns
    it was given, as a real one would."""
    built: list[list[CountryRow]] = []

    def build(countries: list[CountryRow], places: list[store.MissionPlace]) -> Lexicon:
        built.append(countries)
        return Lexicon(exact={text.key(city): () for city, _, _, _ in places if city})

    monkeypatch.setattr(store, "_state", store._State())
    monkeypatch.setattr(store, "build_lexicon_apart", build)
    return built


def a_mission() -> Mission:
    return Mission.objects.filter(status=MissionStatus.ACTIVE, city="Munich").first()


def test_built_once_while_nothing_it_reads_changes(builds: list[list[CountryRow]]) -> None:
    first = current_lexicon()
    assert current_lexicon() is first
    a_mission().save()  # a mission in a town the lexicon knows
    assert current_lexicon() is first
    assert len(builds) == 1
    assert {row.iso_alpha2 for row in builds[0]} >= {"DE", "FR", "JP"}


def test_built_again_for_a_new_town(builds: list[list[CountryRow]]) -> None:
    first = current_lexicon()
    mission = a_mission()
    mission.city = "Quokkahausen"
    mission.save()
    again = current_lexicon()
    assert again is not first and "quokkahausen" in again.exact
    assert len(builds) == 2


def test_built_again_when_a_country_changes(builds: list[list[CountryRow]]) -> None:
    current_lexicon()
    country = germany()
    country.aliases = [*country.aliases, "Quokkaland"]
    country.save()
    current_lexicon()
    assert len(builds) == 2
    assert "Quokkaland" in next(row for row in builds[1] if row.iso_alpha2 == "DE").aliases


def test_a_worker_waits_for_the_master_that_promised_to_build(
    builds: list[list[CountryRow]],
) -> None:
    store.leave_build_to(os.getpid() + 1)
    try:
        with pytest.raises(store.LexiconNotReady):
            current_lexicon()
    finally:
        store.leave_build_to(None)
    assert builds == []
    current_lexicon()
    assert len(builds) == 1
