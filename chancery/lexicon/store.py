"""This process's lexicon, kept in step with the data it is built from.

The lexicon is built on first use (in a child process, or loaded from var/cache: see
`isolated`), and again when the countries change or a mission names a town it does not know.
It follows the data version (`chancery.core.versions`): when the version has moved, and every
few seconds in any case (for changes made behind Django's back), a cheap fingerprint of the
missions and countries is read from the database, and only a changed one costs more.

An app-server master builds it (with the search index) before forking its workers, which then
share it; a master still waiting for its database promises to (`leave_build_to`), and its
workers answer 503 meanwhile instead of each building a copy of their own.
"""

from __future__ import annotations

import gc
import logging
import os
import threading
import time
from dataclasses import dataclass
from typing import NamedTuple

from django.conf import settings
from django.db.models import Count, Max, Q
from django.db.utils import OperationalError

from chancery.core.versions import data_version
from chancery.countries.models import Country
from chancery.directory.models import Mission, MissionStatus

from . import text
from .isolated import build_lexicon_apart
from .lexicon import CountryRow, Lexicon

logger = logging.getLogger(__name__)

#: (city label, host country id, latitude, longitude) of an active mission.
MissionPlace = tuple[str, int, float | None, float | None]


class Fingerprint(NamedTuple):
    """The missions and the countries, summed up in two cheap queries."""

    missions: tuple
    countries: tuple


def fingerprint() -> Fingerprint:
    """Changes with any write to missions or countries, bulk updates that leave `updated_at`
    alone included: an import withdraws missions (the counts per status move) and marks those
    it saw again (`last_seen` moves)."""
    per_status = {
        f"status_{status}": Count("id", filter=Q(status=status)) for status in MissionStatus.values
    }
    missions = Mission.objects.aggregate(
        n=Count("id"), latest=Max("updated_at"), seen=Max("last_seen"), **per_status
    )
    countries = Country.objects.aggregate(n=Count("id"), latest=Max("updated_at"))
    return Fingerprint(tuple(missions.values()), tuple(countries.values()))


class LexiconNotReady(OperationalError):
    """The app server's master is building the lexicon, to hand it to fresh workers: a request
    that needs it is answered 503 with Retry-After meanwhile (DatabaseUnavailableMiddleware)."""


@dataclass
class _State:
    lexicon: Lexicon | None = None
    #: The countries' part of the fingerprint the lexicon was built from.
    countries: tuple = ()
    version: object = None
    fingerprint: tuple = ()
    checked_at: float = 0.0


_state = _State()
_lock = threading.Lock()
#: The process that builds the lexicon for its children, when it has promised to (see
#: `leave_build_to`); None: every process builds its own when first asked.
_builder_pid: int | None = None


def leave_build_to(pid: int | None) -> None:
    """Promise that process `pid` builds the lexicon (an app-server master whose start-up
    warm-up found no database: it builds once the database answers, then forks new workers
    that share it); None withdraws the promise."""
    global _builder_pid
    _builder_pid = pid


def built_elsewhere() -> bool:
    """Whether another process has promised to build the lexicon for this one."""
    return _builder_pid not in (None, os.getpid())


def current_lexicon() -> Lexicon:
    """The lexicon for the data as it is now, built again only when what it reads changed."""
    now = time.monotonic()
    version = data_version()
    state = _state
    if (
        state.lexicon is not None
        and version == state.version
        and now - state.checked_at < settings.CHANCERY_SEARCH_RECHECK_SECONDS
    ):
        return state.lexicon
    if state.lexicon is None and built_elsewhere():
        raise LexiconNotReady("the lexicon is being built; new workers will have it")
    with _lock:
        found = fingerprint()
        lexicon = state.lexicon
        if lexicon is not None and found == state.fingerprint:
            # Whatever moved the version (news, advisories, corrections) left it as it was.
            state.version, state.checked_at = version, now
            return lexicon
        places = _mission_places()
        if lexicon is None or found.countries != state.countries or _new_cities(lexicon, places):
            started = time.perf_counter()
            lexicon = build_lexicon_apart(_country_rows(), places)
            state.lexicon, state.countries = lexicon, found.countries
            # The lexicon lives as long as the process: keep the cyclic garbage collector from
            # walking its million objects on every full collection (pauses of 100+ ms).
            gc.collect()
            gc.freeze()
            logger.info("lexicon ready in %.2f s", time.perf_counter() - started)
        state.version, state.fingerprint, state.checked_at = version, found, now
        return lexicon


def _country_rows() -> list[CountryRow]:
    fields = ("pk", "name", "iso_alpha2", "iso_alpha3", "names", "aliases", "kind", "slug")
    # Names in one order whatever the database keeps them in (PostgreSQL's jsonb sorts them
    # its own way): the same data gives the same vocabulary, kept once for both.
    return [
        CountryRow(
            pk, name, alpha2, alpha3, dict(sorted((names or {}).items())), aliases or [], kind, slug
        )
        for pk, name, alpha2, alpha3, names, aliases, kind, slug in Country.objects.order_by(
            "pk"
        ).values_list(*fields)
    ]


def _mission_places() -> list[MissionPlace]:
    return list(
        Mission.objects.filter(status=MissionStatus.ACTIVE)
        .order_by("pk")
        .values_list("city", "host_country_id", "latitude", "longitude")
    )


def _new_cities(lexicon: Lexicon, places: list[MissionPlace]) -> bool:
    return any(city and text.key(city) not in lexicon.exact for city, _, _, _ in places)
