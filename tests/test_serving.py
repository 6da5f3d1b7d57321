"""How the app server serves (config/gunicorn.conf.py, config.warmup).

- Started while the database does not answer, it keeps running and answers 503 with
  Retry-After; once the database answers, the master builds the search index and forks fresh
  workers that share it, and pages and search answer, with no restart.
- A client reading an export slowly holds a thread, not a worker: /healthz is still answered.

The gunicorn tests are slow (they start servers); those that need data run on PostgreSQL, whose
test database a server started here can read.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.db import connection
from django.db.utils import OperationalError
from django.test import Client

ROOT = Path(settings.BASE_DIR)
SEARCH = "/api/v1/search?q=German+embassy+Moscow"
PAGE = "/from/germany/in/russia/"


# --- in process: the master's warm-up, the workers' answer meanwhile ------------------------------


class _Log:
    def __init__(self) -> None:
        self.lines: list[tuple[str, str]] = []

    def warning(self, message: str, *args: object) -> None:
        self.lines.append(("warning", message % args))

    def info(self, message: str, *args: object) -> None:
        self.lines.append(("info", message % args))

    def exception(self, message: str, *args: object) -> None:
        self.lines.append(("exception", message % args))


@pytest.fixture
def warmup(monkeypatch: pytest.MonkeyPatch):
    from chancery.search import services
    from config import warmup

    monkeypatch.setattr(warmup, "RETRY_SECONDS", 0.01)
    monkeypatch.setattr(warmup, "_pending", False)
    monkeypatch.setattr(warmup, "_watcher", None)
    yield warmup
    services.leave_build_to(None)


def test_the_master_starts_without_a_database_and_builds_when_it_answers(
    warmup, monkeypatch: pytest.MonkeyPatch
) -> None:
    from chancery.search import services

    answers = iter([False, False, True])
    warmed: list[bool] = []

    def warm() -> None:
        if not warmed:
            warmed.append(False)
            raise OperationalError('connection to server at "127.0.0.1" failed')
        warmed.append(True)

    signals: list[tuple[int, int]] = []
    monkeypatch.setattr(services, "warm", warm)
    monkeypatch.setattr(services, "database_ready", lambda: next(answers, True))
    monkeypatch.setattr(warmup.os, "kill", lambda pid, sig: signals.append((pid, sig)))
    server = SimpleNamespace(log=_Log())

    warmup.at_start(server)  # gunicorn's when_ready: returns, so the master goes on

    warnings = [line for kind, line in server.log.lines if kind == "warning"]
    assert len(warnings) == 1
    assert "database unavailable" in warnings[0] and "503" in warnings[0]
    deadline = time.monotonic() + 10
    while not signals and time.monotonic() < deadline:
        time.sleep(0.01)
    # The database answered: the master is asked to reload (SIGHUP), which runs on_reload.
    assert signals == [(os.getpid(), signal.SIGHUP)]

    warmup.on_reload(server)
    assert warmed == [False, True]
    assert len([kind for kind, _ in server.log.lines if kind == "warning"]) == 1


def test_a_database_still_down_at_reload_is_waited_for_again(
    warmup, monkeypatch: pytest.MonkeyPatch
) -> None:
    from chancery.search import services

    def down() -> None:
        raise OperationalError("connection refused")

    signals: list[tuple[int, int]] = []
    ready = iter([True, False, True])
    monkeypatch.setattr(services, "warm", down)
    monkeypatch.setattr(services, "database_ready", lambda: next(ready, True))
    monkeypatch.setattr(warmup.os, "kill", lambda pid, sig: signals.append((pid, sig)))
    server = SimpleNamespace(log=_Log())
    warmup.at_start(server)
    deadline = time.monotonic() + 10
    while not signals and time.monotonic() < deadline:
        time.sleep(0.01)
    warmup.on_reload(server)  # down again by then: another watch, another SIGHUP later
    while len(signals) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert signals == [(os.getpid(), signal.SIGHUP)] * 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "content_type"),
    [(SEARCH, "application/json"), ("/search/?q=German+embassy+Moscow", "text/html")],
)
def test_workers_answer_searches_503_while_the_master_builds_the_index(
    client: Client, monkeypatch: pytest.MonkeyPatch, url: str, content_type: str
) -> None:
    """A worker forked before the index exists does not keep a request waiting while it builds
    one of its own: the master is building it for the workers that will replace this one."""
    from chancery.search import services

    monkeypatch.setattr(services, "_state", services._State())
    services.leave_build_to(os.getpid() + 1)  # the master: another process
    try:
        response = client.get(url)
    finally:
        services.leave_build_to(None)
    assert response.status_code == 503
    assert response["Retry-After"]
    assert response["Content-Type"].startswith(content_type)
    assert b"Traceback" not in response.content


# --- gunicorn -----------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _fetch(url: str, timeout: float = 30) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def _test_database_url(port: int | None = None) -> str:
    db = connection.settings_dict
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = "127.0.0.1" if port else db.get("HOST") or "127.0.0.1"
    return f"postgres://{user}{password}@{host}:{port or db.get('PORT') or 5432}/{db['NAME']}"


@contextmanager
def _gunicorn(
    database_url: str, tmp_path: Path, **env: str
) -> Iterator[tuple[subprocess.Popen, str, Path]]:
    """gunicorn as `make run` starts it (its config file), with one worker."""
    port = _free_port()
    log = tmp_path / "gunicorn.log"
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        DJANGO_SECRET_KEY="test-only-not-secret",
        DATABASE_URL=database_url,
        CHANCERY_EXPORTS_DIR=str(tmp_path / "exports"),
        WEB_CONCURRENCY="1",
        GUNICORN_ACCESS_LOG="",
        **env,
    )
    with log.open("wb") as output:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--config",
                "config/gunicorn.conf.py",
                "--bind",
                f"127.0.0.1:{port}",
                "config.wsgi",
            ],
            cwd=ROOT,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            if process.poll() is not None:
                pytest.fail(f"gunicorn exited ({process.returncode}):\n{log.read_text()[-3000:]}")
            try:
                _fetch(base + "/healthz", timeout=5)
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"gunicorn did not answer:\n{log.read_text()[-3000:]}")
                time.sleep(0.3)
        yield process, base, log
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.mark.slow
def test_gunicorn_started_without_a_database_answers_503(tmp_path: Path) -> None:
    closed = f"postgres://postgres@127.0.0.1:{_free_port()}/chancery"
    with _gunicorn(closed, tmp_path) as (process, base, log):
        time.sleep(2)  # a master that gave up would have exited by now
        assert process.poll() is None
        for path in ("/", PAGE, SEARCH, "/exports/missions.csv"):
            status, headers, body = _fetch(base + path)
            assert status == 503, path
            assert headers.get("Retry-After"), path
            assert b"Traceback" not in body
        status, _, _ = _fetch(base + "/healthz")
        assert status == 503
        assert process.poll() is None
    warnings = [line for line in log.read_text().splitlines() if "[WARNING]" in line]
    assert len(warnings) == 1 and "database unavailable at start-up" in warnings[0]


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.django_db
def test_gunicorn_serves_once_the_database_answers(tmp_path: Path) -> None:
    from benchmarks.faults import Forwarder

    port = _free_port()
    db = connection.settings_dict
    forwarder = Forwarder(port, (db.get("HOST") or "127.0.0.1", int(db.get("PORT") or 5432)))
    try:
        with _gunicorn(_test_database_url(port), tmp_path) as (process, base, _):
            assert _fetch(base + PAGE)[0] == 503
            master = process.pid
            forwarder.open()
            deadline = time.monotonic() + 180
            statuses = (503, 503)
            while statuses != (200, 200) and time.monotonic() < deadline:
                time.sleep(0.5)
                statuses = (_fetch(base + PAGE)[0], _fetch(base + SEARCH)[0])
            assert statuses == (200, 200)
            assert process.poll() is None and process.pid == master  # no restart
            assert b"Moscow" in _fetch(base + SEARCH)[2]
    finally:
        forwarder.close()


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.django_db
def test_slow_readers_do_not_hold_the_site(tmp_path: Path) -> None:
    """Three clients that ask for the GeoJSON export and read none of it, against one worker:
    with one request per process, the first of them alone left /healthz unanswered."""
    with _gunicorn(_test_database_url(), tmp_path) as (_, base, _):
        assert _fetch(base + "/exports/missions.geojson", timeout=120)[0] == 200
        readers = []
        try:
            for _ in range(3):
                reader = socket.socket()
                reader.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
                reader.connect(("127.0.0.1", int(base.rsplit(":", 1)[1])))
                reader.sendall(b"GET /exports/missions.geojson HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                readers.append(reader)
            time.sleep(1)  # each of them now holds an answer it does not read
            for _ in range(5):
                status, _, body = _fetch(base + "/healthz", timeout=10)
                assert status == 200 and body == b'{"status": "ok"}'
        finally:
            for reader in readers:
                reader.close()
