"""The sources on top of each other, on the real 2022 file: live Wikidata's extra fields and
closures, a live Overpass answer with opening hours, and a disagreement an editor settles."""

from __future__ import annotations

import datetime as dt
import io
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.test import Client

from chancery.corrections.models import Suggestion, SuggestionKind
from chancery.corrections.services import suggestion_accept
from chancery.directory.hours import hours_status
from chancery.directory.models import Mission, MissionStatus, SourceLink
from chancery.directory.timezones import time_zone_at

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"
GERMANY_IN_MOSCOW = "Q4373990"
UKRAINE_IN_MOSCOW = "Q4374079"


def _run(command: str, **options: object) -> str:
    out = io.StringIO()
    call_command(command, stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


def test_live_wikidata_adds_address_labels_and_closures_and_keeps_the_photo_credit() -> None:
    before = Mission.objects.get(wikidata_id=GERMANY_IN_MOSCOW)
    assert (before.address, before.image_author) == ("", "Denghu")

    _run("ingest_missions", source="wikidata-sparql", file=str(FIXTURES / "sparql" / "pages"))

    germany = Mission.objects.get(wikidata_id=GERMANY_IN_MOSCOW)
    assert "Мосфильмовская улица, 56" in germany.address
    assert germany.address_parts["postal_code"] == "119285"
    assert germany.address_parts["language"] == "ru"
    assert germany.names["de"] == "Deutsche Botschaft Moskau"
    # The same photo, named again without its credit: the credit stays.
    assert (germany.image_author, germany.image_licence) == ("Denghu", "CC BY 3.0")
    ukraine = Mission.objects.get(wikidata_id=UKRAINE_IN_MOSCOW)
    assert ukraine.status == MissionStatus.CLOSED
    assert ukraine.closed_on == dt.date(2022, 2, 24)

    # The page in German shows Wikidata's German label instead of the made-up name.
    page = Client().get("/de" + germany.get_absolute_url()).content.decode()
    assert "<h1>Deutsche Botschaft Moskau</h1>" in page
    closed = Client().get(ukraine.get_absolute_url()).content.decode()
    assert "This mission closed on" in closed


class _Overpass(BaseHTTPRequestHandler):
    body = b""
    queries: list[str] = []

    def do_GET(self) -> None:
        type(self).queries.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def overpass(settings) -> Iterator[str]:
    settings.CHANCERY_FETCH_ALLOW_PRIVATE = True  # the stand-in listens on 127.0.0.1
    _Overpass.body = (FIXTURES / "overpass" / "hong-kong.json").read_bytes()
    _Overpass.queries = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Overpass)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/api/interpreter"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def test_a_live_overpass_answer_gives_the_us_consulate_in_hong_kong_its_hours(
    overpass: str,
) -> None:
    out = _run("ingest_osm", country="HK", endpoint=overpass)
    assert "ISO3166-1" in _Overpass.queries[0] or "HK" in _Overpass.queries[0]
    assert "1 skipped" in out  # the consul-general's residence is no office
    consulate = Mission.objects.get(
        sending_country__iso_alpha2="US", territory__iso_alpha2="HK", kind="consulate_general"
    )
    assert consulate.opening_hours == "Mo-Fr 08:30-17:00; PH off"
    assert SourceLink.objects.filter(mission=consulate, source="osm").exists()

    zone = time_zone_at(consulate.latitude, consulate.longitude, "HK")
    assert zone == "Asia/Hong_Kong"
    tuesday_morning = dt.datetime(2026, 12, 8, 10, 0, tzinfo=ZoneInfo(zone))
    status = hours_status(consulate.opening_hours, time_zone=zone, now=tuesday_morning)
    assert status is not None and status.is_open

    page = Client().get(consulate.get_absolute_url()).content.decode()
    assert '<table class="hours">' in page
    assert "08:30–17:00" in page
    assert "© OpenStreetMap contributors" in page

    again = _run("ingest_osm", country="HK", endpoint=overpass)
    assert "0 missions created" in again and "0 missions' values updated" in again


def test_an_editor_settles_a_disagreement_and_no_import_undoes_it(overpass: str) -> None:
    from django.contrib.auth.models import User

    _run("ingest_osm", country="HK", endpoint=overpass)
    raised = Suggestion.objects.filter(kind=SuggestionKind.DISAGREEMENT)
    suggestion = raised.first()
    assert suggestion is not None and suggestion.mission is not None
    editor = User.objects.create_superuser("editor", "editor@example.org", "x" * 20)
    suggestion_accept(suggestion, editor)
    mission = Mission.objects.get(pk=suggestion.mission.pk)
    settled = {field: getattr(mission, field) for field in suggestion.changes if field != "phone"}

    _run("ingest_osm", country="HK", endpoint=overpass)
    mission.refresh_from_db()
    assert {field: getattr(mission, field) for field in settled} == settled
