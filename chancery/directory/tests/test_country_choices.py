"""The options of the country pickers: which countries, named and ordered in the page's
language."""

from __future__ import annotations

import pytest
from django.utils.translation import override

from chancery.countries.models import PLACE_KINDS, Country
from chancery.countries.resolution import sort_key
from chancery.directory.models import Mission
from chancery.directory.selectors import country_choices

pytestmark = pytest.mark.django_db


def test_places_are_states_and_territories_in_the_pages_language() -> None:
    with override("fr"):
        places = country_choices(places=True)
    assert ("germany", "Allemagne") in places
    assert [label for _, label in places] == sorted((label for _, label in places), key=sort_key)
    assert {slug for slug, _ in places} == set(
        Country.objects.filter(kind__in=PLACE_KINDS).values_list("slug", flat=True)
    )


def test_nationalities_are_the_countries_with_missions_abroad() -> None:
    senders = dict(country_choices(sending=True))
    active = set(Mission.objects.active().values_list("sending_country__slug", flat=True))
    assert set(senders) == active
    assert senders["germany"] == "Germany"
    coded = dict(country_choices(sending=True, coded=True))
    assert set(coded) == {slug for slug in active if Country.objects.get(slug=slug).iso_alpha2}
    assert set(coded) < set(senders)  # the EU and the Order of Malta have no ISO code


def test_a_country_without_missions_abroad_is_no_nationality() -> None:
    germany = Country.objects.get(iso_alpha2="DE")
    Mission.objects.filter(sending_country=germany).update(status="withdrawn")
    assert "germany" not in dict(country_choices(sending=True))
    assert "germany" in dict(country_choices(places=True))
    assert "germany" in dict(country_choices(coded=True))
