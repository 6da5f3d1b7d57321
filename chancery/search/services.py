"""Search: the public entry point, and the in-memory index kept in step with the database.

The index is built on first use in each process, and follows the data version
(`chancery.core.versions`), which every change to the data bumps. When the version has moved,
and every few seconds in any case (for changes made behind Django's back), a cheap fingerprint
of missions, jurisdictions and countries is read from the database; the index is rebuilt only
when it differs from the one it was built from, so that a news article's save, which moves the
version too, costs a query and not a rebuild.
"""

from __future__ import annotations

import gc
import logging
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from django.conf import settings
from django.db import connections
from django.db.models import Count, Max
from django.db.models.functions import Coalesce
from django.db.utils import DatabaseError, OperationalError

from chancery.core.versions import data_version
from chancery.countries.models import Country, with_article
from chancery.directory.models import Mission, MissionStatus
from chancery.lexicon import morphology, store, text
from chancery.lexicon.lexicon import Lexicon
from chancery.lexicon.selectors import current_lexicon

from .engine import CountryEntry, Hit, MissionEntry, MissionIndex, name_search, rank
from .parsing import parse

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 200
MAX_LIMIT = 50
DEFAULT_LIMIT = 10


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
    #: The lexicon the index was built with (its missions without coordinates placed by it).
    lexicon: Lexicon | None = None
    index: MissionIndex | None = None
    version: object = None
    fingerprint: tuple = ()
    checked_at: float = 0.0


_state = _State()
_lock = threading.Lock()


class IndexNotReady(OperationalError):
    """The app server's master is building the index, to hand it to fresh workers: a search is
    answered 503 with Retry-After meanwhile (DatabaseUnavailableMiddleware), instead of waiting
    for this worker to build a copy of its own."""


def leave_build_to(pid: int | None) -> None:
    """Promise that process `pid` builds the index and the lexicon (an app-server master whose
    start-up warm-up found no database: it builds once the database answers, then forks new
    workers that share them); None withdraws the promise."""
    store.leave_build_to(pid)


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


class _Fingerprint(NamedTuple):
    """What the index is built from, summed up in three cheap queries."""

    missions: tuple
    jurisdictions: tuple
    countries: tuple


def _fingerprint() -> _Fingerprint:
    """Changes with any write the index would show: the lexicon's fingerprint of missions and
    countries (`store.fingerprint`, bulk updates included), and the jurisdictions, where one
    added is a new row with a new id."""
    read = store.fingerprint()
    jurisdictions = Mission.jurisdictions.through.objects.aggregate(n=Count("id"), last=Max("id"))
    return _Fingerprint(read.missions, tuple(jurisdictions.values()), read.countries)


def _load_countries() -> dict[int, CountryEntry]:
    return {
        pk: CountryEntry(pk, name, alpha2 or slug, slug, with_article(name), names or {}, part_of)
        for pk, name, alpha2, slug, names, part_of in Country.objects.order_by("pk").values_list(
            "pk", "name", "iso_alpha2", "slug", "names", "part_of_id"
        )
    }


def _load_missions(countries: dict[int, CountryEntry]) -> list[MissionEntry]:
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
            Coalesce("territory_id", "host_country_id"),
            "city",
            "latitude",
            "longitude",
        )
    )
    missions = [
        MissionEntry(
            pk,
            wikidata_id,
            slug,
            name,
            kind,
            sending_id,
            host_id,
            place_id,
            city,
            latitude,
            longitude,
            jurisdictions=tuple(jurisdictions.get(pk, ())),
        )
        for (
            pk,
            wikidata_id,
            slug,
            name,
            kind,
            sending_id,
            host_id,
            place_id,
            city,
            latitude,
            longitude,
        ) in rows
    ]
    for mission in missions:
        # A place that is neither the host nor one of its territories was left behind by a
        # write that moved the host without the directory's door: the host is then the truth.
        place = countries.get(mission.place_id)
        if mission.place_id != mission.host_id and (
            place is None or place.part_of != mission.host_id
        ):
            mission.place_id = mission.host_id
    return missions


def _current() -> tuple[Lexicon, MissionIndex]:
    """The index for the data as it is now, rebuilding what changed."""
    now = time.monotonic()
    version = data_version()
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
    if state.index is None and store.built_elsewhere():
        raise IndexNotReady("the search index is being built; new workers will have it")
    with _lock:
        fingerprint = _fingerprint()
        lexicon = current_lexicon()
        if (
            state.index is not None
            and state.lexicon is lexicon
            and fingerprint == state.fingerprint
        ):
            # Whatever moved the version (news, advisories, corrections) left the index as is.
            state.version, state.checked_at = version, now
            return lexicon, state.index
        started = time.perf_counter()
        entries = _load_countries()
        missions = _load_missions(entries)
        _place_without_coordinates(lexicon, missions)
        state.lexicon, state.index = lexicon, MissionIndex.build(missions, entries)
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
            city = lexicon.locate(mission.city, mission.host_id)
            if city is not None:
                mission.latitude, mission.longitude = city.latitude, city.longitude
                mission.located_by_city = True


def warm() -> MissionIndex:
    """Build the index now (at start-up, or in a benchmark), with the dictionaries that read
    inflected words, so that no query waits for them."""
    morphology.warm()
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
