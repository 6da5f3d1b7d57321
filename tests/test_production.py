"""Production behaviour: the page cache, headers, database outages, backups, settings."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db.utils import OperationalError
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver

from chancery.core.versions import data_version
from chancery.directory.models import Mission

pytestmark = pytest.mark.django_db

GERMANY_IN_RUSSIA = "/missions/embassy-of-germany-in-russia/"


@override_settings(CHANCERY_PAGE_CACHE_SECONDS=60)
def test_anonymous_pages_are_cached_until_the_data_changes(client: Client) -> None:
    first = client.get("/in/russia/")
    assert first["X-Cache"] == "MISS"
    assert "public" in first["Cache-Control"]
    second = client.get("/in/russia/")
    assert second["X-Cache"] == "HIT"
    assert second.content == first.content
    mission = Mission.objects.get(slug="embassy-of-germany-in-russia")
    mission.name = "Embassy of Germany in Moscow (renamed)"
    version = data_version()
    mission.save()
    assert data_version() > version
    third = client.get("/in/russia/")
    assert third["X-Cache"] == "MISS"
    assert b"Embassy of Germany in Moscow (renamed)" in third.content


@override_settings(CHANCERY_PAGE_CACHE_SECONDS=60)
def test_forms_and_logged_in_pages_are_never_cached(client: Client, admin_user) -> None:
    for _ in range(2):
        response = client.get(f"{GERMANY_IN_RUSSIA}suggest/")
        assert response.get("X-Cache") is None  # a form with a CSRF token is personal
    client.force_login(admin_user)
    for _ in range(2):
        assert client.get("/in/russia/").get("X-Cache") is None


def test_security_headers(client: Client) -> None:
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_a_database_outage_is_a_503_with_retry_after(client: Client, monkeypatch) -> None:
    from chancery.directory import views

    def down(*args: object, **kwargs: object) -> None:
        raise OperationalError("could not connect to server: Connection refused")

    monkeypatch.setattr(views.selectors, "directory_counts", down)
    response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert b"Temporarily unavailable" in response.content
    assert b"Traceback" not in response.content and b"OperationalError" not in response.content
    monkeypatch.undo()
    assert client.get("/").status_code == 200


def test_an_api_outage_answers_json(client: Client, monkeypatch) -> None:
    from chancery.api import api as api_module

    def down(*args: object, **kwargs: object) -> None:
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(api_module, "country_lookup", down)
    response = client.get("/api/v1/countries/DE")
    assert response.status_code == 503
    assert response.json()["detail"].startswith("The database is unavailable")


#: Values for the path and required parameters of the API's operations.
SAMPLE_PARAMETERS = {
    "code": "RU",
    "id": "Q4373990",  # /missions/{id}: a QID (or the slug of a mission without one)
    "slug": "any-article",
    "country": "RU",
    "nationality": "DE",
}


def _api_get_operations() -> list[str]:
    """Every GET address of the committed schema, its parameters filled with sample values."""
    schema = json.loads((Path(settings.BASE_DIR) / "docs" / "openapi.json").read_text())
    paths = []
    for path, operations in schema["paths"].items():
        operation = operations.get("get")
        if operation is None or "401" in operation["responses"]:
            continue  # staff only: refused to the anonymous client before any query
        required = [
            p["name"]
            for p in operation.get("parameters", [])
            if p.get("required") and p["in"] == "query"
        ]
        query = "&".join(f"{name}={SAMPLE_PARAMETERS[name]}" for name in required)
        filled = re.sub(r"\{(\w+)\}", lambda m: SAMPLE_PARAMETERS[m.group(1)], path)
        paths.append(filled + (f"?{query}" if query else ""))
    return paths


@pytest.mark.parametrize("path", _api_get_operations())
def test_every_api_address_answers_503_while_the_database_is_down(
    client: Client, monkeypatch, path: str
) -> None:
    """Whichever layer reads the database (the view, or the schema while the answer is
    written), a lost database is a 503 with Retry-After, never a 500."""
    from django.db.backends.utils import CursorWrapper

    def down(*args: object, **kwargs: object) -> None:
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(CursorWrapper, "execute", down)
    monkeypatch.setattr(CursorWrapper, "executemany", down)
    response = client.get(path)
    assert response.status_code == 503, response.content[:300]
    assert response["Retry-After"]
    assert response.json()["detail"].startswith("The database is unavailable")


CHECKSUMS = (
    "import json, django; django.setup(); from chancery.core.backup import checksums; "
    "print(json.dumps(checksums()))"
)
DAMAGE = (
    "import django; django.setup(); from chancery.directory.models import Mission; "
    "Mission.objects.filter(pk__in=list(Mission.objects.values_list('pk', flat=True)[:10]))"
    ".update(name='damaged')"
)


def _scratch_database(tmp_path: Path) -> str:
    """An empty database of the suite's engine, outside the test transaction."""
    if "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
        return f"sqlite:///{tmp_path / 'scratch.sqlite3'}"
    import psycopg

    db = settings.DATABASES["default"]
    params = {
        k: v
        for k, v in {
            "host": db.get("HOST"),
            "port": db.get("PORT"),
            "user": db.get("USER"),
            "password": db.get("PASSWORD"),
        }.items()
        if v
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        conn.execute("DROP DATABASE IF EXISTS chancery_backup_test")
        conn.execute("CREATE DATABASE chancery_backup_test")
    user = db.get("USER") or "postgres"
    return f"postgres://{user}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/chancery_backup_test"


@pytest.mark.slow
def test_backup_and_restore_round_trip(tmp_path: Path, missions_2022: Path) -> None:
    """make backup / make restore on a scratch database: row counts and checksums come back."""
    url = _scratch_database(tmp_path)
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.dev", DATABASE_URL=url)
    sample = tmp_path / "sample.csv"
    sample.write_text(
        "".join(missions_2022.read_text(encoding="utf-8").splitlines(keepends=True)[:200]),
        encoding="utf-8",
    )

    def run(*args: str) -> str:
        result = subprocess.run(
            [sys.executable, *args],
            env=env,
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    run("manage.py", "migrate", "-v0")
    run("manage.py", "ingest_missions", "--file", str(sample), "--no-progress")
    before = json.loads(run("-c", CHECKSUMS).strip().splitlines()[-1])
    assert before["directory_mission"][0] == 199
    backup_file = tmp_path / "chancery.backup"
    run("manage.py", "backup_db", str(backup_file))
    run("-c", DAMAGE)
    assert json.loads(run("-c", CHECKSUMS).strip().splitlines()[-1]) != before
    run("manage.py", "restore_db", str(backup_file))
    assert json.loads(run("-c", CHECKSUMS).strip().splitlines()[-1]) == before


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"DJANGO_ALLOWED_HOSTS": "example.org"}, "DJANGO_SECRET_KEY"),
        ({"DJANGO_SECRET_KEY": "x" * 60}, "DJANGO_ALLOWED_HOSTS"),
        (
            {"DJANGO_SECRET_KEY": "x" * 60, "DJANGO_ALLOWED_HOSTS": "*"},
            "DJANGO_ALLOWED_HOSTS contains '*'",
        ),
        (
            {"DJANGO_SECRET_KEY": "x" * 60, "DJANGO_ALLOWED_HOSTS": "example.org, *"},
            "DJANGO_ALLOWED_HOSTS contains '*'",
        ),
        (
            {
                "DJANGO_SECRET_KEY": "x" * 60,
                "DJANGO_ALLOWED_HOSTS": "example.org",
                "DJANGO_DEBUG": "1",
            },
            "DJANGO_DEBUG is on",
        ),
        (
            {
                "DJANGO_SECRET_KEY": "x" * 60,
                "DJANGO_ALLOWED_HOSTS": "example.org",
                "DJANGO_DEBUG": "true",
                "CHANCERY_ALLOW_INSECURE_PRODUCTION": "0",
            },
            "DJANGO_DEBUG is on",
        ),
    ],
)
def test_production_settings_refuse_to_start_unconfigured(variables: dict, message: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(variables, DJANGO_SETTINGS_MODULE="config.settings.production")
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert message in result.stderr


@pytest.mark.parametrize(
    "variables",
    [
        {"DJANGO_ALLOWED_HOSTS": "example.org,.example.net"},
        {"DJANGO_ALLOWED_HOSTS": "*", "CHANCERY_ALLOW_INSECURE_PRODUCTION": "1"},
        {"DJANGO_DEBUG": "1", "CHANCERY_ALLOW_INSECURE_PRODUCTION": "1"},
    ],
    ids=["named-hosts", "wildcard-overridden", "debug-overridden"],
)
def test_production_settings_start_when_safe_or_explicitly_overridden(variables: dict) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CHANCERY_"))}
    env.update(
        {"DJANGO_ALLOWED_HOSTS": "example.org", **variables},
        DJANGO_SECRET_KEY="x" * 60,
        DJANGO_SETTINGS_MODULE="config.settings.production",
    )
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(("proxies", "trusted"), [("", "None"), ("0", "None"), ("1", "HTTP")])
def test_x_forwarded_proto_is_believed_only_behind_a_proxy(proxies: str, trusted: str) -> None:
    """Without a proxy in front, anyone could send the header and pass for https."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CHANCERY_"))}
    env.update(
        DJANGO_SECRET_KEY="x" * 60,
        DJANGO_ALLOWED_HOSTS="example.org",
        DJANGO_SETTINGS_MODULE="config.settings.production",
        CHANCERY_PROXY_COUNT=proxies,
    )
    code = "import django; django.setup(); from django.conf import settings; "
    code += "print(settings.SECURE_PROXY_SSL_HEADER)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().lstrip("('").startswith(trusted)


def test_check_deploy_is_clean() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY="production-test-" + "k" * 60,
        DJANGO_ALLOWED_HOSTS="example.org",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _patterns(resolver: URLResolver, prefix: str = "") -> list[tuple[str, URLPattern]]:
    out = []
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            out += _patterns(entry, route)
        else:
            out.append((route, entry))
    return out


def test_no_staff_view_answers_an_anonymous_user(client: Client) -> None:
    """Walk every URL pattern: the admin and staff-only API answer nothing to the public."""
    public_admin = {"admin/login/", "admin/logout/", "admin/password_reset/"}
    staff_routes = [
        route
        for route, _ in _patterns(get_resolver())
        if route.startswith("admin/") and route not in public_admin
    ]
    assert len(staff_routes) > 50
    for route in staff_routes:
        path = "/" + route.replace("<path:object_id>", "1").replace("<id>", "1").replace("^", "")
        path = path.split("(")[0].replace("$", "")
        response = client.get(path)
        assert response.status_code in (302, 404), (route, response.status_code)
        if response.status_code == 302:
            assert "/admin/login/" in response["Location"], route
    assert client.get("/api/v1/import-runs").status_code == 401
