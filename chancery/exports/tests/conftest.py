"""The built exports go to a temporary directory for the session, not to var/, and every
request reads the data version afresh (tests change the data and roll it back)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import override_settings


@pytest.fixture(scope="session", autouse=True)
def _exports_directory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    with override_settings(
        CHANCERY_EXPORTS_DIR=tmp_path_factory.mktemp("exports"),
        CHANCERY_EXPORTS_RECHECK_SECONDS=0,
    ):
        yield
