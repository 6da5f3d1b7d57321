"""Shared fixtures: the real Wikidata missions file, imported once per test session."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command

MISSIONS_DIR = Path(__file__).resolve().parent.parent / "shared" / "data" / "wikidata-missions"
MISSIONS_2022 = MISSIONS_DIR / "missions-2022-11-16.csv"
MISSIONS_2021 = MISSIONS_DIR / "missions-2021-11-13.csv"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    from django.conf import settings

    on_postgres = "postgresql" in settings.DATABASES["default"]["ENGINE"]
    skip = pytest.mark.skip(reason="PostgreSQL only")
    once = pytest.mark.skip(reason="scored once, on SQLite: the same index on either database")
    for item in items:
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(skip)
        if "any_database" in item.keywords and on_postgres:
            item.add_marker(once)


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never reach the internet; a local server on 127.0.0.1 is allowed."""
    import socket

    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: object) -> object:
        host = address[0] if isinstance(address, tuple) else address
        if (
            isinstance(host, str)
            and host not in {"127.0.0.1", "localhost", "::1"}
            and not (host.startswith("/"))
        ):
            raise OSError(f"network access blocked in tests: {address!r}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> None:
    """Every test sees the real 2022 snapshot; each test's own changes are rolled back."""
    if not MISSIONS_2022.exists():
        pytest.skip(f"{MISSIONS_2022} is not available")
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        call_command(
            "ingest_missions", file=str(MISSIONS_2022), no_progress=True, stderr=io.StringIO()
        )


@pytest.fixture
def missions_2021() -> Path:
    return MISSIONS_2021


@pytest.fixture
def missions_2022() -> Path:
    return MISSIONS_2022
