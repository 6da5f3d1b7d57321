"""The unfiltered exports are files built once per data version: sent whole (Content-Length,
sendfile), with an ETag and Last-Modified (304 when they match), a gzip copy for clients that
accept it, and HEAD; byte for byte what the streamed export of the same missions is; rebuilt
when the data changes, however it changes; built once when several workers ask at once."""

from __future__ import annotations

import csv
import gzip
import io
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO
from wsgiref.util import setup_testing_defaults

import pytest
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import CommandError, call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.http import FileResponse, HttpResponseBase
from django.test import Client
from django.utils import timezone

from chancery.countries.models import Country
from chancery.directory.models import Mission, MissionStatus
from chancery.exports import published
from chancery.exports.formats import ExportFormat
from chancery.exports.views import accepts_gzip

from .helpers import BELGIAN_EMBASSY_IN_RUSSIA, GERMAN_EMBASSY_IN_RUSSIA, body, entity

pytestmark = pytest.mark.django_db

URLS = {
    "csv": "/exports/missions.csv",
    "json": "/exports/missions.json",
    "geojson": "/exports/missions.geojson",
}
#: The same missions as the unfiltered export, asked for with a filter: streamed.
STREAMED = {"status": "active"}


def _read(response: HttpResponseBase) -> bytes:
    """The whole body; the test client closes a streamed response (its file) once read."""
    return body(response)


def _streamed(client: Client, kind: str, **headers: str) -> bytes:
    response = client.get(URLS[kind], STREAMED, **headers)
    assert response.status_code == 200
    assert not isinstance(response, FileResponse)
    # The GeoJSON's metadata links to the JSON export with the filters it was asked with.
    return _read(response).replace(b'missions.json?status=active"', b'missions.json"')


# --- a file, the same bytes as the stream ---------------------------------------------------------


@pytest.mark.parametrize("kind", URLS)
def test_the_unfiltered_export_is_a_file_equal_to_the_stream(client: Client, kind: str) -> None:
    response = client.get(URLS[kind])
    assert response.status_code == 200
    assert isinstance(response, FileResponse)
    content = _read(response)
    assert int(response["Content-Length"]) == len(content) > 1_000_000
    assert content == _streamed(client, kind)


class _FileWrapper:
    """What a WSGI server offers as `wsgi.file_wrapper`: the app hands it a file to send with
    sendfile, rather than an iterator of chunks to write one by one."""

    def __init__(self, filelike: BinaryIO, block_size: int = 8192) -> None:
        self.filelike = filelike

    def close(self) -> None:
        self.filelike.close()


@pytest.mark.parametrize("accept", ["", "gzip"])
def test_the_app_server_is_handed_the_file_itself(accept: str) -> None:
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": URLS["geojson"],
        "HTTP_ACCEPT_ENCODING": accept,
        "wsgi.file_wrapper": _FileWrapper,
    }
    setup_testing_defaults(environ)
    statuses: list[str] = []
    # As the test client does: the test's transaction stays open across the request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        result = WSGIHandler()(environ, lambda status, headers: statuses.append(status))
        try:
            assert statuses == ["200 OK"]
            assert isinstance(result, _FileWrapper)
            built = Path(result.filelike.name)
            assert built.parent.parent.parent == Path(settings.CHANCERY_EXPORTS_DIR)
            assert built.name == ("missions.geojson.gz" if accept else "missions.geojson")
        finally:
            result.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.mark.parametrize("host", ["testserver", "localhost:8001"])
def test_the_file_names_the_site_it_was_asked_from(client: Client, host: str) -> None:
    content = _read(client.get(URLS["csv"], HTTP_HOST=host))
    assert f"http://{host}/missions/embassy-of-germany-in-russia/".encode() in content
    assert content == _streamed(client, "csv", HTTP_HOST=host)


# --- gzip ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "gzipped"),
    [
        ("gzip", True),
        ("gzip, deflate, br", True),
        ("br;q=1.0, gzip;q=0.8", True),
        ("*", True),
        ("deflate, *;q=0.1", True),
        ("GZIP", True),
        ("", False),
        ("identity", False),
        ("br", False),
        ("gzip;q=0", False),
        ("gzip; q=0.000", False),
        ("*;q=0", False),
        ("*, gzip;q=0", False),
    ],
)
def test_accept_encoding_is_read_with_its_weights(accept: str, gzipped: bool) -> None:
    assert accepts_gzip(accept) is gzipped


@pytest.mark.parametrize("kind", URLS)
def test_a_gzip_copy_for_clients_that_accept_it(client: Client, kind: str) -> None:
    plain = client.get(URLS[kind])
    plain_bytes = _read(plain)
    zipped = client.get(URLS[kind], HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert isinstance(zipped, FileResponse)
    zipped_bytes = _read(zipped)
    assert zipped["Content-Encoding"] == "gzip"
    assert int(zipped["Content-Length"]) == len(zipped_bytes) < len(plain_bytes) / 4
    assert gzip.decompress(zipped_bytes) == plain_bytes
    assert zipped["Content-Type"] == plain["Content-Type"]
    for response in (plain, zipped):
        assert "Accept-Encoding" in response["Vary"]
    assert "Content-Encoding" not in plain
    # Two representations, two ETags.
    assert zipped["ETag"] != plain["ETag"]


# --- conditional requests and HEAD --------------------------------------------------------------


@pytest.mark.parametrize("kind", URLS)
def test_etag_and_last_modified_give_304(client: Client, kind: str) -> None:
    first = client.get(URLS[kind])
    _read(first)
    etag, modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('"') and modified.endswith("GMT")

    for headers in ({"HTTP_IF_NONE_MATCH": etag}, {"HTTP_IF_MODIFIED_SINCE": modified}):
        again = client.get(URLS[kind], **headers)
        assert again.status_code == 304, headers
        assert again.content == b""
        assert again["ETag"] == etag

    stale = client.get(URLS[kind], HTTP_IF_NONE_MATCH='"an-older-version"')
    assert stale.status_code == 200
    assert _read(stale)


@pytest.mark.parametrize("kind", URLS)
def test_head_gives_the_headers_of_get(client: Client, kind: str) -> None:
    get = client.get(URLS[kind])
    length = len(_read(get))
    head = client.head(URLS[kind])
    assert head.status_code == 200
    assert _read(head) == b""
    assert int(head["Content-Length"]) == length
    for name in ("ETag", "Last-Modified", "Content-Type", "Content-Disposition", "Link"):
        assert head[name] == get[name], name
    assert client.head(URLS[kind], HTTP_IF_NONE_MATCH=get["ETag"]).status_code == 304


# --- rebuilt when the data changes --------------------------------------------------------------


def _rows(content: bytes) -> dict[str, dict[str, str]]:
    return {row["QID"]: row for row in csv.DictReader(io.StringIO(content.decode(), newline=""))}


def test_an_edit_gives_a_new_file(client: Client) -> None:
    first = client.get(URLS["csv"])
    before = _read(first)
    mission = Mission.objects.get(wikidata_id=GERMAN_EMBASSY_IN_RUSSIA)
    mission.name = "Embassy of Germany in Moscow (renamed)"
    mission.save()

    changed = client.get(URLS["csv"], HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]
    content = _read(changed)
    assert content != before
    assert _rows(content)[entity(GERMAN_EMBASSY_IN_RUSSIA)]["name"] == mission.name
    assert content == _streamed(client, "csv")


@pytest.mark.parametrize("change", ["withdrawn in bulk", "seen again in bulk", "jurisdiction"])
def test_every_kind_of_change_gives_a_new_file(client: Client, change: str) -> None:
    """Imports write in bulk (`update()`), which leaves `updated_at` and the signals alone."""
    first = client.get(URLS["csv"])
    before = _rows(_read(first))
    belgian = entity(BELGIAN_EMBASSY_IN_RUSSIA)
    assert belgian in before
    seen = timezone.now().replace(microsecond=0)
    if change == "withdrawn in bulk":
        Mission.objects.filter(wikidata_id=BELGIAN_EMBASSY_IN_RUSSIA).update(
            status=MissionStatus.WITHDRAWN
        )
    elif change == "seen again in bulk":
        Mission.objects.update(last_seen=seen)
    else:
        mission = Mission.objects.get(wikidata_id=BELGIAN_EMBASSY_IN_RUSSIA)
        mission.jurisdictions.add(Country.objects.get(iso_alpha2="NZ"))

    changed = client.get(URLS["csv"])
    assert changed["ETag"] != first["ETag"]
    rows = _rows(_read(changed))
    if change == "withdrawn in bulk":
        assert belgian not in rows
    elif change == "seen again in bulk":
        assert {row["last_seen"] for row in rows.values()} == {seen.isoformat()}
    else:
        assert "New Zealand" in rows[belgian]["jurisdictions"]
        assert rows[belgian]["jurisdictions"] != before[belgian]["jurisdictions"]


@pytest.mark.slow
def test_only_the_newest_versions_are_kept(client: Client, settings, tmp_path: Path) -> None:
    settings.CHANCERY_EXPORTS_DIR = tmp_path
    mission = Mission.objects.get(wikidata_id=GERMAN_EMBASSY_IN_RUSSIA)
    for round_ in range(4):
        mission.name = f"Embassy of Germany in Russia ({round_})"
        mission.save()
        _read(client.get(URLS["json"]))
    versions = [path for path in tmp_path.iterdir() if path.is_dir()]
    assert len(versions) == published.KEEP_VERSIONS
    assert published.data_version() in {path.name for path in versions}


# --- built once, atomically ---------------------------------------------------------------------


def _slow_format(calls: list[str]) -> ExportFormat:
    def chunks(missions: object, base: str, variant: object, query: str) -> Iterator[str]:
        calls.append(base)
        yield "a,b\r\n"
        time.sleep(0.3)  # long enough for every other thread to be waiting on the lock
        yield "c,d\r\n"

    return ExportFormat("csv", "missions.csv", "text/csv; charset=utf-8", chunks)


def test_workers_asking_at_once_build_the_file_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    fmt = _slow_format(calls)
    monkeypatch.setattr(published, "database_version", lambda: "v1")
    directory = tmp_path / "v1" / "site"
    results: list[bool] = []
    threads = [
        threading.Thread(
            target=lambda: results.append(published.build(fmt, "http://x", directory, "v1"))
        )
        for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert results == [True] * 4
    assert calls == ["http://x"]
    assert (directory / "missions.csv").read_bytes() == b"a,b\r\nc,d\r\n"
    assert gzip.decompress((directory / "missions.csv.gz").read_bytes()) == b"a,b\r\nc,d\r\n"
    assert not list(directory.glob(".building-*"))


def test_a_file_written_while_the_data_changed_is_dropped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(published, "database_version", lambda: "v2")
    directory = tmp_path / "v1" / "site"
    with pytest.raises(published.DataChangedDuringBuild):
        published.build(_slow_format([]), "http://x", directory, "v1")
    assert [path.name for path in directory.iterdir()] == [".missions.csv.lock"]


# --- when there is no file to send, the export is streamed ----------------------------------------


@pytest.mark.slow
def test_other_spellings_of_the_host_are_streamed_and_take_no_place(
    client: Client, settings, tmp_path: Path
) -> None:
    """The Host header is the client's choice (any port, any case, a trailing dot): only the
    site's own names get files, so no client can fill the disk or take the site's places."""
    settings.CHANCERY_EXPORTS_DIR = tmp_path
    for host in ("localhost:8001", "localhost:8002", "LOCALHOST", "localhost.", "127.0.0.1:9"):
        response = client.get(URLS["csv"], HTTP_HOST=host)
        assert response.status_code == 200
        assert not isinstance(response, FileResponse), host
        content = _read(response)
        if host == "localhost:8001":
            # The streamed answer is the whole export (one spelling is enough to compare).
            assert content == _streamed(client, "csv", HTTP_HOST=host)
        else:
            assert content.count(b"\n") > 9_000, host
    assert list(tmp_path.glob("*/*")) == []
    own = client.get(URLS["csv"], HTTP_HOST="localhost")
    assert isinstance(own, FileResponse)
    _read(own)
    assert len(list(tmp_path.glob("*/*"))) == 1


@pytest.mark.slow
def test_past_a_few_site_addresses_the_export_is_streamed(
    client: Client, settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Even the site's own names are bounded: a few addresses get files, the rest stream."""
    settings.CHANCERY_EXPORTS_DIR = tmp_path
    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1", "example.org", "testserver"]
    monkeypatch.setattr(published, "MAX_SITES", 2)
    for host in ("localhost", "127.0.0.1"):
        response = client.get(URLS["csv"], HTTP_HOST=host)
        assert isinstance(response, FileResponse)
        _read(response)
    third = client.get(URLS["csv"], HTTP_HOST="example.org")
    assert third.status_code == 200
    assert not isinstance(third, FileResponse)
    assert _read(third) == _streamed(client, "csv", HTTP_HOST="example.org")
    assert len(list(tmp_path.glob("*/*"))) == 2


def test_without_a_writable_directory_the_export_is_streamed(
    client: Client, settings, tmp_path: Path
) -> None:
    (tmp_path / "a-file").write_text("")
    settings.CHANCERY_EXPORTS_DIR = tmp_path / "a-file" / "exports"
    response = client.get(URLS["geojson"])
    assert response.status_code == 200
    assert not isinstance(response, FileResponse)
    assert _read(response) == _streamed(client, "geojson")


# --- build_exports ------------------------------------------------------------------------------


@pytest.mark.slow
def test_build_exports_builds_them_before_the_first_request(
    client: Client, settings, tmp_path: Path
) -> None:
    settings.CHANCERY_EXPORTS_DIR = tmp_path
    out = io.StringIO()
    call_command("build_exports", base_urls=["http://testserver"], stdout=out)
    assert "exports for http://testserver ready" in out.getvalue()
    built = {path.name: path for path in tmp_path.glob("*/*/missions.*")}
    assert sorted(built) == [
        "missions.csv",
        "missions.csv.gz",
        "missions.geojson",
        "missions.geojson.gz",
        "missions.json",
        "missions.json.gz",
    ]
    stamps = {name: path.stat().st_mtime_ns for name, path in built.items()}
    for kind in URLS:
        assert _read(client.get(URLS[kind])) == built[f"missions.{kind}"].read_bytes()
    assert {name: path.stat().st_mtime_ns for name, path in built.items()} == stamps


def test_build_exports_fails_when_it_cannot_write(settings, tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("")
    settings.CHANCERY_EXPORTS_DIR = tmp_path / "a-file" / "exports"
    with pytest.raises(
        CommandError, match=r"missions\.csv could not be built for http://testserver"
    ):
        call_command("build_exports", base_urls=["http://testserver"])


@pytest.mark.parametrize(
    "base", ["testserver", "http://testserver/exports", "ftp://testserver", "http://"]
)
def test_build_exports_names_a_bad_address(base: str) -> None:
    with pytest.raises(CommandError, match="--base-url"):
        call_command("build_exports", base_urls=[base])
