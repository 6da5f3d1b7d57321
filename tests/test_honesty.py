"""What the repository says about itself is true: schema, migrations, settings, .env.example."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from ninja.responses import NinjaJSONEncoder

ROOT = Path(__file__).resolve().parent.parent
SETTINGS_DIR = ROOT / "config" / "settings"
ENV_EXAMPLE = ROOT / ".env.example"

#: os.environ.get("NAME" / os.environ["NAME" / os.getenv("NAME" / env_bool("NAME" / env_list("NAME"
#: / env_number("NAME"
ENV_READ = re.compile(
    r"""(?:os\.environ\.get\(|os\.environ\[|os\.getenv\(|env_bool\(|env_list\(|env_number\()\s*["']([A-Z][A-Z0-9_]*)["']"""
)


def test_committed_openapi_schema_is_current() -> None:
    from chancery.api.api import api

    committed = json.loads((ROOT / "docs" / "openapi.json").read_text())
    current = json.loads(json.dumps(api.get_openapi_schema(), cls=NinjaJSONEncoder))
    assert committed == current, (
        "docs/openapi.json is out of date with the API; run `make openapi` and commit the result."
    )


@pytest.mark.django_db
def test_no_missing_migrations() -> None:
    # --check exits non-zero (SystemExit) when a model change has no migration.
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def _settings_env_vars() -> set[str]:
    names: set[str] = set()
    for path in sorted(SETTINGS_DIR.glob("*.py")):
        names |= set(ENV_READ.findall(path.read_text()))
    return names


def test_the_env_var_pattern_finds_the_settings() -> None:
    names = _settings_env_vars()
    assert {"DJANGO_SECRET_KEY", "DJANGO_DEBUG", "DATABASE_URL", "DJANGO_ALLOWED_HOSTS"} <= names
    assert {"CHANCERY_PROXY_COUNT", "CHANCERY_PAGE_CACHE_SECONDS"} <= names


@pytest.mark.slow
@pytest.mark.parametrize("module", ["config.settings.dev", "config.settings.production"])
def test_the_env_example_lines_work_as_written(module: str) -> None:
    """Every line of .env.example copied as it stands (most values empty: "the default") gives
    settings that load, and the site's own checks pass."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CHANCERY_"))}
    for line in ENV_EXAMPLE.read_text().splitlines():
        found = re.match(r"^([A-Z][A-Z0-9_]*)=(.*)$", line)
        if found:
            env[found.group(1)] = found.group(2)
    env.update(
        DJANGO_SETTINGS_MODULE=module,
        DJANGO_SECRET_KEY="x" * 60,
        DATABASE_URL="sqlite://:memory:",
        DJANGO_SECURE_SSL_REDIRECT="0",
    )
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "assert settings.VAR_DIR.name == 'var', settings.VAR_DIR; "
        "assert settings.CHANCERY_SITE_URL.startswith('http'), settings.CHANCERY_SITE_URL"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr[-2000:]


def test_every_environment_variable_is_in_env_example() -> None:
    assert ENV_EXAMPLE.exists(), (
        ".env.example is missing: it should list every environment variable that "
        "config/settings/*.py reads, with a comment on what it does."
    )
    text = ENV_EXAMPLE.read_text()
    documented = set(re.findall(r"^[ \t]*#?[ \t]*(?:export[ \t]+)?([A-Z][A-Z0-9_]*)=", text, re.M))
    missing = sorted(_settings_env_vars() - documented)
    assert not missing, f".env.example does not document: {', '.join(missing)}"


@pytest.mark.slow
@pytest.mark.parametrize("secret_key", [None, ""], ids=["unset", "empty"])
def test_production_settings_refuse_to_start_without_a_secret_key(secret_key: str | None) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SECRET_KEY"}
    if secret_key is not None:
        env["DJANGO_SECRET_KEY"] = secret_key
    env.pop("DJANGO_SETTINGS_MODULE", None)
    code = (
        "import django, os; "
        "os.environ['DJANGO_SETTINGS_MODULE'] = 'config.settings.production'; "
        "django.setup()"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY must be set in production" in result.stderr


def _fresh_base_settings(monkeypatch: pytest.MonkeyPatch, **env: str | None) -> object:
    """Execute config/settings/base.py anew (not the cached module) under the given env."""
    for name, value in env.items():
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    spec = importlib.util.spec_from_file_location("_base_settings_probe", SETTINGS_DIR / "base.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_debug_is_off_unless_asked_for(monkeypatch: pytest.MonkeyPatch) -> None:
    assert _fresh_base_settings(monkeypatch, DJANGO_DEBUG=None).DEBUG is False
    assert _fresh_base_settings(monkeypatch, DJANGO_DEBUG="").DEBUG is False
    assert _fresh_base_settings(monkeypatch, DJANGO_DEBUG="0").DEBUG is False
    assert _fresh_base_settings(monkeypatch, DJANGO_DEBUG="1").DEBUG is True
