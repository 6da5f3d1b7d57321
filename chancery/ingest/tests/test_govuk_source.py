"""The UK's own list of its offices (GOV.UK Content API): the real Manila item, saved items
read from disk, and the live index → organisation → office walk against a local server."""

from __future__ import annotations

import json
import shutil
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.conf import settings

from chancery.directory.models import MissionKind
from chancery.directory.sourcing import licence_of
from chancery.ingest.fetch import FetchError
from chancery.ingest.sources import govuk
from chancery.ingest.sources.records import (
    AddressValue,
    ContactRecord,
    PhoneValue,
    RowError,
    SourceFormatError,
)

FIXTURES = Path(__file__).parent / "fixtures" / "govuk"


def samples() -> Path:
    return Path(settings.SHARED_DATA_DIR) / "govuk-fcdo-content-samples"


def manila_path() -> Path:
    return samples() / "worldwide_office-british-embassy-manila.json"


def manila() -> dict:
    return json.loads(manila_path().read_text(encoding="utf-8"))


def records(results: list) -> list[ContactRecord]:
    return [result for result in results if isinstance(result, ContactRecord)]


def manila_record() -> ContactRecord:
    [record] = list(govuk.read_offices(manila_path()))
    assert isinstance(record, ContactRecord)
    return record


# --- the real Manila item ----------------------------------------------------------------


def test_manila_item_gives_the_embassy_with_its_contacts() -> None:
    record = manila_record()
    assert record.source == govuk.SOURCE_NAME == "govuk"
    assert record.record_id == "british-embassy-manila"
    assert record.record_url == "https://www.gov.uk/world/organisations/british-embassy-manila"
    assert record.website == record.record_url
    assert record.name == "British Embassy Manila"
    assert record.kind == MissionKind.EMBASSY
    assert (record.sending_code, record.host_code) == ("GB", "PH")
    # The address's own locality, where the building stands (McKinley Hill is in Taguig, in
    # Metro Manila); "Manila" is the post's name and the address's region.
    assert record.city == "Taguig City"
    assert record.address == AddressValue(
        street_address="120 Upper McKinley Road, McKinley Hill",
        locality="Taguig City",
        region="Manila",
        postal_code="1634",
        country_code="PH",
        language="en",
    )
    assert record.email == "ukinthephilippines@fco.gov.uk"
    assert record.fax == "+63 (02) 8 858 2342"
    assert record.names == {"en": "British Embassy Manila"}
    assert record.services == ["Consular section"]


def test_manila_phones_are_split_and_labelled_as_the_24_7_consular_line() -> None:
    record = manila_record()
    # One free-text field holds two numbers; the contact's description says both are the
    # round-the-clock consular line. The fax is not among the phones.
    assert record.phones == [
        PhoneValue("+63 (02) 8 858 2200", "Consular assistance, 24/7"),
        PhoneValue("+44 20 7136 6857", "Consular assistance, 24/7"),
    ]
    assert all("8 858 2342" not in phone.number for phone in record.phones)


def test_without_the_24_7_sentence_numbers_keep_their_title_and_note() -> None:
    data = manila()
    data["links"]["contact"][0]["details"]["description"] = "Public access is by appointment."
    record = govuk.parse_office(data, "manila")
    assert record.phones == [
        PhoneValue("+63 (02) 8 858 2200", "Telephone (line open 24/7)"),
        PhoneValue("+44 20 7136 6857", "Telephone (line open 24/7)"),
    ]


def test_manila_lists_only_public_holidays_so_no_opening_hours_are_invented() -> None:
    record = manila_record()
    assert record.opening_hours == ""
    assert any("public holiday" in warning for warning in record.warnings)


def test_a_missing_locality_falls_back_to_the_town_in_the_title() -> None:
    data = manila()
    del data["links"]["contact"][0]["details"]["post_addresses"][0]["locality"]
    assert govuk.parse_office(data, "manila").city == "Manila"


def test_an_office_without_its_organisation_is_a_row_error(tmp_path: Path) -> None:
    data = manila()
    del data["links"]["worldwide_organisation"]
    del data["links"]["parent"]
    (tmp_path / "orphan.json").write_text(json.dumps(data), encoding="utf-8")
    [error] = list(govuk.read_offices(tmp_path / "orphan.json"))
    assert isinstance(error, RowError)
    assert "orphan.json" in error.reason and "worldwide_organisation" in error.reason


def test_the_licence_is_ogl() -> None:
    licence = licence_of(govuk.SOURCE_NAME)
    assert licence is not None and licence.name == govuk.LICENCE == "OGL v3.0"


# --- kinds and hours ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("British Embassy Manila", MissionKind.EMBASSY),
        ("British High Commission New Delhi", MissionKind.HIGH_COMMISSION),
        ("British Deputy High Commission Mumbai", MissionKind.CONSULATE),
        ("British Consulate General Chicago", MissionKind.CONSULATE_GENERAL),
        ("British Consulate-General Dusseldorf", MissionKind.CONSULATE_GENERAL),
        ("British Consulate Alicante", MissionKind.CONSULATE),
        ("UK Mission to the United Nations, New York", MissionKind.PERMANENT_MISSION),
        ("UK Joint Delegation to NATO", MissionKind.DELEGATION),
        ("British Office Taipei", MissionKind.REPRESENTATIVE_OFFICE),
        ("British Trade Office Taipei", MissionKind.REPRESENTATIVE_OFFICE),
        ("UK Science & Innovation Network in Argentina", ""),
    ],
)
def test_kind_from_title(title: str, kind: str) -> None:
    assert govuk.kind_from_title(title) == kind


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p>Monday to Friday, 8am to 4:30pm</p>", "Mo-Fr 08:00-16:30"),
        ("<p>Mon-Thu 08:00-16:30, Fri 08:00-13:00</p>", "Mo-Th 08:00-16:30; Fr 08:00-13:00"),
        (
            "<p>Monday to Friday 9am to 12:30pm and 1:30pm to 5pm</p>",
            "Mo-Fr 09:00-12:30,13:30-17:00",
        ),
        # A 12-hour clock without am/pm cannot be read safely.
        ("<p>Monday to Friday 8.30 to 4.30</p>", ""),
        # Two statements giving one day different hours: whose are they?
        ("<p>Embassy: Monday to Friday, 8am to 4pm</p><p>Visas: Monday, 9am to 11am</p>", ""),
        # One statement giving Friday two different hours.
        ("<p>Monday to Friday 9am to 5pm, Friday 9am to 1pm</p>", ""),
        # A time left over after the days was not understood.
        ("<p>Monday to Friday, 8am to 4pm; appointments from 10am</p>", ""),
        # A phone line's hours are not visiting hours.
        ("<p>Telephone enquiries: Monday to Friday, 9am to 5pm</p>", ""),
    ],
)
def test_opening_hours_are_converted_only_when_unambiguous(html: str, expected: str) -> None:
    access = govuk.opening_hours_from_html(html)
    assert access.opening_hours == expected
    if not expected:
        assert access.warnings  # what was not converted is said


# --- saved items ---------------------------------------------------------------------------


def test_a_directory_is_read_in_name_order(tmp_path: Path) -> None:
    shutil.copy(manila_path(), tmp_path / "b-manila.json")
    shutil.copy(FIXTURES / "office-british-embassy-kabul.json", tmp_path / "a-kabul.json")
    (tmp_path / "notes.txt").write_text("not an item", encoding="utf-8")
    found = list(govuk.read_offices(tmp_path))
    assert [record.record_id for record in records(found)] == [
        "british-embassy-kabul",
        "british-embassy-manila",
    ]
    kabul = records(found)[0]
    assert kabul.host_code == "QA" and kabul.city == "Doha"
    assert kabul.opening_hours == "Mo-We,Su 07:30-15:30; Th 07:30-14:00"
    assert kabul.address is not None and kabul.address.street_address == "West Bay\nPO Box 3"


def test_an_organisation_item_with_embedded_offices_is_read() -> None:
    found = list(govuk.read_offices(FIXTURES / "organisation-british-embassy-buenos-aires.json"))
    embassy, cordoba = records(found)
    assert embassy.record_id == "british-embassy-buenos-aires"
    assert embassy.kind == MissionKind.EMBASSY and embassy.host_code == "AR"
    assert embassy.opening_hours == "Mo-Th 09:00-17:30; Fr 09:00-14:00; Sa,Su off"
    assert embassy.phones == [PhoneValue("+54 11 4808 2200", "Switchboard")]
    assert embassy.fax == "+54 11 4808 2274"
    assert embassy.address is not None
    assert embassy.address.street_address == "Dr Luis Agote 2412"
    # Another office of the same organisation, in another town: its own record and kind.
    assert cordoba.record_id == "british-embassy-buenos-aires/british-consulate-cordoba"
    assert cordoba.name == "British Consulate Cordoba"
    assert cordoba.kind == MissionKind.CONSULATE
    assert (cordoba.city, cordoba.address and cordoba.address.postal_code) == ("Cordoba", "5000")
    assert cordoba.phones == [PhoneValue("+54 351 400 0000", "Telephone (Monday to Friday)")]


def test_a_schema_other_than_an_office_is_refused_naming_file_and_schema(tmp_path: Path) -> None:
    shutil.copy(manila_path(), tmp_path / "a-manila.json")
    shutil.copy(samples() / "travel_advice-albania-2017.json", tmp_path / "z-albania.json")
    with pytest.raises(SourceFormatError, match=r"z-albania\.json.*'travel_advice'"):
        list(govuk.read_offices(tmp_path))


def test_the_embassies_index_is_not_an_office(tmp_path: Path) -> None:
    with pytest.raises(SourceFormatError, match="embassies_index"):
        list(govuk.read_offices(samples() / "embassies_index-sample.json"))


@pytest.mark.parametrize(
    "body",
    [
        manila_path().read_bytes()[:4000] if manila_path().exists() else b"{",
        b"",
        b"<html><body>Service unavailable</body></html>",
    ],
    ids=["truncated", "empty", "html"],
)
def test_malformed_or_truncated_json_is_refused(tmp_path: Path, body: bytes) -> None:
    (tmp_path / "broken.json").write_bytes(body)
    with pytest.raises(SourceFormatError, match=r"broken\.json: not JSON"):
        list(govuk.read_offices(tmp_path / "broken.json"))


def test_one_broken_file_refuses_the_directory_before_any_record(tmp_path: Path) -> None:
    shutil.copy(manila_path(), tmp_path / "a-manila.json")
    (tmp_path / "b-broken.json").write_text('{"schema_name": "worldwide_office", ', "utf-8")
    reader = govuk.read_offices(tmp_path)
    with pytest.raises(SourceFormatError, match=r"b-broken\.json"):
        next(reader)


def test_an_empty_directory_or_missing_path_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SourceFormatError, match=r"no \.json"):
        list(govuk.read_offices(tmp_path))
    with pytest.raises(SourceFormatError, match="no such file"):
        list(govuk.read_offices(tmp_path / "missing.json"))


# --- live ----------------------------------------------------------------------------------

ORGS = "/api/content/world/organisations"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


class ApiServer:
    """GOV.UK's content API on 127.0.0.1: path → answers, served in turn (the last repeats)."""

    def __init__(self, routes: dict[str, list[tuple[int, bytes, dict[str, str]]]]) -> None:
        self.routes = routes
        self.requests: list[tuple[str, str]] = []  # (path, User-Agent)
        api = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                api.requests.append((self.path, self.headers.get("User-Agent", "")))
                answers = api.routes.get(self.path) or [(404, b"Not Found", {})]
                status, body, headers = answers.pop(0) if len(answers) > 1 else answers[0]
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/api"


def ok(body: bytes) -> list[tuple[int, bytes, dict[str, str]]]:
    return [(200, body, {})]


def chain() -> dict[str, list[tuple[int, bytes, dict[str, str]]]]:
    """The real embassies index sample (Afghanistan served remotely by Kabul, Anguilla none,
    Argentina: Buenos Aires and the UK Science & Innovation Network) and the items behind it.
    The Kabul organisation answers 429 with Retry-After once."""
    return {
        "/api/content/world/embassies": ok(
            (samples() / "embassies_index-sample.json").read_bytes()
        ),
        f"{ORGS}/british-embassy-kabul": [
            (429, b'{"error": "rate limited"}', {"Retry-After": "3"}),
            (200, fixture("organisation-british-embassy-kabul.json"), {}),
        ],
        f"{ORGS}/british-embassy-kabul/office/british-embassy-kabul": ok(
            fixture("office-british-embassy-kabul.json")
        ),
        f"{ORGS}/british-embassy-kabul/office/consular-section": ok(
            fixture("office-british-embassy-kabul-consular-section.json")
        ),
        f"{ORGS}/british-embassy-buenos-aires": ok(
            fixture("organisation-british-embassy-buenos-aires.json")
        ),
        f"{ORGS}/british-embassy-buenos-aires/office/british-embassy": ok(
            fixture("office-british-embassy-buenos-aires.json")
        ),
        f"{ORGS}/british-embassy-buenos-aires/office/british-consulate-cordoba": ok(
            fixture("office-british-consulate-cordoba.json")
        ),
    }


@pytest.fixture
def api(settings) -> Iterator[ApiServer]:
    settings.CHANCERY_FETCH_ALLOW_PRIVATE = True
    server = ApiServer(chain())
    thread = threading.Thread(
        target=server.httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
    )
    thread.start()
    try:
        yield server
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()
        thread.join(timeout=5)


def test_live_walks_index_organisations_and_offices(api: ApiServer) -> None:
    waits: list[float] = []
    found = govuk.fetch_offices(api_url=api.url, sleep=waits.append)

    assert waits == [3.0]  # the 429's Retry-After, honoured once
    assert all(isinstance(result, ContactRecord) for result in found)
    by_id = {record.record_id: record for record in records(found)}
    assert set(by_id) == {
        "british-embassy-kabul",
        "british-embassy-buenos-aires",
        "british-embassy-buenos-aires/british-consulate-cordoba",
    }
    # The consular section in the same town is a part of the Kabul post, not another post.
    kabul = by_id["british-embassy-kabul"]
    assert kabul.phones == [
        PhoneValue("+974 4496 2000", "Telephone"),
        PhoneValue("+44 20 7008 5000", "Consular section: Consular assistance, 24/7"),
    ]
    assert kabul.host_code == "QA"
    assert any("serving Afghanistan from Qatar" in warning for warning in kabul.warnings)
    assert "Consular section" in kabul.services
    assert by_id["british-embassy-buenos-aires"].email == "consular.buenosaires@fcdo.gov.uk"

    paths = [path for path, _agent in api.requests]
    # The science network is not an office for the public: never even asked for.
    assert not any("science" in path for path in paths)
    assert paths.count(f"{ORGS}/british-embassy-kabul") == 2
    assert all(agent.startswith("Chancery/") for _path, agent in api.requests)


def test_live_limit_stops_after_that_many_organisations(api: ApiServer) -> None:
    found = govuk.fetch_offices(api_url=api.url, sleep=lambda seconds: None, limit=1)
    assert [record.record_id for record in records(found)] == ["british-embassy-kabul"]


def test_live_server_error_fails_the_whole_run(api: ApiServer) -> None:
    api.routes[f"{ORGS}/british-embassy-buenos-aires/office/british-consulate-cordoba"] = [
        (500, b'{"error": "internal"}', {})
    ]
    with pytest.raises(FetchError) as caught:
        govuk.fetch_offices(api_url=api.url, sleep=lambda seconds: None)
    assert caught.value.status == 500


def test_live_item_of_another_shape_fails_the_whole_run(api: ApiServer) -> None:
    api.routes[f"{ORGS}/british-embassy-buenos-aires"] = ok(manila_path().read_bytes())
    with pytest.raises(
        SourceFormatError, match="'worldwide_office' where 'worldwide_organisation'"
    ):
        govuk.fetch_offices(api_url=api.url, sleep=lambda seconds: None)


def test_live_truncated_json_fails_the_whole_run(api: ApiServer) -> None:
    body = fixture("office-british-embassy-buenos-aires.json")
    api.routes[f"{ORGS}/british-embassy-buenos-aires/office/british-embassy"] = ok(body[:500])
    with pytest.raises(SourceFormatError, match="british-embassy: not JSON"):
        govuk.fetch_offices(api_url=api.url, sleep=lambda seconds: None)
