"""Killing `ingest_missions` mid-import leaves the database exactly as it was."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.conf import settings

PROJECT_ROOT = Path(settings.BASE_DIR)
KILL_AFTER_ROWS = 2000
TIMEOUT_SECONDS = 60
PROGRESS = re.compile(rb"Importing missions:[^\r\n]*?(\d+)/(\d+)")


def _env(database: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"sqlite:///{database}",
        DJANGO_SETTINGS_MODULE="config.settings.test",
        PYTHONUNBUFFERED="1",
    )
    return env


def _manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[bytes]:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        timeout=TIMEOUT_SECONDS,
        check=False,
    )
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")[-2000:]
    return result


def _checksum(database: Path) -> tuple[int, int, int, int]:
    """Missions (count, total length of id||status||hash), and the import run count."""
    with sqlite3.connect(database) as connection:
        missions, length = connection.execute(
            "SELECT COUNT(*), COALESCE(SUM(LENGTH(wikidata_id || status || source_hash)), 0) "
            "FROM (SELECT * FROM directory_mission ORDER BY wikidata_id)"
        ).fetchone()
        active = connection.execute(
            "SELECT COUNT(*) FROM directory_mission WHERE status = 'active'"
        ).fetchone()[0]
        runs = connection.execute("SELECT COUNT(*) FROM ingest_importrun").fetchone()[0]
    connection.close()
    return missions, length, active, runs


def _fingerprint(database: Path) -> list[tuple[str, str, str]]:
    with sqlite3.connect(database) as connection:
        rows = connection.execute(
            "SELECT wikidata_id, status, source_hash FROM directory_mission ORDER BY wikidata_id"
        ).fetchall()
    connection.close()
    return rows


@pytest.mark.slow
def test_kill_mid_import_leaves_the_database_unchanged(
    tmp_path: Path, missions_2021: Path, missions_2022: Path
) -> None:
    if not missions_2021.exists() or not missions_2022.exists():
        pytest.skip("the Wikidata missions files are not available")
    database = tmp_path / "k.sqlite3"
    env = _env(database)
    _manage(env, "migrate", "--verbosity", "0")
    _manage(env, "ingest_missions", "--file", str(missions_2021), "--no-progress")
    before = _checksum(database)
    rows_before = _fingerprint(database)
    assert before[0] == 8255 and before[3] == 1

    process = subprocess.Popen(
        [sys.executable, "manage.py", "ingest_missions", "--file", str(missions_2022)],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    watchdog = threading.Timer(TIMEOUT_SECONDS, process.kill)
    watchdog.start()
    assert process.stderr is not None
    seen = bytearray()
    done = 0
    try:
        while done < KILL_AFTER_ROWS:
            byte = process.stderr.read(1)
            if not byte:
                break  # the process ended (or the watchdog killed it)
            seen += byte
            if byte == b"\r" or byte == b"\n":
                found = PROGRESS.findall(bytes(seen[-200:]))
                if found:
                    done = int(found[-1][0])
        else:
            os.kill(process.pid, signal.SIGKILL)
        returncode = process.wait(timeout=TIMEOUT_SECONDS)
    finally:
        watchdog.cancel()
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stderr.close()

    tail = bytes(seen[-500:]).decode("utf-8", "replace")
    assert done >= KILL_AFTER_ROWS, f"the progress never reached {KILL_AFTER_ROWS}: {tail!r}"
    assert done < 9851, tail
    assert returncode == -signal.SIGKILL
    assert _checksum(database) == before
    assert _fingerprint(database) == rows_before

    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    connection.close()
