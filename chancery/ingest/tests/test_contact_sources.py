"""OpenStreetMap's and GOV.UK's records on top of the real 2022 file: matched, filled, created."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from chancery.corrections.models import Suggestion, SuggestionKind
from chancery.directory.models import Mission, MissionStatus, SourceLink, SourceValue
from chancery.ingest.models import ImportRun

pytestmark = pytest.mark.django_db

SINGAPORE = (
    settings.SHARED_DATA_DIR / "osm-embassies-singapore-sample" / "embassies-sg-20241120-1.geojson"
)
MANILA = (
    settings.SHARED_DATA_DIR
    / "govuk-fcdo-content-samples"
    / "worldwide_office-british-embassy-manila.json"
)


def _run(command: str, *args: str) -> str:
    out = io.StringIO()
    call_command(command, *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def _state() -> tuple:
    return (
        Mission.objects.count(),
        SourceLink.objects.count(),
        SourceValue.objects.count(),
        sorted(Mission.objects.filter(source="osm").values_list("slug", flat=True)),
        Suggestion.objects.count(),
    )


def test_the_singapore_sample_matches_45_offices_and_adds_the_13_the_file_lacks() -> None:
    out = _run("ingest_osm", "--file", str(SINGAPORE))
    assert "60 records read (13 by none, 47 by score)" in out
    created = Mission.objects.filter(source="osm")
    assert created.count() == 13
    assert not created.filter(verified=True).exists()
    assert all(m.wikidata_id is None for m in created)
    senders = set(created.values_list("sending_country__iso_alpha2", flat=True))
    assert {"AU", "MY", "HK", "CZ", "LI", "EG", "VN"} <= senders
    australia = created.get(sending_country__iso_alpha2="AU")
    assert australia.kind == "high_commission"
    assert australia.located_in.iso_alpha2 == "SG"
    assert australia.latitude == pytest.approx(1.305, abs=0.01)
    assert australia.city == "Singapore"  # the town found from its point, kept
    # The European Union's delegation is sent by the Union.
    assert created.filter(sending_country__wikidata_id="Q458", kind="delegation").exists()

    # The SV-tagged Swedish node and its SE-tagged twin are one office: Sweden's embassy.
    sweden = Mission.objects.get(
        sending_country__iso_alpha2="SE", host_country__iso_alpha2="SG", kind="embassy"
    )
    assert sweden.wikidata_id
    assert "node/10680133580" in set(
        sweden.source_links.filter(source="osm").values_list("record_id", flat=True)
    )
    # The nunciature and Switzerland have no country= tag and still find their missions.
    assert SourceLink.objects.filter(
        source="osm",
        mission__sending_country__iso_alpha2="VA",
        mission__host_country__iso_alpha2="SG",
    ).exists()
    assert SourceLink.objects.filter(
        source="osm",
        mission__sending_country__iso_alpha2="CH",
        mission__host_country__iso_alpha2="SG",
    ).exists()
    run = ImportRun.objects.get(source="osm")
    assert (run.rows_read, run.created) == (60, 13)


def test_a_second_run_changes_nothing_and_a_dry_run_nothing_at_all() -> None:
    before = _state()
    dry = _run("ingest_osm", "--file", str(SINGAPORE), "--dry-run")
    assert dry.startswith("created (unverified)") or "Dry run, rolled back" in dry
    assert _state() == before

    _run("ingest_osm", "--file", str(SINGAPORE))
    after_first = _state()
    again = _run("ingest_osm", "--file", str(SINGAPORE))
    assert "0 missions created" in again
    assert "0 missions' values updated" in again
    assert _state() == after_first


def test_an_office_gone_from_openstreetmap_loses_only_openstreetmaps_values(
    tmp_path: Path,
) -> None:
    _run("ingest_osm", "--file", str(SINGAPORE))
    data = json.loads(SINGAPORE.read_text())
    australia_id = "w92029853"
    data["features"] = [f for f in data["features"] if f["properties"]["full_id"] != australia_id]
    smaller = tmp_path / "sg.geojson"
    smaller.write_text(json.dumps(data))
    out = _run("ingest_osm", "--file", str(smaller))
    assert "1 records gone from the source, 1 missions withdrawn" in out
    australia = Mission.objects.get(source="osm", sending_country__iso_alpha2="AU")
    assert australia.status == MissionStatus.WITHDRAWN  # kept, never deleted
    # Missions known from Wikidata keep their Wikidata values whatever OpenStreetMap does.
    assert Mission.objects.filter(source_links__source="wikidata", host_country__iso_alpha2="SG")


def test_govuk_fills_the_british_embassy_in_manila_with_labelled_numbers() -> None:
    out = _run("ingest_govuk_offices", "--file", str(MANILA))
    assert "1 records read (1 by score)" in out
    embassy = Mission.objects.get(
        sending_country__iso_alpha2="GB", host_country__iso_alpha2="PH", kind="embassy"
    )
    assert [(p["e164"], p["label"]) for p in embassy.phones] == [
        ("+63288582200", "Consular assistance, 24/7"),
        ("+442071366857", "Consular assistance, 24/7"),
    ]
    assert embassy.fax == "+63 (02) 8 858 2342"
    assert embassy.email == "ukinthephilippines@fco.gov.uk"
    assert embassy.address_parts["street_address"] == "120 Upper McKinley Road, McKinley Hill"
    assert "1634" in embassy.address
    # The town stays Wikidata's; the government's locality is part of the address.
    assert embassy.city != "Taguig City" or embassy.city_source_label == "Taguig City"

    page = Client().get(embassy.get_absolute_url()).content.decode()
    assert "Consular assistance, 24/7" in page
    assert "Open Government Licence v3.0" in page
    assert "120 Upper McKinley Road" in page


def test_pages_credit_openstreetmap_where_they_show_its_values() -> None:
    _run("ingest_osm", "--file", str(SINGAPORE))
    australia = Mission.objects.get(source="osm", sending_country__iso_alpha2="AU")
    page = Client().get(australia.get_absolute_url()).content.decode()
    assert "© OpenStreetMap contributors" in page
    assert "no editor has confirmed it yet" in page
    assert "https://www.openstreetmap.org/way/92029853" in page


def test_openstreetmap_and_wikidata_disagreeing_goes_to_the_queue() -> None:
    _run("ingest_osm", "--file", str(SINGAPORE))
    raised = Suggestion.objects.filter(kind=SuggestionKind.DISAGREEMENT)
    assert raised.exists()
    for suggestion in raised:
        assert suggestion.evidence_url.startswith("https://www.openstreetmap.org/")
        assert "Shown: Wikidata" in suggestion.note  # Wikidata comes before OpenStreetMap


def test_govuk_twice_changes_nothing_and_a_dry_run_nothing_at_all() -> None:
    before = _state()
    dry = _run("ingest_govuk_offices", "--file", str(MANILA), "--dry-run")
    assert "Dry run, rolled back" in dry
    assert _state() == before
    _run("ingest_govuk_offices", "--file", str(MANILA))
    first = _state()
    again = _run("ingest_govuk_offices", "--file", str(MANILA))
    assert "0 missions' values updated" in again
    assert _state() == first
    embassy = Mission.objects.get(source_links__record_id="british-embassy-manila")
    assert embassy.services == ["Consular section"]
    assert "Consular section" in Client().get(embassy.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("command", "option"),
    [("ingest_osm", "--endpoint"), ("ingest_govuk_offices", "--api-url")],
)
def test_a_silent_service_times_out_and_changes_nothing(
    command: str, option: str, settings, monkeypatch
) -> None:
    import socket

    from django.core.management.base import CommandError

    from chancery.ingest import fetch

    settings.CHANCERY_FETCH_ALLOW_PRIVATE = True
    monkeypatch.setattr(fetch, "READ_TIMEOUT_SECONDS", 0.3)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()  # accepts connections, never answers
    before = _state()
    try:
        with pytest.raises(CommandError) as caught:
            _run(command, option, f"http://127.0.0.1:{listener.getsockname()[1]}/api")
    finally:
        listener.close()
    assert "the server stopped answering" in str(caught.value)
    assert str(caught.value).endswith("Nothing was changed.")
    assert _state() == before


def test_a_house_number_is_written_where_the_country_of_the_point_writes_it(
    tmp_path: Path,
) -> None:
    from chancery.ingest.sources import osm

    def street(lat: float, lon: float) -> str:
        answer = {
            "version": 0.6,
            "elements": [
                {
                    "type": "node",
                    "id": 1,
                    "lat": lat,
                    "lon": lon,
                    "tags": {
                        "office": "diplomatic",
                        "diplomatic": "embassy",
                        "country": "FR",
                        "name": "Embassy of France",
                        "addr:street": "Napier Road",
                        "addr:housenumber": "25",
                    },
                }
            ],
        }
        path = tmp_path / "answer.json"
        path.write_text(json.dumps(answer))
        [record] = list(osm.read_features(path))
        assert not isinstance(record, osm.RowError)
        assert record.address is not None
        return record.address.street_address

    assert street(1.3048, 103.8196) == "25 Napier Road"  # Singapore: number first
    assert street(52.5163, 13.3777) == "Napier Road 25"  # Berlin: number after
