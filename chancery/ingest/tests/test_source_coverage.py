"""`source_coverage`: the share of active missions with each contact field, overall and by
source."""

from __future__ import annotations

import io
import json
from itertools import count

import pytest
from django.core.management import call_command
from django.db.models import Q
from django.utils import timezone

from chancery.countries.models import Country
from chancery.directory.models import Mission, MissionStatus, SourceLink, SourceValue
from chancery.ingest.coverage import source_coverage

pytestmark = pytest.mark.django_db

_serial = count(1)


def make_mission(status: str = MissionStatus.ACTIVE, **values: object) -> Mission:
    n = next(_serial)
    now = timezone.now()
    return Mission.objects.create(
        slug=f"coverage-test-{n}",
        name=f"Coverage test mission {n}",
        kind="embassy",
        sending_country=Country.objects.get(slug="germany"),
        host_country=Country.objects.get(slug="singapore"),
        source="osm",
        source_id=f"node/{n}",
        first_seen=now,
        last_seen=now,
        status=status,
        **values,
    )


def link(mission: Mission, source: str, record_id: str, **fields: object) -> SourceLink:
    made = SourceLink.objects.create(
        mission=mission,
        source=source,
        record_id=record_id,
        fetched_at=timezone.now(),
        matched_by="id",
    )
    for name, value in fields.items():
        SourceValue.objects.create(link=made, field=name, value=value)
    return made


PHONE = [{"raw": "+65 6737 1355", "e164": "+6567371355", "valid": True}]


@pytest.fixture
def missions() -> list[Mission]:
    a = make_mission(
        phones=PHONE, email="info@example.org", latitude=1.3, longitude=103.8, city="Singapore"
    )
    b = make_mission(website="https://example.org/")
    d = make_mission(
        address="50 Raffles Place, Singapore 048623", opening_hours="Mo-Fr 09:00-12:00"
    )
    closed = make_mission(status=MissionStatus.CLOSED, email="old@example.org", city="Singapore")

    link(
        a,
        "wikidata",
        "Q990001",
        phones=[{"number": "+65 6737 1355", "label": ""}],
        email="info@example.org",
        coordinates=[1.3, 103.8],
        city="Singapore",
    )
    link(a, "osm", "node/990001", phones=[{"number": "+65 6737 1355", "label": ""}], email="")
    link(
        d,
        "osm",
        "node/990002",
        address={"street_address": "50 Raffles Place"},
        opening_hours="Mo-Fr 09:00-12:00",
    )
    # The same office mapped twice: one mission, counted once.
    link(d, "osm", "node/990003", phones=[{"number": "+65 6222 0000", "label": ""}])
    link(
        d,
        "osm",
        "way/990004",
        phones=[{"number": "+65 6222 0000", "label": ""}],
        opening_hours="Mo-Fr 09:00-12:00",
    )
    link(closed, "wikidata", "Q990002", email="old@example.org")
    return [a, b, d, closed]


def test_coverage_counts_active_missions_overall_and_by_source(missions: list[Mission]) -> None:
    coverage = source_coverage(Mission.objects.filter(pk__in=[m.pk for m in missions]))
    assert coverage.missions == 3  # the closed one is not counted
    assert coverage.overall == {
        "phone": 1,
        "email": 1,
        "website": 1,
        "address": 1,
        "hours": 1,
        "coordinates": 1,
        "town": 1,
    }
    assert list(coverage.by_source) == ["wikidata", "osm"]  # in order of precedence
    assert coverage.linked == {"wikidata": 1, "osm": 2}
    assert coverage.by_source["wikidata"] == {
        "phone": 1,
        "email": 1,
        "website": 0,
        "address": 0,
        "hours": 0,
        "coordinates": 1,
        "town": 1,
    }
    # An empty value is no value; two records of one mission count it once.
    assert coverage.by_source["osm"] == {
        "phone": 2,
        "email": 0,
        "website": 0,
        "address": 1,
        "hours": 1,
        "coordinates": 0,
        "town": 0,
    }
    figures = coverage.as_dict()
    assert figures["overall"]["phone"] == {"count": 1, "share": 0.3333}  # type: ignore[index]
    assert figures["by_source"]["osm"]["missions"] == 2  # type: ignore[index]
    assert figures["by_source"]["osm"]["fields"]["phone"] == {"count": 2, "share": 0.6667}  # type: ignore[index]


def test_the_table_has_a_row_per_field_and_a_column_per_source(missions: list[Mission]) -> None:
    lines = source_coverage(Mission.objects.filter(pk__in=[m.pk for m in missions])).table()
    assert lines[0].split() == ["field", "overall", "wikidata", "osm"]
    assert lines[1].split() == ["missions", "3", "1", "(33.3%)", "2", "(66.7%)"]
    rows = {line.split()[0]: line.split()[1:] for line in lines[2:]}
    assert list(rows) == ["phone", "email", "website", "address", "hours", "coordinates", "town"]
    assert rows["phone"] == ["1", "(33.3%)", "1", "(33.3%)", "2", "(66.7%)"]
    assert rows["email"] == ["1", "(33.3%)", "1", "(33.3%)", "0", "(0.0%)"]


def test_the_command_prints_the_whole_directory_and_json_says_the_same(
    missions: list[Mission],
) -> None:
    active = Mission.objects.active()
    out = io.StringIO()
    call_command("source_coverage", "--json", stdout=out)
    figures = json.loads(out.getvalue())
    assert figures["missions"] == active.count()
    assert figures["fields"] == [
        "phone",
        "email",
        "website",
        "address",
        "hours",
        "coordinates",
        "town",
    ]
    phones = active.exclude(phones=[]).count()
    assert figures["overall"]["phone"]["count"] == phones
    assert figures["overall"]["town"]["count"] == active.exclude(city="").count()
    assert (
        figures["by_source"]["osm"]["missions"]
        == SourceLink.objects.filter(Q(source="osm"), mission__status=MissionStatus.ACTIVE)
        .values("mission")
        .distinct()
        .count()
    )

    text = io.StringIO()
    call_command("source_coverage", stdout=text)
    lines = text.getvalue().splitlines()
    assert lines[0] == f"Coverage of {active.count():,} active missions"
    phone_row = next(line for line in lines if line.startswith("phone "))
    assert phone_row.split()[1] == f"{phones:,}"
    assert phone_row.split()[2] == f"({100 * phones / active.count():.1f}%)"
