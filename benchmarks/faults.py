"""`make fault-test`: the site under faults, on PostgreSQL (needs pg_ctlcluster and wrk).

1. wrk: 64 connections for 60 s (BENCH_FAULT_SECONDS) against cached and uncached pages:
   every answer must be 2xx.
2. database-stop: PostgreSQL stopped mid-run (pg_ctlcluster … stop): requests get 503 with
   Retry-After, never a traceback; when it is started again, the site recovers by itself.
3. drain: SIGTERM to gunicorn while requests are in flight: they complete (graceful drain).
4. slow-clients: 4 slow readers of the GeoJSON export and 4 clients downloading exports in a
   loop: /healthz keeps answering within 50 ms (95th percentile), none unanswered.
5. start-without-database: gunicorn started while nothing listens at the database's address
   keeps running and answers 503 with Retry-After; once a forwarder to PostgreSQL opens there,
   pages and search answer 200, without a restart.

`python -m benchmarks.faults [PART …]` runs the parts named (default: all). Only
database-stop stops the PostgreSQL cluster; the others leave it alone.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from contextlib import contextmanager, suppress
from urllib.parse import urlsplit, urlunsplit

from benchmarks.load import free_port, gunicorn, wait, wrk_figure
from benchmarks.slow_clients import under_slow_clients

PG_URL = os.environ.get("PG_URL", "postgres://postgres@127.0.0.1:5432/chancery_bench")
CLUSTER = os.environ.get("PG_CLUSTER", "15 main").split()
SECONDS = os.environ.get("BENCH_FAULT_SECONDS", "60")
#: /healthz must answer within this many milliseconds (95th percentile) beside slow clients.
HEALTH_GOAL_MS = 50.0
ENV = {"DJANGO_SETTINGS_MODULE": "config.settings.dev", "DATABASE_URL": PG_URL}


def fetch(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


@contextmanager
def served(env: dict[str, str] | None = None):
    """gunicorn as `make run` starts it, on the fault-test database, stopped at the end."""
    app, base = gunicorn("config.wsgi", env or ENV)
    try:
        yield app, base
    finally:
        if app.poll() is None:
            app.send_signal(signal.SIGTERM)
            app.wait(timeout=60)


def wrk_part() -> bool:
    ok = True
    with served() as (app, base):
        wait(base + "/healthz", app)
        for path in ("/in/russia/", "/api/v1/search?q=German+embassy+Moscow"):
            out = subprocess.run(
                ["wrk", "-t2", "-c64", f"-d{SECONDS}s", base + path],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
            rps = wrk_figure(r"Requests/sec:\s+([\d.]+)", out).group(1)
            count = int(errors.group(1)) if errors else 0
            print(f"wrk 64 connections {SECONDS}s {path}: {rps} req/s, non-2xx {count}")
            ok &= count == 0
    return ok


def database_stop_part() -> bool:
    ok = True
    with served() as (app, base):
        wait(base + "/healthz", app)
        subprocess.run(["pg_ctlcluster", *CLUSTER, "stop", "-m", "fast"], check=True)
        try:
            time.sleep(1)
            status, headers, body = fetch(base + "/from/germany/in/russia/")
            print(
                f"database stopped: {status}, Retry-After {headers.get('Retry-After')}, "
                f"traceback shown: {b'Traceback' in body}"
            )
            ok &= (
                status == 503
                and headers.get("Retry-After") is not None
                and b"Traceback" not in body
            )
        finally:
            subprocess.run(["pg_ctlcluster", *CLUSTER, "start"], check=True)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            status, _, _ = fetch(base + "/from/france/in/russia/")
            if status == 200:
                break
            time.sleep(0.5)
        print(f"database back: {status}")
        ok &= status == 200
    return ok


def drain_part() -> bool:
    # Two streamed exports in flight (each worker has sent its headers), then SIGTERM: both
    # must finish whole. A filtered export is streamed as it is read from the database (the
    # unfiltered ones are files, sent at once). A request still waiting in the listen queue is
    # not in flight; the load balancer retries it elsewhere.
    results: list[object] = []
    started = [threading.Event(), threading.Event()]
    with served() as (app, base):
        wait(base + "/healthz", app)

        def slow_request(started: threading.Event) -> None:
            try:
                url = base + "/exports/missions.csv?status=all"
                with urllib.request.urlopen(url, timeout=60) as r:
                    started.set()
                    body = r.read()
                    complete = body.count(b"\n") > 1000 and body.endswith(b"\n")
                    results.append(r.status if complete else f"cut at {len(body)} bytes")
            except OSError as exc:
                results.append(f"{type(exc).__name__}: {exc}")
            finally:
                started.set()

        threads = [threading.Thread(target=slow_request, args=(event,)) for event in started]
        for thread in threads:
            thread.start()
        for event in started:
            event.wait(timeout=30)
        app.send_signal(signal.SIGTERM)
        for thread in threads:
            thread.join(timeout=60)
    print(f"SIGTERM during requests: {results}")
    return results == [200, 200]


def slow_clients_part() -> bool:
    with served() as (app, base):
        wait(base + "/healthz", app)
        for path in (
            "/exports/missions.csv",
            "/exports/missions.json",
            "/exports/missions.geojson",
        ):
            fetch(base + path)  # built once for this data version
        latencies, completed, failed = under_slow_clients(base, seconds=20)
    p95 = latencies.quantile(0.95)
    print(
        f"/healthz beside 4 slow readers and 4 exporters: {latencies.summary()}; "
        f"exports completed {completed}, failed {failed} (goal: p95 under {HEALTH_GOAL_MS:.0f} ms)"
    )
    return p95 < HEALTH_GOAL_MS and latencies.failures == 0 and completed > 0 and failed == 0


class Forwarder:
    """A TCP forwarder from a local port to the database, opened when the test says so."""

    def __init__(self, port: int, target: tuple[str, int]) -> None:
        self.port, self.target = port, target
        self.server: socket.socket | None = None

    def open(self) -> None:
        self.server = socket.create_server(("127.0.0.1", self.port))
        threading.Thread(target=self._accept, daemon=True).start()

    def close(self) -> None:
        if self.server is not None:
            self.server.close()

    def _accept(self) -> None:
        assert self.server is not None
        while True:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=10)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(1 << 16):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)


def _answers(url: str, process: subprocess.Popen, seconds: float = 90) -> None:
    """Wait until the server answers anything at all (a 503 included)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server exited: {process.returncode}")
        try:
            fetch(url)
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"{url} did not answer")


def start_without_database_part() -> bool:
    parts = urlsplit(PG_URL)
    port = free_port()
    userinfo = parts.netloc.rpartition("@")[0]
    closed = parts._replace(
        netloc=f"{userinfo}@127.0.0.1:{port}" if userinfo else f"127.0.0.1:{port}"
    )
    forwarder = Forwarder(port, (parts.hostname or "127.0.0.1", parts.port or 5432))
    ok = True
    search = "/api/v1/search?q=German+embassy+Moscow"
    try:
        with served({**ENV, "DATABASE_URL": urlunsplit(closed)}) as (app, base):
            _answers(base + "/healthz", app)
            time.sleep(3)  # long enough for a master that gave up to have exited
            running = app.poll() is None
            page, headers, body = fetch(base + "/from/germany/in/russia/")
            found, found_headers, _ = fetch(base + search)
            print(
                f"started without a database: running {running}, page {page} with Retry-After "
                f"{headers.get('Retry-After')}, search {found} with Retry-After "
                f"{found_headers.get('Retry-After')}, traceback shown: {b'Traceback' in body}"
            )
            ok &= running and page == 503 and found == 503 and b"Traceback" not in body
            ok &= headers.get("Retry-After") is not None
            ok &= found_headers.get("Retry-After") is not None

            forwarder.open()
            opened = time.monotonic()
            statuses: tuple[int, int] = (page, found)
            while time.monotonic() < opened + 120 and app.poll() is None:
                statuses = (fetch(base + "/from/germany/in/russia/")[0], fetch(base + search)[0])
                if statuses == (200, 200):
                    break
                time.sleep(0.5)
            print(
                f"database reachable: page {statuses[0]}, search {statuses[1]} after "
                f"{time.monotonic() - opened:.1f} s, same gunicorn master: {app.poll() is None}"
            )
            ok &= statuses == (200, 200) and app.poll() is None
    finally:
        forwarder.close()
    return ok


PARTS: dict[str, Callable[[], bool]] = {
    "wrk": wrk_part,
    "database-stop": database_stop_part,
    "drain": drain_part,
    "slow-clients": slow_clients_part,
    "start-without-database": start_without_database_part,
}


def _create_database(url: str) -> None:
    """The benchmark's own database, created on first use (a fresh machine has none)."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if exists.fetchone() is None:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def main(names: list[str]) -> int:
    unknown = [name for name in names if name not in PARTS]
    if unknown:
        print(f"unknown part(s) {', '.join(unknown)}; parts: {', '.join(PARTS)}")
        return 2
    env = {**os.environ, **ENV}
    _create_database(PG_URL)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], env=env, check=True)
    subprocess.run(
        [sys.executable, "manage.py", "ingest_missions", "--if-empty", "--no-progress"],
        env=env,
        check=True,
    )
    ok = True
    for name in names or list(PARTS):
        passed = PARTS[name]()
        print(f"-- {name}: {'ok' if passed else 'FAILED'}")
        ok &= passed
    print("all faults handled" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
