"""Shared fixtures: the real Wikidata missions file, imported once per test session."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command

MISSIONS_DIR = Path(__file__).resolve().parent.parent / "shared" / "data" / "wikidata-missions"
MISSIONS_2022 = MISSIONS_DIR / "missions-2022-11-16.csv"
MISSIONS_2021 = MISSIONS_DIR / "missions-2021-11-13.csv"


#: The fixtures through which a test reaches the database under test (pytest-django's own
#: `django_db_blocker` is not one: every test holds it, through pytest-django's autouse fixtures).
DATABASE_FIXTURES = frozenset(
    {
        "db",
        "transactional_db",
        "django_db_reset_sequences",
        "django_db_serialized_rollback",
        "django_db_setup",
        "client",
        "admin_client",
        "admin_user",
        "django_user_model",
        "live_server",
    }
)


def uses_the_database(item: pytest.Item) -> bool:
    """Whether a test touches the database the suite runs on (SQLite, or PostgreSQL)."""
    return (
        item.get_closest_marker("django_db") is not None
        or "postgres" in item.keywords
        or bool(DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())))
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    from django.conf import settings

    on_postgres = "postgresql" in settings.DATABASES["default"]["ENGINE"]
    skip = pytest.mark.skip(reason="PostgreSQL only")
    once = pytest.mark.skip(reason="scored once, on SQLite: the same index on either database")
    # The PostgreSQL pass is there for what the database changes; a test that never reaches
    # it (parsing, fetch limits, subprocesses on their own SQLite file) gives the same answer.
    apart = pytest.mark.skip(reason="touches no database: run once, in the SQLite pass")
    for item in items:
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(skip)
        if "any_database" in item.keywords and on_postgres:
            item.add_marker(once)
        elif on_postgres and not uses_the_database(item):
            item.add_marker(apart)
    # The slow tests first: left to the end, one of them keeps a worker busy while the
    # others have nothing left to take. A test whose servers commit to the test database
    # goes last: what it leaves behind is seen by no other test of that worker.
    items.sort(key=_order)


def _order(item: pytest.Item) -> int:
    if "runs_last" in item.keywords:
        return 2
    return 0 if "slow" in item.keywords else 1


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
