"""Whole-database backups: SQLite through its online backup API (safe while the site runs),
PostgreSQL through pg_dump / pg_restore."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection, connections


class BackupError(RuntimeError):
    pass


def _engine() -> str:
    return connection.settings_dict["ENGINE"].rsplit(".", 1)[-1]


def _pg_env() -> dict[str, str]:
    settings = connection.settings_dict
    env = dict(os.environ)
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings["PASSWORD"])
    return env


def _pg_args() -> list[str]:
    settings = connection.settings_dict
    args = []
    for flag, key in (("-h", "HOST"), ("-p", "PORT"), ("-U", "USER")):
        if settings.get(key):
            args += [flag, str(settings[key])]
    return [*args, "-d", str(settings["NAME"])]


def backup(target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    engine = _engine()
    if engine == "sqlite3":
        connection.ensure_connection()
        source = connection.connection
        with sqlite3.connect(target) as destination:
            source.backup(destination)
        return target
    if engine == "postgresql":
        if not shutil.which("pg_dump"):
            raise BackupError("pg_dump is not installed")
        result = subprocess.run(
            ["pg_dump", "--format=custom", "--no-owner", "--file", str(target), *_pg_args()],
            env=_pg_env(),
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode:
            raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
        return target
    raise BackupError(f"backups are not supported for {engine}")


def restore(source: Path) -> None:
    if not source.is_file():
        raise BackupError(f"{source}: no such backup file")
    engine = _engine()
    if engine == "sqlite3":
        connection.ensure_connection()
        with sqlite3.connect(source) as origin:
            origin.backup(connection.connection)
        return
    if engine == "postgresql":
        if not shutil.which("pg_restore"):
            raise BackupError("pg_restore is not installed")
        connections.close_all()
        result = subprocess.run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                *_pg_args(),
                str(source),
            ],
            env=_pg_env(),
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode:
            raise BackupError(f"pg_restore failed: {result.stderr.strip()[:2000]}")
        return
    raise BackupError(f"restores are not supported for {engine}")


def checksums() -> dict[str, tuple[int, str]]:
    """Row count and a checksum of every table's rows, ordered by primary key."""
    out = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT * FROM {quoted} ORDER BY 1")
            digest = hashlib.sha256()
            count = 0
            for row in cursor.fetchall():
                digest.update(repr(tuple(str(v) for v in row)).encode())
                count += 1
            out[table] = (count, digest.hexdigest())
    return out
