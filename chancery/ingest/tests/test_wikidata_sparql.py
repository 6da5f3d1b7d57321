"""Live Wikidata (SPARQL) as a missions source: queries split by host country, polite
requests, rows grouped into one record per mission, and a run that fails changing nothing.

The fixtures are SPARQL JSON results in the Query Service's shape for real items: the German
embassy in Moscow (Q4373990, address in Russian), the Ukrainian embassy in Moscow (Q4374079,
dissolved), the British embassies in Moscow (Q4373981, in Arbat District) and Manila
(Q59290287, two phones), and the Bangladeshi embassy in Manila (Q83584261), written without
its operator to stand for an unusable item.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import socket
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from chancery.directory.models import Mission, MissionStatus
from chancery.ingest import fetch
from chancery.ingest.models import ImportRun
from chancery.ingest.polite import user_agent
from chancery.ingest.sources import wikidata_sparql
from chancery.ingest.sources.wikidata_csv import MissionRecord, RowError, SourceFormatError
from chancery.ingest.sources.wikidata_sparql import (
    VARIABLES,
    fetch_missions,
    host_batches,
    parse_results,
    read_missions,
)

from .test_polite import Answer, local_server

FIXTURES = Path(__file__).parent / "fixtures" / "sparql"
PAGES = FIXTURES / "pages"
E = "http://www.wikidata.org/entity/"
SPARQL_JSON = {"Content-Type": "application/sparql-results+json;charset=utf-8"}


def page_rows(name: str) -> list[dict]:
    return json.loads((PAGES / name).read_text(encoding="utf-8"))["results"]["bindings"]


#: Host QID → the fixture rows of its missions.
ROWS_BY_HOST = {"Q159": page_rows("page-001.json"), "Q928": page_rows("page-002.json")}


def results(rows: list[dict], names: tuple[str, ...] = VARIABLES) -> bytes:
    return json.dumps({"head": {"vars": list(names)}, "results": {"bindings": rows}}).encode()


def records_by_qid(items: list[MissionRecord | RowError]) -> dict[str, MissionRecord | RowError]:
    return {item.wikidata_id: item for item in items}


def query_of(path: str) -> str:
    return parse_qs(urlsplit(path).query)["query"][0]


class Wdqs:
    """The Query Service's answers: the host list, then each batch's rows from the fixtures.
    `broken` replaces the answer for the page of one host."""

    def __init__(self, hosts: bytes | None = None) -> None:
        self.hosts = hosts or (FIXTURES / "hosts.json").read_bytes()
        self.broken: dict[str, Answer] = {}
        self.busy: list[Answer] = []  # answered first, in turn

    def __call__(self, path: str) -> Answer:
        if self.busy:
            return self.busy.pop(0)
        query = query_of(path)
        if "COUNT(DISTINCT ?m)" in query:
            return 200, SPARQL_JSON, self.hosts
        values = re.search(r"VALUES \?host \{([^}]*)\}", query)
        hosts = re.findall(r"wd:(Q\d+)", values.group(1)) if values else []
        for host in hosts:
            if host in self.broken:
                return self.broken[host]
        rows = [row for host in hosts for row in ROWS_BY_HOST.get(host, [])]
        return 200, SPARQL_JSON, results(rows)


@pytest.fixture
def wdqs(settings) -> Iterator[tuple[Wdqs, object]]:
    settings.CHANCERY_FETCH_ALLOW_PRIVATE = True
    service = Wdqs()
    with local_server(service) as server:
        yield service, server


def no_sleep(seconds: float) -> None:
    pass


# --- reading results --------------------------------------------------------------------------


def test_pages_become_one_record_per_mission() -> None:
    items = list(read_missions(PAGES))

    assert [item.line for item in items] == [1, 2, 3, 4, 5]
    by_qid = records_by_qid(items)
    germany = by_qid["Q4373990"]
    assert isinstance(germany, MissionRecord)
    assert (germany.sending.wikidata_id, germany.sending.label) == ("Q183", "Germany")
    assert (germany.host.wikidata_id, germany.type_label) == ("Q159", "embassy")
    assert (germany.latitude, germany.longitude) == (55.71736, 37.517)
    assert (germany.address, germany.address_language) == ("Мосфильмовская улица, 56", "ru")
    assert germany.postal_code == "119285"
    assert germany.opened_on == dt.date(1955, 9, 1)
    assert germany.names["de"] == "Deutsche Botschaft Moskau"
    assert germany.aliases["en"] == ["German Embassy in Moscow"]
    assert germany.closed_on is None

    manila = by_qid["Q59290287"]
    assert isinstance(manila, MissionRecord)
    assert manila.phones == ["+63 2 8858 2200", "+63 2 8858 2342"]
    assert [ref.wikidata_id for ref in manila.jurisdictions] == ["Q928", "Q695"]
    assert (manila.city, manila.city_wikidata_id) == ("Taguig", "Q1643")
    assert manila.email == "mailto:ukinthephilippines@fco.gov.uk"
    assert manila.twitter == "ukinphilippines"


def test_the_town_is_the_nearest_settlement_above_the_district() -> None:
    moscow = records_by_qid(list(read_missions(PAGES / "page-001.json")))["Q4373981"]

    assert isinstance(moscow, MissionRecord)
    assert (moscow.city, moscow.city_wikidata_id) == ("Moscow", "Q649")  # not Arbat District
    # "diplomatic mission" beside "embassy" is not a second type.
    assert (moscow.type_wikidata_id, moscow.warnings) == ("Q3917681", [])


def test_a_closed_mission_is_kept_with_its_date() -> None:
    ukraine = records_by_qid(list(read_missions(PAGES)))["Q4374079"]

    assert isinstance(ukraine, MissionRecord)
    assert ukraine.closed_on == dt.date(2022, 2, 24)


def test_an_item_without_operator_is_rejected_with_its_qid() -> None:
    bangladesh = records_by_qid(list(read_missions(PAGES)))["Q83584261"]

    assert bangladesh == RowError(
        5, "Q83584261: no operator (P137): the sending state is not known", "Q83584261"
    )


def _row(**terms: dict) -> dict:
    return {"m": {"type": "uri", "value": f"{E}Q4373990"}, **terms}


def _uri(qid: str) -> dict:
    return {"type": "uri", "value": f"{E}{qid}"}


def _literal(value: str, **extra: str) -> dict:
    return {"type": "literal", "value": value, **extra}


def _date(value: str) -> dict:
    return _literal(value, datatype="http://www.w3.org/2001/XMLSchema#dateTime")


def test_rows_of_a_join_are_grouped_and_deduplicated() -> None:
    """A result written one row per combination (2 phones × 2 labels × 2 operators) reads as
    one mission, its phones once each and in order."""
    rows = [
        _row(
            operator=_uri(operator),
            operatorLabel=_literal(label, **{"xml:lang": "en"}),
            country=_uri("Q159"),
            phone=_literal(phone),
            label=_literal(name, **{"xml:lang": lang}),
        )
        for operator, label in (("Q1234567", "Federal Foreign Office"), ("Q183", "Germany"))
        for phone in ("+7 495 937-95-00", "+7 495 933-43-11")
        for lang, name in (("en", "Embassy of Germany, Moscow"), ("ru", "Посольство Германии"))
    ]

    [record] = parse_results(results(rows), "page.json")

    assert isinstance(record, MissionRecord)
    assert record.phones == ["+7 495 937-95-00", "+7 495 933-43-11"]
    assert record.names == {"en": "Embassy of Germany, Moscow", "ru": "Посольство Германии"}
    assert (record.sending.wikidata_id, record.sending.label) == ("Q183", "Germany")
    assert record.warnings == ["several values for operator (P137): Q183, Q1234567; took Q183"]


def test_the_earliest_closure_counts_and_an_unknown_one_is_reported() -> None:
    rows = [
        _row(operator=_uri("Q183"), country=_uri("Q159")),
        _row(endTime=_date("2023-06-30T00:00:00Z")),
        _row(closing=_date("2022-04-05T00:00:00Z")),
        _row(dissolved={"type": "uri", "value": "http://www.wikidata.org/.well-known/genid/ab12"}),
    ]

    [record] = parse_results(results(rows), "page.json")

    assert isinstance(record, MissionRecord)
    assert record.closed_on == dt.date(2022, 4, 5)
    assert record.warnings == ["dissolved (P576) has no date; the closure is not recorded"]


@pytest.mark.parametrize(
    ("coord", "expected", "warning"),
    [
        ("Point(37.517 55.71736)", (55.71736, 37.517), None),
        ("<http://www.wikidata.org/entity/Q2> Point(37.517 55.71736)", (55.71736, 37.517), None),
        ("<http://www.wikidata.org/entity/Q405> Point(10 20)", (None, None), "another globe"),
    ],
)
def test_coordinates_are_read_from_wkt(
    coord: str, expected: tuple[float | None, float | None], warning: str | None
) -> None:
    rows = [_row(operator=_uri("Q183"), country=_uri("Q159"), coord=_literal(coord))]

    [record] = parse_results(results(rows), "page.json")

    assert isinstance(record, MissionRecord)
    assert (record.latitude, record.longitude) == expected
    assert (warning in " ".join(record.warnings)) if warning else record.warnings == []


@pytest.mark.parametrize(
    ("coord", "reason"),
    [
        ("Point(37.517 95.5)", "latitude (P625) 95.5 is out of range"),
        ("POLYGON((1 2, 3 4))", "coordinates (P625) are not a WKT point"),
    ],
)
def test_unusable_coordinates_reject_the_item(coord: str, reason: str) -> None:
    rows = [_row(operator=_uri("Q183"), country=_uri("Q159"), coord=_literal(coord))]

    [error] = parse_results(results(rows), "page.json")

    assert isinstance(error, RowError)
    assert error.wikidata_id == "Q4373990"
    assert reason in error.reason


def test_a_refused_website_is_left_out_and_marked() -> None:
    rows = [
        _row(operator=_uri("Q183"), country=_uri("Q159")),
        _row(website={"type": "uri", "value": "javascript:alert(1)"}),
    ]

    [record] = parse_results(results(rows), "page.json")

    assert isinstance(record, MissionRecord)
    assert record.website == ""
    assert record.refused == frozenset({"website"})
    assert "website (P856) is not an http(s) URL" in record.warnings[0]


# --- files that are not results of this query -------------------------------------------------


def _good() -> bytes:
    return (PAGES / "page-001.json").read_bytes()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (lambda: b"<html>Service Unavailable</html>", r"line 1 column 1: not valid JSON"),
        (lambda: _good()[: len(_good()) // 2], r"the JSON ends too early \(the answer was cut"),
        (lambda: b"", "the answer is empty"),
        (lambda: b'{"results": {"bindings": []}}', r"no head.vars \(not SPARQL JSON results\)"),
        (lambda: json.dumps({"head": {"vars": list(VARIABLES)}}).encode(), "no results.bindings"),
        (
            lambda: results([], tuple(v for v in VARIABLES if v not in ("operator", "phone"))),
            r"missing variables \?operator, \?phone \(the query or the format changed\)",
        ),
        (
            lambda: results([{"m": f"{E}Q1"}]),
            r"binding 1, \?m: not an RDF term",
        ),
        (
            lambda: results([{"m": {"type": "literal", "value": "embassy"}}]),
            r"binding 1: \?m is not a Wikidata item",
        ),
    ],
    ids=["not-json", "truncated", "empty", "no-head", "no-results", "format-changed", "term", "m"],
)
def test_a_file_that_is_not_a_page_of_results_is_refused(
    tmp_path: Path, content, message: str
) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "page-001.json").write_bytes(_good())
    (pages / "page-002.json").write_bytes(content())

    with pytest.raises(SourceFormatError, match=re.escape(str(pages / "page-002.json"))) as caught:
        list(read_missions(pages))

    assert re.search(message, str(caught.value))


def test_a_missing_path_or_an_empty_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SourceFormatError, match="no such file or directory"):
        read_missions(tmp_path / "nowhere")
    with pytest.raises(SourceFormatError, match=r"no \.json files"):
        read_missions(tmp_path)


# --- the live service -------------------------------------------------------------------------


def test_host_batches_keep_requests_small() -> None:
    counts = {"Q928": 90, "Q30": 500, "Q159": 150, "Q17": 120}

    assert host_batches(counts, limit=300) == [("Q17",), ("Q30",), ("Q159", "Q928")]
    assert host_batches({f"Q{n}": 1 for n in range(1, 6)}, max_hosts=2) == [
        ("Q1", "Q2"),
        ("Q3", "Q4"),
        ("Q5",),
    ]


def test_every_page_is_asked_for_by_host_country(wdqs, monkeypatch) -> None:
    service, server = wdqs
    monkeypatch.setattr(wikidata_sparql, "BATCH_MISSIONS", 4)  # 3 + 2 missions: two pages
    hosts = json.loads(service.hosts)
    hosts["results"]["bindings"].append(
        {"missions": {"type": "literal", "value": "1"}}  # missions without a country
    )
    service.hosts = json.dumps(hosts).encode()

    items = fetch_missions(f"{server.url}/sparql", sleep=no_sleep)

    queries = [query_of(path) for path, _ in server.requests]
    assert len(queries) == 4
    assert "COUNT(DISTINCT ?m)" in queries[0]
    assert "VALUES ?host { wd:Q159 }" in queries[1]
    assert "VALUES ?host { wd:Q928 }" in queries[2]
    assert "FILTER NOT EXISTS { ?m wdt:P17 ?anyHost }" in queries[3]
    assert all(path.startswith("/sparql?query=") for path, _ in server.requests)
    assert [item.wikidata_id for item in items] == [
        "Q4373990",
        "Q4374079",
        "Q4373981",
        "Q59290287",
        "Q83584261",
    ]


def test_requests_say_who_asks_and_what_they_accept(wdqs) -> None:
    _, server = wdqs

    fetch_missions(f"{server.url}/sparql", sleep=no_sleep)

    for _, headers in server.requests:
        assert headers["User-Agent"] == user_agent()
        assert re.match(r"Chancery/\S+ \(.*\+https?://", headers["User-Agent"])
        assert headers["Accept"] == "application/sparql-results+json"


def test_a_busy_service_is_asked_again_after_its_retry_after(wdqs) -> None:
    service, server = wdqs
    service.busy = [(429, {"Retry-After": "7"}, b"Too Many Requests")]
    waits: list[float] = []

    items = fetch_missions(f"{server.url}/sparql", sleep=waits.append)

    assert waits == [7.0]
    assert len(items) == 5


def test_a_service_that_stays_busy_fails_naming_the_page(wdqs) -> None:
    service, server = wdqs
    service.broken["Q928"] = (429, {"Retry-After": "5"}, b"Too Many Requests")
    waits: list[float] = []

    with pytest.raises(fetch.FetchError) as caught:
        fetch_missions(f"{server.url}/sparql", sleep=waits.append)

    assert caught.value.status == 429
    assert str(caught.value).startswith(f"{server.url}/sparql, page 1 of 1 (hosts Q159 Q928)")
    assert "429" in str(caught.value)
    assert waits == [5.0, 5.0, 5.0]


# --- the command ------------------------------------------------------------------------------


def state() -> tuple[int, int, set[tuple[str | None, str, str]]]:
    return (
        Mission.objects.count(),
        ImportRun.objects.count(),
        set(Mission.objects.values_list("wikidata_id", "source_hash", "status")),
    )


def ingest(**options: object) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "ingest_missions",
        source="wikidata-sparql",
        no_progress=True,
        stdout=out,
        stderr=err,
        **options,
    )
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_the_command_imports_the_pages_and_is_idempotent() -> None:
    Mission.objects.filter(wikidata_id="Q59290287").delete()
    missions = Mission.objects.count()

    out, err = ingest(file=str(PAGES))

    assert "5 rows read: 1 created, 3 updated, 0 unchanged, 0 withdrawn, 1 rejected" in out
    assert f"rejected: {PAGES}, line 5: Q83584261: no operator (P137)" in err
    assert Mission.objects.count() == missions + 1
    manila = Mission.objects.get(wikidata_id="Q59290287")
    assert [phone["raw"] for phone in manila.phones] == ["+63 2 8858 2200", "+63 2 8858 2342"]
    assert manila.address == "120 Upper McKinley Road, McKinley Hill, Taguig City"
    assert manila.city == "Taguig"
    germany = Mission.objects.get(wikidata_id="Q4373990")
    assert germany.address == "Мосфильмовская улица, 56"
    assert Mission.objects.filter(wikidata_id="Q83584261", status=MissionStatus.ACTIVE).exists()

    again, _ = ingest(file=str(PAGES))

    assert "5 rows read: 0 created, 0 updated, 4 unchanged, 0 withdrawn, 1 rejected" in again


@pytest.mark.django_db
def test_a_mission_closed_in_wikidata_is_closed_here_not_deleted() -> None:
    ingest(file=str(PAGES))

    ukraine = Mission.objects.get(wikidata_id="Q4374079")
    assert (ukraine.status, ukraine.closed_on) == (MissionStatus.CLOSED, dt.date(2022, 2, 24))


@pytest.mark.django_db
def test_a_dry_run_changes_nothing() -> None:
    Mission.objects.filter(wikidata_id="Q59290287").delete()
    before = state()

    out, _ = ingest(file=str(PAGES), dry_run=True)

    assert out.startswith("Dry run, rolled back: 5 rows read: 1 created, 3 updated")
    assert state() == before


@pytest.mark.django_db
def test_the_command_asks_the_endpoint_without_a_file(wdqs) -> None:
    _, server = wdqs
    Mission.objects.filter(wikidata_id="Q59290287").delete()

    out, _ = ingest(endpoint=f"{server.url}/sparql")

    assert "5 rows read: 1 created, 3 updated" in out
    assert len(server.requests) == 2


@pytest.mark.django_db
def test_a_broken_page_changes_nothing(wdqs, monkeypatch) -> None:
    service, server = wdqs
    monkeypatch.setattr(wikidata_sparql, "BATCH_MISSIONS", 4)
    page = (PAGES / "page-002.json").read_bytes()
    service.broken["Q928"] = (200, SPARQL_JSON, page[: len(page) - 200])  # cut short
    before = state()

    with pytest.raises(CommandError) as caught:
        ingest(endpoint=f"{server.url}/sparql")

    message = str(caught.value)
    assert f"{server.url}/sparql, page 2 of 2 (hosts Q928)" in message
    assert "the JSON ends too early" in message
    assert message.endswith("Nothing was changed.")
    assert state() == before


@pytest.mark.django_db
def test_an_unreachable_endpoint_changes_nothing() -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    before = state()

    with pytest.raises(CommandError) as caught:
        ingest(endpoint=f"http://127.0.0.1:{port}/sparql")

    assert "(host countries): could not be fetched (could not connect)" in str(caught.value)
    assert str(caught.value).endswith("Nothing was changed.")
    assert state() == before


@pytest.mark.django_db
def test_a_silent_endpoint_times_out_and_changes_nothing(settings, monkeypatch) -> None:
    settings.CHANCERY_FETCH_ALLOW_PRIVATE = True
    monkeypatch.setattr(fetch, "READ_TIMEOUT_SECONDS", 0.3)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()  # accepts connections, never answers
    before = state()
    try:
        with pytest.raises(CommandError) as caught:
            ingest(endpoint=f"http://127.0.0.1:{listener.getsockname()[1]}/sparql")
    finally:
        listener.close()

    assert "could not be fetched (the server stopped answering)" in str(caught.value)
    assert str(caught.value).endswith("Nothing was changed.")
    assert state() == before


@pytest.mark.django_db
def test_endpoint_is_only_for_the_sparql_source() -> None:
    with pytest.raises(CommandError, match="--endpoint is only for --source wikidata-sparql"):
        call_command("ingest_missions", endpoint="http://127.0.0.1:1/sparql", no_progress=True)
