"""Property-based API tests from the committed OpenAPI schema (schemathesis), through the WSGI
app on the real data, with every check schemathesis has for a single answer: no 5xx; status
codes, content types, headers and bodies as documented; every request the schema admits is
accepted and every one it refuses is refused (the rules no schema can state are applied by
tests/fuzz/schemathesis_hooks.py, as for `schemathesis run` over a live server); undocumented
methods get 405 with an Allow header."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import schemathesis
from django.conf import settings
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

# Registers the hooks (also named in schemathesis.toml, which the CLI reads).
from tests.fuzz import schemathesis_hooks  # noqa: F401

SCHEMA_PATH = Path(settings.BASE_DIR) / "docs" / "openapi.json"
schema = schemathesis.openapi.from_dict(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))
APP = get_wsgi_application()

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Raw WSGI calls fire request_started/finished, whose close_old_connections would close the
    test's transaction connection on PostgreSQL; Django's test client disconnects it the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@hypothesis_settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_api_conforms_to_its_schema(case) -> None:
    # The WSGI test client does not decompress: ask for plain bodies.
    response = case.call(app=APP, headers={"Host": "127.0.0.1", "Accept-Encoding": "identity"})
    # No `checks=`: all of them (positive and negative data, methods, headers included).
    case.validate_response(response, transport_kwargs={"app": APP})
