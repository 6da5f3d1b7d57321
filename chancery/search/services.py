"""Search: the public entry point, and the in-memory index kept in step with the database.

The index is built on first use in each process. It is rebuilt when the data changes: saves and
deletes of missions and countries (admin edits, imports) bump a version key in the shared cache,
so every process sees the change on its next query; a cheap database fingerprint, checked every
few seconds, catches changes made behind Django's back.
"""

from __future__ import annotations

import gc
import logging
import os
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.db.models import Count, Max
from django.db.utils import DatabaseError, OperationalError

from chancery.countries.models import Country, with_article
from chancery.directory.models import Mission, MissionStatus

from . import text
from .engine import CountryEntry, Hit, MissionEntry, MissionIndex, name_search, rank
from .isolated import build_lexicon_apart
from .lexicon import CountryRow, Lexicon, locate
from .parsing import parse

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 200
MAX_LIMIT = 50
DEFAULT_LIMIT = 10
VERSION_KEY = "search:index-version"


@dataclass
class SearchResult:
    query: str
    truncated: bool
    interpretation: dict[str, object]
    hits: list[Hit]
    index: MissionIndex
    notices: list[str] = field(default_factory=list)


@dataclass
class _State:
    lexicon: Lexicon | None = None
    lexicon_key: tuple = ()
    index: MissionIndex | None = None
    version: object = None
    fingerprint: tuple = ()
    checked_at: float = 0.0


_state = _State()
_lock = threading.Lock()
#: The process that builds the index for its children, when it has promised to (see
#: `leave_build_to`); None: every process builds its own when first asked.
_builder_pid: int | None = None


class IndexNotReady(OperationalError):
    """The app server's master is building the index, to hand it to fresh workers: a search is
    answered 503 with Retry-After meanwhile (DatabaseUnavailableMiddleware), instead of waiting
    for this worker to build a copy of its own."""


def leave_build_to(pid: int | None) -> None:
    """Promise that process `pid` builds the index (an app-server master whose start-up
    warm-up found no database: it builds once the database answers, then forks new workers
    that share it); None withdraws the promise."""
    global _builder_pid
    _builder_pid = pid


def database_ready() -> bool:
    """Whether the tables the index is built from can be read (a cheap check for the master
    waiting on the database)."""
    try:
        _fingerprint()
        return True
    except DatabaseError:
        return False
    finally:
        connections.close_all()


def bump_version() -> None:
    """Tell every process that missions or countries changed (called by signals and imports)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 1, timeout=None)
    _state.checked_at = 0.0


def _fingerprint() -> tuple:
    missions = Mission.objects.aggregate(n=Count("id"), latest=Max("updated_at"))
    countries = Country.objects.aggregate(n=Count("id"), latest=Max("updated_at"))
    return (missions["n"], missions["latest"], countries["n"], countries["latest"])


def _load_countries() -> tuple[list[CountryRow], dict[int, CountryEntry]]:
    rows = []
    entries = {}
    fields = ("pk", "name", "iso_alpha2", "iso_alpha3", "names", "aliases", "slug", "kind")
    for pk, name, alpha2, alpha3, names, aliases, slug, kind in Country.objects.order_by(
        "pk"
    ).values_list(*fields):
        rows.append(CountryRow(pk, name, alpha2, alpha3, names or {}, aliases or [], kind))
        entries[pk] = CountryEntry(pk, name, alpha2 or slug, slug, with_article(name), names or {})
    return rows, entries


def _load_missions() -> list[MissionEntry]:
    jurisdictions: defaultdict[int, list[int]] = defaultdict(list)
    through = Mission.jurisdictions.through
    for mission_id, country_id in through.objects.order_by("mission_id", "country_id").values_list(
        "mission_id", "country_id"
    ):
        jurisdictions[mission_id].append(country_id)
    rows = (
        Mission.objects.filter(status=MissionStatus.ACTIVE)
        .order_by("pk")
        .values_list(
            "pk",
            "wikidata_id",
            "slug",
            "name",
            "kind",
            "sending_country_id",
            "host_country_id",
            "city",
            "latitude",
            "longitude",
        )
    )
    return [
        MissionEntry(*row, jurisdictions=tuple(jurisdictions.get(row[0], ())))  # type: ignore[misc]
        for row in rows
    ]


def _current() -> tuple[Lexicon, MissionIndex]:
    """The index for the data as it is now, rebuilding what changed."""
    now = time.monotonic()
    version = cache.get(VERSION_KEY)
    state = _state
    fresh = (
        state.index is not None
        and state.lexicon is not None
        and version == state.version
        and now - state.checked_at < settings.CHANCERY_SEARCH_RECHECK_SECONDS
    )
    if fresh:
        assert state.lexicon is not None and state.index is not None
        return state.lexicon, state.index
    if state.index is None and _builder_pid not in (None, os.getpid()):
        raise IndexNotReady("the search index is being built; new workers will have it")
    with _lock:
        fingerprint = _fingerprint()
        if (
            state.index is not None
            and state.lexicon is not None
            and fingerprint == state.fingerprint
            and version == state.version
        ):
            state.checked_at = now
            return state.lexicon, state.index
        started = time.perf_counter()
        countries, entries = _load_countries()
        missions = _load_missions()
        lexicon_key = (fingerprint[2], fingerprint[3])
        lexicon = state.lexicon
        if lexicon is None or lexicon_key != state.lexicon_key or _new_cities(lexicon, missions):
            places = [(m.city, m.host_id, m.latitude, m.longitude) for m in missions]
            lexicon = build_lexicon_apart(countries, places)
            state.lexicon, state.lexicon_key = lexicon, lexicon_key
        _place_without_coordinates(lexicon, missions)
        state.index = MissionIndex.build(missions, entries)
        # The index lives as long as the process: keep the cyclic garbage collector from
        # walking its million objects on every full collection (pauses of 100+ ms).
        gc.collect()
        gc.freeze()
        state.version, state.fingerprint, state.checked_at = version, fingerprint, now
        logger.info(
            "search index built: %d missions in %.2f s",
            len(missions),
            time.perf_counter() - started,
        )
        return lexicon, state.index


def _place_without_coordinates(lexicon: Lexicon, missions: list[MissionEntry]) -> None:
    """Give missions that lack coordinates those of their city, for distances only."""
    for mission in missions:
        if mission.latitude is None and mission.city:
            city = locate(lexicon, mission.city, mission.host_id)
            if city is not None:
                mission.latitude, mission.longitude = city.latitude, city.longitude
                mission.located_by_city = True


def _new_cities(lexicon: Lexicon, missions: list[MissionEntry]) -> bool:
    return any(m.city and text.key(m.city) not in lexicon.exact for m in missions)


def current_lexicon() -> Lexicon:
    """The search vocabulary, for other apps that read place names (news tagging)."""
    return _current()[0]


def warm() -> MissionIndex:
    """Build the index now (at start-up, or in a benchmark)."""
    return _current()[1]


def _interpretation_dict(index: MissionIndex, reading) -> dict[str, object]:
    if reading is None:
        return {"sending": None, "host": None, "city": None, "kind": None}

    def country(pk: int | None):
        if pk is None:
            return None
        entry = index.countries[pk]
        return {
            "code": entry.code,
            "name": entry.name,
            "slug": entry.slug,
            "name_in_sentence": entry.in_sentence,
        }

    return {
        "sending": country(reading.sending),
        "host": country(reading.host),
        "city": reading.city.name if reading.city else None,
        "kind": reading.kind,
    }


def search(query: str, limit: int = DEFAULT_LIMIT) -> SearchResult:
    """Interpret a free-text query and rank the missions that answer it."""
    cleaned = text.clean(query or "")
    notices: list[str] = []
    truncated = len(cleaned) > MAX_QUERY_LENGTH
    if truncated:
        cleaned = cleaned[:MAX_QUERY_LENGTH]
        notices.append(f"The query was cut to its first {MAX_QUERY_LENGTH} characters.")
    limit = max(1, min(int(limit), MAX_LIMIT))
    lexicon, index = _current()
    if not cleaned:
        return SearchResult(
            cleaned, truncated, _interpretation_dict(index, None), [], index, notices
        )
    parsed = parse(cleaned, lexicon)
    reading, hits = rank(index, parsed, lexicon, limit)
    if not hits:
        hits = name_search(index, parsed, limit)
    return SearchResult(
        query=cleaned,
        truncated=truncated,
        interpretation=_interpretation_dict(index, reading),
        hits=hits,
        index=index,
        notices=notices,
    )


def city_coordinates(name: str, country_id: int) -> tuple[str, float, float] | None:
    """The best-known city (or region) of that name in a country: (name, lat, lon)."""
    lexicon, _ = _current()
    city = locate(lexicon, name, country_id)
    if city is None or city.latitude is None or city.longitude is None:
        return None
    return city.name, city.latitude, city.longitude


def near_a_city_of(country_id: int, latitude: float, longitude: float, within_km: float) -> bool:
    """Whether a point lies within `within_km` of one of a country's known cities."""
    from .lexicon import distance_km

    lexicon, _ = _current()
    return any(
        city.country_id == country_id
        and city.latitude is not None
        and city.longitude is not None
        and abs(city.latitude - latitude) < 1
        and distance_km(latitude, longitude, city.latitude, city.longitude) <= within_km
        for city in lexicon.cities
    )
