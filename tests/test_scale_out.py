"""Two app servers on one PostgreSQL and one Redis: a change made through one is visible through
the other on the next request, no stale cached page is served, and rate limits are shared.

Runs in the PostgreSQL pass of the suite (it starts two gunicorn processes on the test
database and Redis database 15)."""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

pytestmark = [pytest.mark.postgres, pytest.mark.runs_last, pytest.mark.django_db]

REDIS_URL = "redis://127.0.0.1:6379/15"
MISSION = "Q4373990"  # Embassy of Germany in Russia


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database_url() -> str:
    db = connection.settings_dict
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        DATABASE_URL=_database_url(),
        REDIS_URL=REDIS_URL,
        CHANCERY_PAGE_CACHE_SECONDS="60",
        CHANCERY_SEARCH_RECHECK_SECONDS="60",
        WEB_CONCURRENCY="1",
    )
    return env


@pytest.fixture
def servers():
    try:
        import redis

        redis.Redis.from_url(REDIS_URL).flushdb()
    except Exception as exc:
        pytest.skip(f"Redis is not reachable: {exc}")
    started = []
    for _ in range(2):
        port = _free_port()
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--workers",
                "1",
                "--bind",
                f"127.0.0.1:{port}",
                "--timeout",
                "120",
                "config.wsgi",
            ],
            cwd=settings.BASE_DIR,
            env=_env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        started.append((process, f"http://127.0.0.1:{port}"))
    try:
        for process, base in started:
            _wait(base, process)
        yield [base for _, base in started]
    finally:
        for process, _ in started:
            process.terminate()
        for process, _ in started:
            process.wait(timeout=30)


def _wait(base: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(process.stderr.read().decode()[-2000:])
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=5):
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{base} did not start")


def _get(url: str) -> tuple[int, dict[str, str], str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read().decode()


def _import(path: Path) -> None:
    subprocess.run(
        [sys.executable, "manage.py", "ingest_missions", "--file", str(path), "--no-progress"],
        cwd=settings.BASE_DIR,
        env=_env(),
        check=True,
        capture_output=True,
    )


def test_a_change_through_one_server_shows_through_the_other(servers, tmp_path: Path) -> None:
    a, b = servers
    original = (
        Path(settings.BASE_DIR).parent
        / "shared"
        / "data"
        / "wikidata-missions"
        / "missions-2022-11-16.csv"
    )
    slug = "embassy-of-germany-in-russia"
    page = f"/missions/{slug}/"
    # Both servers cache the page.
    for base in (a, b):
        _get(base + page)
        status, headers, body = _get(base + page)
        assert status == 200 and headers.get("X-Cache") == "HIT"
        assert "Embassy of Germany in Russia" in body
    # An import through server A's machine changes the embassy's website.
    rows = original.read_text(encoding="utf-8").splitlines(keepends=True)
    changed = [
        row.replace("https://germania.diplo.de/ru-de", "https://germania.diplo.de/scale-out-test")
        if row.rstrip().endswith(f"/{MISSION}")
        else row
        for row in rows
    ]
    assert changed != rows
    edited = tmp_path / "missions.csv"
    edited.write_text("".join(changed), encoding="utf-8")
    try:
        _import(edited)
        status, headers, body = _get(b + page)
        assert status == 200
        assert headers.get("X-Cache") == "MISS"  # no stale page
        assert "scale-out-test" in body
        # The search index of server B follows too (its version is in Redis).
        status, _, body = _get(
            b + "/api/v1/search?q=" + urllib.parse.quote("German embassy Moscow")
        )
        assert status == 200 and MISSION in body
    finally:
        _import(original)
    status, _, body = _get(a + page)
    assert "scale-out-test" not in body


def test_the_suggestion_rate_limit_holds_across_servers(servers) -> None:
    a, b = servers
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = "/missions/embassy-of-germany-in-russia/suggest/"
    with opener.open(a + form, timeout=30) as response:
        html = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    statuses = []
    for i in range(6):
        base = (a, b)[i % 2]
        data = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token, "homepage": "robot", "city": "Moscow"}
        ).encode()
        request = urllib.request.Request(base + form, data=data, headers={"Referer": base + form})
        try:
            with opener.open(request, timeout=30) as response:
                statuses.append(response.status)
        except urllib.error.HTTPError as exc:
            statuses.append(exc.code)
    assert statuses[:5] == [400] * 5  # the honeypot: refused, nothing stored, but counted
    assert statuses[5] == 429
