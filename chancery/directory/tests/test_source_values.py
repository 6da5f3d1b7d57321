"""Values from several sources, field by field: the one shown, the others kept, editors first."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Q
from django.utils import timezone

from chancery.corrections.models import Suggestion, SuggestionKind
from chancery.directory.models import Mission, SourceLink, SourceValue
from chancery.directory.services import MissionWrite, mission_update
from chancery.directory.source_values import (
    LinkEntry,
    missions_sources_apply,
    source_links_write,
)

pytestmark = pytest.mark.django_db

IMPORT = MissionWrite(actor="import", source="test", owned=False)


@pytest.fixture
def manila() -> Mission:
    """The British Embassy in Manila, as the 2022 file has it."""
    return Mission.objects.get(
        sending_country__iso_alpha2="GB", host_country__iso_alpha2="PH", kind="embassy"
    )


def _give(provider: str, mission: Mission, record: str, *values: tuple[str, object]) -> None:
    source_links_write(
        provider,
        [
            LinkEntry(
                mission_id=mission.pk,
                record_id=record,
                record_url=f"https://example.org/{record}",
                values=[(name, "", value) for name, value in values],
            )
        ],
        fetched_at=timezone.now(),
        run_id=None,
    )
    missions_sources_apply([mission.pk], write=IMPORT)


def test_the_sending_government_comes_before_wikidata_and_openstreetmap(manila: Mission) -> None:
    _give("osm", manila, "node/1", ("phones", [{"number": "+63 2 8111 1111", "label": ""}]))
    manila.refresh_from_db()
    assert manila.phones[0]["e164"] == "+63281111111"  # the only number: OpenStreetMap's

    _give(
        "govuk",
        manila,
        "british-embassy-manila",
        ("phones", [{"number": "+63 (02) 8 858 2200", "label": "Consular assistance, 24/7"}]),
    )
    manila.refresh_from_db()
    assert manila.phones == [
        {
            "raw": "+63 (02) 8 858 2200",
            "e164": "+63288582200",
            "valid": True,
            "label": "Consular assistance, 24/7",
        }
    ]


def test_a_value_removed_at_its_source_leaves_only_that_source(manila: Mission) -> None:
    _give("osm", manila, "node/1", ("email", "osm@example.org"))
    _give("govuk", manila, "british-embassy-manila", ("email", "gov@fcdo.gov.uk"))
    manila.refresh_from_db()
    assert manila.email == "gov@fcdo.gov.uk"

    # GOV.UK's whole list read again without the office: its value goes, OpenStreetMap's stays.
    written = source_links_write("govuk", [], fetched_at=timezone.now(), run_id=None, scope=Q())
    assert written.removed == 1
    missions_sources_apply(written.mission_ids, write=IMPORT)
    manila.refresh_from_db()
    assert manila.email == "osm@example.org"
    assert SourceLink.objects.filter(mission=manila, source="osm").exists()


def test_a_record_saying_the_same_again_is_not_rewritten(manila: Mission) -> None:
    _give("osm", manila, "node/1", ("website", "https://example.org/"))
    value_ids = set(SourceValue.objects.filter(link__mission=manila).values_list("pk", flat=True))
    later = timezone.now() + dt.timedelta(days=1)
    written = source_links_write(
        "osm",
        [
            LinkEntry(
                mission_id=manila.pk,
                record_id="node/1",
                record_url="https://example.org/node/1",
                values=[("website", "", "https://example.org/")],
            )
        ],
        fetched_at=later,
        run_id=None,
    )
    assert (written.created, written.updated, written.unchanged) == (0, 0, 1)
    assert set(SourceValue.objects.filter(link__mission=manila).values_list("pk", flat=True)) == (
        value_ids
    )
    assert SourceLink.objects.get(source="osm", record_id="node/1").fetched_at == later


def test_an_editors_value_is_never_overwritten(manila: Mission) -> None:
    mission_update(manila, {"email": "editor@fcdo.gov.uk"}, write=MissionWrite(actor="editor"))
    _give("govuk", manila, "british-embassy-manila", ("email", "gov@fcdo.gov.uk"))
    manila.refresh_from_db()
    assert manila.email == "editor@fcdo.gov.uk"
    conflict = Suggestion.objects.get(mission=manila, kind=SuggestionKind.CONFLICT)
    assert conflict.changes == {"email": "gov@fcdo.gov.uk"}


def test_sources_that_disagree_are_put_before_editors_once(manila: Mission) -> None:
    _give("osm", manila, "node/1", ("phones", [{"number": "+63 2 8111 1111", "label": ""}]))
    _give("govuk", manila, "british-embassy-manila", ("phones", [{"number": "+63 2 8858 2200"}]))
    raised = Suggestion.objects.filter(mission=manila, kind=SuggestionKind.DISAGREEMENT)
    assert [s.changes for s in raised] == [{"phone": "+63 2 8111 1111"}]
    assert "GOV.UK (british-embassy-manila)" in raised[0].note
    assert raised[0].evidence_url == "https://example.org/node/1"

    missions_sources_apply([manila.pk], write=IMPORT)  # the next run: not raised again
    assert raised.count() == 1


def test_the_same_number_written_two_ways_is_no_disagreement(manila: Mission) -> None:
    _give("osm", manila, "node/1", ("phones", [{"number": "+63 2 8858 2200"}]))
    _give("govuk", manila, "british-embassy-manila", ("phones", [{"number": "(02) 8858-2200"}]))
    assert not Suggestion.objects.filter(mission=manila, kind=SuggestionKind.DISAGREEMENT)


def test_points_a_few_metres_apart_agree_and_farther_ones_do_not(manila: Mission) -> None:
    lat, lon = manila.latitude, manila.longitude  # Wikidata's point
    assert lat is not None and lon is not None
    _give("osm", manila, "node/1", ("coordinates", [lat + 0.0001, lon + 0.0001]))  # ~15 m
    assert not Suggestion.objects.filter(mission=manila, kind=SuggestionKind.DISAGREEMENT)
    _give("osm", manila, "node/1", ("coordinates", [lat + 0.08, lon]))  # ~9 km
    raised = Suggestion.objects.get(mission=manila, kind=SuggestionKind.DISAGREEMENT)
    assert raised.changes == {"latitude": lat + 0.08, "longitude": lon}
    manila.refresh_from_db()
    assert (manila.latitude, manila.longitude) == (lat, lon)  # Wikidata comes first
