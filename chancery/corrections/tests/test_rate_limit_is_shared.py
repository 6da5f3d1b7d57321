"""The suggestions' rate limit is exact however many workers count at once, and no cache
eviction or restart resets it."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory

from chancery.corrections.ratelimit import allow

pytestmark = pytest.mark.django_db

#: One worker: its threads wait for "go" on stdin, then all submit at once as one client.
WORKER = """
import sys, threading
import django
django.setup()
from django.db import connections
from django.test import RequestFactory
from chancery.corrections.ratelimit import allow

threads, address = int(sys.argv[1]), sys.argv[2]
go = threading.Event()
passed = []

def submit():
    request = RequestFactory().post("/missions/x/suggest/", REMOTE_ADDR=address)
    go.wait()
    try:
        passed.append(allow(request))
    finally:
        connections.close_all()

workers = [threading.Thread(target=submit) for _ in range(threads)]
for worker in workers:
    worker.start()
print("ready", flush=True)
sys.stdin.readline()
go.set()
for worker in workers:
    worker.join()
print(sum(passed), len(passed) - sum(passed), flush=True)
"""


def _server_params() -> dict[str, object]:
    db = connection.settings_dict
    keys = {"host": "HOST", "port": "PORT", "user": "USER", "password": "PASSWORD"}
    return {k: db[v] for k, v in keys.items() if db.get(v)}


@pytest.fixture(scope="module")
def shared_database(
    django_db_setup: None, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A migrated database outside the test transaction that separate processes share: a
    SQLite file, or a PostgreSQL database beside the test database."""
    if connection.vendor != "postgresql":
        url = f"sqlite:///{tmp_path_factory.mktemp('ratelimit') / 'shared.sqlite3'}"
        _migrate(url)
        yield url
        return
    import psycopg

    db = connection.settings_dict
    name = f"{db['NAME']}_ratelimit"
    with psycopg.connect(dbname="postgres", autocommit=True, **_server_params()) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    url = f"postgres://{user}{password}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{name}"
    try:
        _migrate(url)
        yield url
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **_server_params()) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _env(database_url: str, limit: int = 5) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.test",
        DATABASE_URL=database_url,
        CHANCERY_SUGGESTIONS_PER_HOUR=str(limit),
    )
    env.pop("REDIS_URL", None)
    return env


def _migrate(database_url: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v0"],
        cwd=settings.BASE_DIR,
        env=_env(database_url),
        check=True,
        capture_output=True,
    )


@pytest.mark.slow
@pytest.mark.parametrize(
    ("processes", "threads", "limit", "address"),
    [(2, 11, 5, "203.0.113.50"), (3, 5, 7, "203.0.113.51"), (2, 4, 1, "2001:db8::52")],
)
def test_concurrent_submissions_from_several_processes_pass_exactly_the_limit(
    shared_database: str, processes: int, threads: int, limit: int, address: str
) -> None:
    env = _env(shared_database, limit)
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(threads), address],
            cwd=settings.BASE_DIR,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(processes)
    ]
    try:
        for worker in workers:
            assert worker.stdout.readline().strip() == "ready", worker.stderr.read()
        for worker in workers:  # all waiting: release them together
            worker.stdin.write("go\n")
            worker.stdin.flush()
        passed = []
        for worker in workers:
            out, err = worker.communicate(timeout=120)
            assert worker.returncode == 0, err
            allowed, refused = map(int, out.split())
            assert allowed + refused == threads, err  # every submission got an answer
            passed.append(allowed)
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
    assert sum(passed) == limit, passed


def _request(address: str = "203.0.113.9"):
    return RequestFactory().post("/missions/x/suggest/", REMOTE_ADDR=address)


def test_the_count_survives_the_cache_being_emptied() -> None:
    """Under `allkeys-lru` a flood of pages evicts whatever the cache holds; a restart of a
    worker empties its memory. Neither hands a client a fresh allowance."""
    for _ in range(5):
        assert allow(_request())
    cache.clear()
    assert not allow(_request())
    assert allow(_request("198.51.100.2"))
