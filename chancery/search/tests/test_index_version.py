"""The search index follows the one data version, and rebuilds only for its own data.

Every change to the data moves the version; the index then compares its database fingerprint
and rebuilds only when missions, jurisdictions or countries changed, including bulk updates
that leave `updated_at` alone.
"""

from __future__ import annotations

import pytest

from chancery.advisories.models import Banner
from chancery.core.signals import data_changed
from chancery.core.versions import data_version
from chancery.countries.models import Country
from chancery.directory.models import Mission, MissionStatus
from chancery.search.services import search, warm

pytestmark = pytest.mark.django_db


@pytest.fixture
def signals_only(settings) -> None:
    """Bring the index up to date, then stop the periodic database check for this test."""
    warm()
    settings.CHANCERY_SEARCH_RECHECK_SECONDS = 3600.0


def swiss_embassy_in_kenya() -> Mission:
    return Mission.objects.get(
        sending_country__iso_alpha2="CH", host_country__iso_alpha2="KE", kind="embassy"
    )


def test_a_change_to_other_data_keeps_the_index(signals_only: None) -> None:
    index = warm()
    version = data_version()

    Banner.objects.create(country=Country.objects.get(slug="kenya"), headline="Floods")

    assert data_version() != version
    assert warm() is index


def test_a_bulk_withdrawal_leaves_the_results(signals_only: None) -> None:
    """An import withdraws missions with a queryset update (no `updated_at`, no signal per
    row), then says so once with `data_changed`."""
    mission = swiss_embassy_in_kenya()
    assert search("Swiss embassy in Kenya", 10).hits[0].mission.wikidata_id == mission.wikidata_id

    Mission.objects.filter(pk=mission.pk).update(status=MissionStatus.WITHDRAWN)
    data_changed.send(sender=None, source="test")

    hits = search("Swiss embassy in Kenya", 50).hits
    assert mission.wikidata_id not in [hit.mission.wikidata_id for hit in hits]
