"""Reading OpenStreetMap's diplomatic offices: the real Singapore sample (GeoJSON in Web
Mercator, with its duplicates and tagging slips), Overpass JSON, and the live Overpass API
served by a local server."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from pytest_django import Settings

from chancery.ingest.fetch import FetchError
from chancery.ingest.sources.osm import (
    SkippedFeature,
    countries_named,
    fetch_features,
    kind_from_name,
    overpass_query,
    read_features,
)
from chancery.ingest.sources.records import (
    AddressValue,
    ContactRecord,
    PhoneValue,
    RowError,
    SourceFormatError,
)

FIXTURES = Path(__file__).parent / "fixtures" / "overpass"
HONG_KONG = FIXTURES / "hong-kong.json"


def sample_path() -> Path:
    return (
        settings.SHARED_DATA_DIR
        / "osm-embassies-singapore-sample"
        / "embassies-sg-20241120-1.geojson"
    )


@pytest.fixture(scope="module")
def sample() -> dict[str, ContactRecord]:
    items = list(read_features(sample_path()))
    assert all(isinstance(item, ContactRecord) for item in items), [
        item for item in items if not isinstance(item, ContactRecord)
    ]
    return {item.record_id: item for item in items if isinstance(item, ContactRecord)}


@pytest.fixture(scope="module")
def hong_kong() -> list[ContactRecord | RowError]:
    return list(read_features(HONG_KONG))


def by_id(items: list[ContactRecord | RowError]) -> dict[str, ContactRecord]:
    return {item.record_id: item for item in items if isinstance(item, ContactRecord)}


# --- The real Singapore sample -------------------------------------------------------------


def test_sample_reads_each_of_the_60_offices_once(sample: dict[str, ContactRecord]) -> None:
    raw = json.loads(sample_path().read_text(encoding="utf-8"))
    assert len(raw["features"]) == 65
    assert len(sample) == 60
    repeated = [r for r in sample.values() if any("appears 2 times" in w for w in r.warnings)]
    assert sorted(r.record_id for r in repeated) == [
        "node/11467764930",
        "node/8673013370",
        "node/8949531674",
        "node/9389449314",
        "node/9442956215",
    ]


def test_sample_ids_and_links_follow_osm(sample: dict[str, ContactRecord]) -> None:
    india = sample["way/173112810"]
    assert india.record_url == "https://www.openstreetmap.org/way/173112810"
    assert india.source == "osm"
    assert india.name == "High Commission of India"
    assert india.website == "https://hcisingapore.gov.in"
    assert sample["node/3483711795"].record_url == "https://www.openstreetmap.org/node/3483711795"


def test_sample_is_reprojected_from_web_mercator_into_singapore(
    sample: dict[str, ContactRecord],
) -> None:
    for record in sample.values():
        assert record.latitude is not None and record.longitude is not None
        assert 1.2 < record.latitude < 1.48, record
        assert 103.6 < record.longitude < 104.1, record
    egypt = sample["node/1819423834"]
    assert egypt.latitude == pytest.approx(1.30040, abs=1e-4)
    assert egypt.longitude == pytest.approx(103.82358, abs=1e-4)


def test_sample_sv_on_the_swedish_embassy_is_read_as_sweden(
    sample: dict[str, ContactRecord],
) -> None:
    slip = sample["node/10680133580"]
    assert slip.sending_code == "SE"
    [warning] = slip.warnings
    assert "node/10680133580" in warning
    assert "country=SV" in warning and "El Salvador" in warning
    assert "Sweden (SE)" in warning
    assert sample["node/3483711795"].sending_code == "SE"
    assert sample["node/3483711795"].warnings == []


def test_sample_special_and_missing_country_tags(sample: dict[str, ContactRecord]) -> None:
    eu = sample["node/10680148512"]
    assert (eu.sending_code, eu.kind) == ("EU", "delegation")
    hong_kong = sample["node/10680133581"]
    assert (hong_kong.sending_code, hong_kong.kind) == ("HK", "representative_office")
    nunciature = sample["node/10680155881"]
    assert (nunciature.sending_code, nunciature.kind) == ("VA", "nunciature")
    switzerland = sample["node/10680180871"]
    assert (switzerland.sending_code, switzerland.kind) == ("CH", "embassy")
    taiwan = sample["node/8910893849"]
    assert (taiwan.sending_code, taiwan.kind) == ("TW", "representative_office")


def test_sample_kinds_come_from_the_names(sample: dict[str, ContactRecord]) -> None:
    kinds = {record_id: record.kind for record_id, record in sample.items()}
    assert kinds["node/5464143338"] == "honorary_consulate"  # Czech Republic
    assert kinds["node/8179729197"] == "high_commission"  # New Zealand
    assert kinds["node/10680133579"] == "high_commission"  # "High Commision of Rwanda"
    assert kinds["way/451922289"] == "consulate"  # Liechtenstein
    assert kinds["way/157370014"] == "high_commission"  # British High Commission
    assert sample["way/157370014"].sending_code == "GB"
    assert sample["way/486032683"].sending_code == "TH"  # Royal Thai Embassy
    assert all(record.kind for record in sample.values())


def test_sample_hand_added_location_column_is_not_read(sample: dict[str, ContactRecord]) -> None:
    nunciature = sample["node/10680155881"]
    assert "Vatican Embassy" not in repr(nunciature)
    assert nunciature.names == {}


# --- Overpass JSON ---------------------------------------------------------------------------


def test_overpass_consulate_general_with_contacts(
    hong_kong: list[ContactRecord | RowError],
) -> None:
    us = by_id(hong_kong)["node/900000001"]
    assert us.kind == "consulate_general"
    assert us.sending_code == "US"
    assert us.target == "HK"
    assert us.host_code == "HK"
    assert (us.latitude, us.longitude) == (22.2781504, 114.1606313)
    assert us.phones == [PhoneValue("+852 2523 9011"), PhoneValue("+852 2841 2211")]
    assert us.fax == "+852 2845 1598"
    assert us.email == "consulate@example.org"
    assert us.website == "https://hk.usconsulate.gov/"
    assert us.opening_hours == "Mo-Fr 08:30-17:00; PH off"
    assert us.address == AddressValue(
        street_address="26 Garden Road", locality="Hong Kong", country_code="HK"
    )
    assert us.city == "Hong Kong"
    assert us.names == {
        "en": "Consulate General of the United States of America",
        "zh": "美國駐香港及澳門總領事館",
    }
    # subject:wikidata is the office; wikidata here is the building, operator:wikidata the US.
    assert us.wikidata_id == "Q100000001"


def test_overpass_ways_and_relations_stand_at_their_centre(
    hong_kong: list[ContactRecord | RowError],
) -> None:
    records = by_id(hong_kong)
    uk = records["way/900000002"]
    assert (uk.latitude, uk.longitude) == (22.277912, 114.167279)
    assert uk.kind == "consulate_general"  # diplomatic=consulate, named Consulate-General
    assert uk.wikidata_id == "Q100000002"
    assert uk.address == AddressValue(text="1 Supreme Court Road, Admiralty, Hong Kong")
    taipei = records["relation/900000003"]
    assert taipei.kind == "representative_office"
    assert taipei.phones == [PhoneValue("+852 2525 8315")]
    assert taipei.record_url == "https://www.openstreetmap.org/relation/900000003"


def test_overpass_residence_is_skipped_with_a_reason(
    hong_kong: list[ContactRecord | RowError],
) -> None:
    skipped = [item for item in hong_kong if isinstance(item, SkippedFeature)]
    assert len(skipped) == 1
    assert skipped[0].line == 4
    assert "node/900000004" in skipped[0].reason
    assert "residence, not an office" in skipped[0].reason
    assert "node/900000004" not in by_id(hong_kong)


def test_overpass_repeated_element_is_read_once(hong_kong: list[ContactRecord | RowError]) -> None:
    ids = [item.record_id for item in hong_kong if isinstance(item, ContactRecord)]
    assert ids.count("node/900000001") == 1
    assert len(ids) == 5
    us = by_id(hong_kong)["node/900000001"]
    assert any("appears 2 times" in warning for warning in us.warnings)


def test_overpass_older_tagging_and_host_code_in_country(
    hong_kong: list[ContactRecord | RowError],
) -> None:
    records = by_id(hong_kong)
    iceland = records["node/900000005"]
    assert (iceland.kind, iceland.sending_code) == ("honorary_consulate", "IS")
    assert iceland.phones == [PhoneValue("+852 2528 0000")]
    assert iceland.email == "iceland@example.org"
    assert iceland.website == "https://www.example.org/iceland-hk"
    spain = records["node/900000006"]
    assert (spain.kind, spain.sending_code) == ("consulate_general", "ES")
    assert spain.wikidata_id == ""  # operator:wikidata is Spain itself, not the office
    [warning] = spain.warnings
    assert "country=HK" in warning and "Spain (ES)" in warning


def test_country_names_in_other_languages_and_adjectives() -> None:
    assert countries_named("Botschaft der Schweizerischen Eidgenossenschaft") == ["CH"]
    assert countries_named("Ambassade de Suisse à Singapour") == ["CH"]
    assert countries_named("Посольство Швеции в Сингапуре", "ru") == ["SE"]
    assert countries_named("Turkish Embassy") == ["TR"]
    assert countries_named("Apostolic Nunciature to Singapore") == ["VA"]
    assert countries_named("中华人民共和国驻新加坡大使馆") == ["CN"]
    assert kind_from_name("Generalkonsulat der Bundesrepublik Deutschland") == "consulate_general"
    assert kind_from_name("Honorary Consul of Malta") == "honorary_consulate"


# --- Whole files refused -------------------------------------------------------------------


def _write(tmp_path: Path, name: str, content: str) -> Path:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


def test_truncated_json_is_refused_naming_the_file(tmp_path: Path) -> None:
    whole = HONG_KONG.read_text(encoding="utf-8")
    path = _write(tmp_path, "cut.json", whole[: len(whole) // 2])
    with pytest.raises(SourceFormatError, match=r"cut\.json: not JSON"):
        list(read_features(path))


def test_malformed_json_is_refused_naming_the_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "bad.json", '{"elements": [1, 2,, 3]}')
    with pytest.raises(SourceFormatError, match=r"bad\.json: not JSON"):
        list(read_features(path))


def test_other_json_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, "other.json", '{"type": "Feature", "geometry": null}')
    with pytest.raises(SourceFormatError, match=r"other\.json: neither Overpass JSON"):
        list(read_features(path))


def test_query_stopped_early_is_refused_as_a_whole() -> None:
    with pytest.raises(SourceFormatError, match=r"stopped early: runtime error: Query timed"):
        list(read_features(FIXTURES / "stopped-early.json"))


def _geojson(crs: str | None, x: float, y: float) -> str:
    doc: dict[str, object] = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"full_id": "n1", "name": "Embassy of Chile", "country": "CL"},
                "geometry": {"type": "Point", "coordinates": [x, y]},
            }
        ],
    }
    if crs:
        doc["crs"] = {"type": "name", "properties": {"name": crs}}
    return json.dumps(doc)


def test_geojson_in_an_unknown_crs_is_refused_naming_the_file(tmp_path: Path) -> None:
    path = _write(
        tmp_path, "odd.geojson", _geojson("urn:ogc:def:crs:EPSG::999999", 11561590.8, 144194.0)
    )
    with pytest.raises(SourceFormatError, match=r"odd\.geojson: the 'crs' member names"):
        list(read_features(path))


def test_geojson_in_metres_without_crs_is_refused_not_guessed(tmp_path: Path) -> None:
    path = _write(tmp_path, "metres.geojson", _geojson(None, 11561590.8, 144194.0))
    with pytest.raises(SourceFormatError, match=r"metres\.geojson, feature 1: .* no 'crs'"):
        list(read_features(path))


def test_geojson_in_wgs84_and_an_explicit_crs_read_alike(tmp_path: Path) -> None:
    plain = _write(tmp_path, "plain.geojson", _geojson(None, 103.8596, 1.29521))
    mercator = _write(
        tmp_path,
        "mercator.geojson",
        _geojson("urn:ogc:def:crs:EPSG::3857", 11561590.772865156, 144194.02056862437),
    )
    [a] = read_features(plain)
    [b] = read_features(mercator)
    assert isinstance(a, ContactRecord) and isinstance(b, ContactRecord)
    assert (a.record_id, a.sending_code, a.kind) == ("node/1", "CL", "embassy")
    assert b.latitude == pytest.approx(a.latitude, abs=1e-4)
    assert b.longitude == pytest.approx(a.longitude, abs=1e-4)


def test_feature_without_an_id_is_a_row_error(tmp_path: Path) -> None:
    doc = json.loads(_geojson(None, 103.8596, 1.29521))
    doc["features"][0]["properties"].pop("full_id")
    path = _write(tmp_path, "noid.geojson", json.dumps(doc))
    [error] = read_features(path)
    assert isinstance(error, RowError)
    assert error.line == 1 and "no OSM id" in error.reason


# --- The live Overpass API -------------------------------------------------------------------


class Overpass:
    """A stand-in Overpass API: busy (429) for the first `busy` requests, then the fixture."""

    def __init__(self, body: bytes, busy: int = 1) -> None:
        self.body, self.busy = body, busy
        self.requests: list[tuple[str, str]] = []  # (query, User-Agent)


@pytest.fixture
def overpass(settings: Settings) -> Iterator[tuple[str, Overpass]]:
    settings.CHANCERY_FETCH_ALLOW_PRIVATE = True  # the stand-in listens on 127.0.0.1
    state = Overpass(HONG_KONG.read_bytes())

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            query = parse_qs(urlsplit(self.path).query).get("data", [""])[0]
            state.requests.append((query, self.headers.get("User-Agent", "")))
            if len(state.requests) <= state.busy:
                body, status = b"rate_limited", 429
            else:
                body, status = state.body, 200
            self.send_response(status)
            if status == 429:
                self.send_header("Retry-After", "3")
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01})
    thread.daemon = True
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/api/interpreter", state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_query_for_one_country_and_for_the_world() -> None:
    query = overpass_query("sg")
    assert query.startswith("[out:json][timeout:")
    assert 'area["ISO3166-1"="SG"][admin_level=2]->.searchArea;' in query
    for selector in ('["office"="diplomatic"]', '["amenity"="embassy"]', '["diplomatic"]'):
        assert f"nwr{selector}(area.searchArea);" in query
    assert query.rstrip().endswith("out center tags;")
    world = overpass_query(None)
    assert "area[" not in world and 'nwr["diplomatic"];' in world
    with pytest.raises(ValueError, match="ISO 3166-1 alpha-2"):
        overpass_query("Singapore")


def test_fetch_waits_when_busy_then_reads_everything(overpass: tuple[str, Overpass]) -> None:
    endpoint, state = overpass
    waits: list[float] = []
    items = fetch_features("HK", endpoint=endpoint, sleep=waits.append)
    assert waits == [3.0]  # the Retry-After of the 429 answer
    assert len(state.requests) == 2
    query, agent = state.requests[-1]
    assert query == overpass_query("HK")
    assert agent.startswith("Chancery/")
    records = by_id(items)
    assert len(records) == 5
    # Every office the Hong Kong area holds stands in HK, tagged addr:country or not.
    assert {record.host_code for record in records.values()} == {"HK"}
    assert "hong-kong" not in records["way/900000002"].where
    assert endpoint in records["way/900000002"].where


def test_fetch_that_stays_busy_fails_as_a_whole(overpass: tuple[str, Overpass]) -> None:
    endpoint, state = overpass
    state.busy = 10
    with pytest.raises(FetchError) as caught:
        fetch_features("HK", endpoint=endpoint, sleep=lambda seconds: None)
    assert caught.value.status == 429


def test_fetch_of_a_truncated_answer_fails_as_a_whole(overpass: tuple[str, Overpass]) -> None:
    endpoint, state = overpass
    state.busy = 0
    state.body = state.body[:500]
    with pytest.raises(SourceFormatError, match="not JSON"):
        fetch_features(None, endpoint=endpoint, sleep=lambda seconds: None)
