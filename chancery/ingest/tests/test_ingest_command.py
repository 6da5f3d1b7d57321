"""The `ingest_missions` command: dry runs, unreadable files and URL sources."""

from __future__ import annotations

import functools
import io
import socket
import threading
from collections.abc import Callable, Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from chancery.countries.models import Country
from chancery.directory.models import Mission, MissionStatus
from chancery.ingest.models import ImportRun

pytestmark = pytest.mark.django_db

NEW_QID = "Q999999991"


def counts() -> tuple[int, int, int, int]:
    return (
        Mission.objects.count(),
        Mission.objects.filter(status=MissionStatus.ACTIVE).count(),
        Country.objects.count(),
        ImportRun.objects.count(),
    )


def ingest(location: str | Path, **options: object) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "ingest_missions", file=str(location), no_progress=True, stdout=out, stderr=err, **options
    )
    return out.getvalue(), err.getvalue()


@functools.cache
def real_lines(path: Path) -> tuple[str, ...]:
    return tuple(path.read_text(encoding="utf-8").splitlines())


def small_file(source: Path, target: Path) -> Path:
    """The real header, three real rows and one real row under a QID the database lacks."""
    lines = real_lines(source)
    fields = lines[4].split(";")
    fields[24] = f"http://www.wikidata.org/entity/{NEW_QID}"
    target.write_text("\n".join([*lines[:4], ";".join(fields)]) + "\n", encoding="utf-8")
    return target


# --- dry run -----------------------------------------------------------------------------------


def test_dry_run_changes_nothing(missions_2022: Path, tmp_path: Path) -> None:
    path = small_file(missions_2022, tmp_path / "small.csv")
    before = counts()
    hashes = set(Mission.objects.values_list("wikidata_id", "source_hash", "status"))

    out, _ = ingest(path, dry_run=True)

    assert counts() == before
    assert set(Mission.objects.values_list("wikidata_id", "source_hash", "status")) == hashes
    assert not Mission.objects.filter(wikidata_id=NEW_QID).exists()
    assert out.startswith("Dry run, rolled back: 4 rows read: 1 created, 0 updated, 3 unchanged")
    assert "9848 withdrawn, 0 rejected" in out
    assert "import run #" not in out


def test_the_same_file_without_dry_run_does_change(missions_2022: Path, tmp_path: Path) -> None:
    path = small_file(missions_2022, tmp_path / "small.csv")
    missions, _, countries, runs = counts()

    out, _ = ingest(path)

    assert counts() == (missions + 1, 4, countries, runs + 1)
    assert "4 rows read: 1 created, 0 updated, 3 unchanged, 9848 withdrawn" in out
    assert f"(import run #{ImportRun.objects.latest('started_at').pk})" in out


def test_if_empty_skips_when_missions_exist(missions_2022: Path, tmp_path: Path) -> None:
    before = counts()
    out, _ = ingest(small_file(missions_2022, tmp_path / "small.csv"), if_empty=True)
    assert "skipping" in out
    assert counts() == before


def test_rejections_and_warnings_go_to_stderr(missions_2022: Path, tmp_path: Path) -> None:
    lines = real_lines(missions_2022)
    fields = lines[1].split(";")
    fields[9] = "-91"
    fields[13] = "not a website"
    warned = lines[2].split(";")
    warned[13] = "not a website"
    path = tmp_path / "bad.csv"
    path.write_text(
        "\n".join([lines[0], ";".join(fields), ";".join(warned)]) + "\n", encoding="utf-8"
    )

    _, err = ingest(path)

    assert f"rejected: {path}, line 2: latitude -91 is out of range" in err
    assert "warning: line 3: website is not an http(s) URL, left out: 'not a website'" in err


# --- files that cannot be read -----------------------------------------------------------------


def _comma(lines: tuple[str, ...]) -> bytes:
    return "\n".join(line.replace(";", ",") for line in lines[:3]).encode()


def _missing_columns(lines: tuple[str, ...]) -> bytes:
    header = lines[0].replace(";latitude;longitude;", ";lat;lon;")
    return "\n".join([header, *lines[1:3]]).encode()


def _latin1(lines: tuple[str, ...]) -> bytes:
    return "\n".join(lines[:3]).encode() + b"\n" + lines[3].replace("a", "\xe4").encode("latin-1")


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (_comma, ("line 1", "';'", "','-separated")),
        (_missing_columns, ("line 1", "missing columns: latitude, longitude")),
        (_latin1, ("line 4", "not UTF-8", "0xe4")),
        (lambda lines: b"", ("the file is empty",)),
        (lambda lines: b"  \n\n", ("the file is empty",)),
    ],
    ids=["comma", "missing-columns", "latin-1", "empty", "blank"],
)
def test_unreadable_file(
    missions_2022: Path,
    tmp_path: Path,
    make: Callable[[tuple[str, ...]], bytes],
    words: tuple[str, ...],
) -> None:
    path = tmp_path / "broken.csv"
    path.write_bytes(make(real_lines(missions_2022)))
    before = counts()

    with pytest.raises(CommandError) as caught:
        ingest(path)

    message = str(caught.value)
    assert str(path) in message
    for word in words:
        assert word in message
    assert message.endswith("Nothing was changed.")
    assert counts() == before


def test_missing_file(tmp_path: Path) -> None:
    before = counts()
    with pytest.raises(CommandError, match="no such file"):
        ingest(tmp_path / "absent.csv")
    assert counts() == before


def test_a_stray_quote_never_ends_in_a_traceback(missions_2022: Path, tmp_path: Path) -> None:
    lines = real_lines(missions_2022)
    path = tmp_path / "quote.csv"
    broken = lines[1].replace(";Canberra;", ';"Canberra;')
    path.write_text("\n".join([lines[0], broken, *lines[2:1000]]) + "\n", encoding="utf-8")
    before = counts()
    try:
        ingest(path)
    except CommandError:
        assert counts() == before


# --- URL sources -------------------------------------------------------------------------------


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def web_root(tmp_path: Path) -> Path:
    root = tmp_path / "www"
    root.mkdir()
    return root


@pytest.fixture
def server(web_root: Path) -> Iterator[str]:
    """A local HTTP server on 127.0.0.1 serving `web_root`; yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(web_root))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def test_url_source(missions_2022: Path, web_root: Path, server: str) -> None:
    small_file(missions_2022, web_root / "missions.csv")
    url = f"{server}/missions.csv"
    missions, _, countries, runs = counts()

    out, _ = ingest(url)

    assert "4 rows read: 1 created, 0 updated, 3 unchanged" in out
    assert counts() == (missions + 1, 4, countries, runs + 1)
    run = ImportRun.objects.latest("started_at")
    assert run.location == url
    assert Mission.objects.get(wikidata_id=NEW_QID).last_import_run == run


def test_url_not_found(server: str) -> None:
    before = counts()
    url = f"{server}/nowhere.csv"
    with pytest.raises(CommandError) as caught:
        ingest(url)
    message = str(caught.value)
    assert url in message
    assert "404" in message
    assert "Nothing was changed" in message
    assert counts() == before


def test_url_unreachable() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # Nothing listens on the port any more: the connection is refused.
    url = f"http://127.0.0.1:{port}/x.csv"
    before = counts()
    with pytest.raises(CommandError) as caught:
        ingest(url)
    message = str(caught.value)
    assert url in message
    assert "could not be fetched" in message
    assert counts() == before
