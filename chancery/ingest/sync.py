"""Keep every source fresh: run each configured importer in turn (`manage.py sync_sources`).

The steps are data (`SyncStep`): the contact sources (Wikidata, OpenStreetMap, GOV.UK), the
advisory feeds configured in `CHANCERY_ADVISORY_FEEDS`, and the news feed sources. Each step is
one management command, which already runs in its own transaction and leaves its own
`ImportRun`; a step that fails does not stop the next one.

A step that failed only because the network could not be reached (no DNS, no route, connection
refused or timed out) is *skipped*, not failed, so that an offline machine runs the sync without
alarms. Any other failure counts.

A lock keeps two syncs from overlapping: in the cache when the cache is shared between machines
(Redis), else with an exclusive `flock` on a file in `VAR_DIR` (one machine).
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import secrets
import socket
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.management import call_command, get_commands, load_command_class
from django.core.management.base import CommandError
from django.db.models import Max, OuterRef, Subquery

from .fetch import FetchError
from .models import ImportKind, ImportRun

# --- The steps ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SyncStep:
    """One source to refresh: `call_command(command, *args, **kwargs)`.

    `name` is what the output and `--only` use; `group` ("missions", "advisories", "news")
    lets `--only` pick several steps at once.
    """

    name: str
    command: str
    args: tuple[str, ...] = ()
    kwargs: Mapping[str, object] = field(default_factory=dict)
    group: str = ""


MISSION_STEPS: tuple[SyncStep, ...] = (
    SyncStep(
        "wikidata-sparql", "ingest_missions", ("--source", "wikidata-sparql"), group="missions"
    ),
    SyncStep("osm", "ingest_osm", group="missions"),
    SyncStep("govuk", "ingest_govuk_offices", group="missions"),
)
NEWS_STEPS: tuple[SyncStep, ...] = (
    # A fresh install starts with the official feeds of the default list.
    SyncStep("news-feeds", "news_feeds_default", ("--if-empty",), group="news"),
    SyncStep("news", "ingest_news", ("--all",), group="news"),
)
#: The groups `--only` accepts, whether or not any of their steps is configured.
GROUPS = ("missions", "advisories", "news")
#: Options passed to a step's command only when the command has them (a sync has no terminal
#: to draw progress bars on).
QUIET_OPTIONS: Mapping[str, object] = {"no_progress": True}


def advisory_steps(feeds: Mapping[str, str]) -> list[SyncStep]:
    """One step per issuer: `ingest_advisories` reads the configured location, or the
    issuer's live feed when none is configured."""
    return [
        SyncStep(
            f"advisories-{issuer}", "ingest_advisories", ("--issuer", issuer), group="advisories"
        )
        for issuer in feeds
    ]


def sync_steps() -> list[SyncStep]:
    """Every configured step, in the order they run: missions, advisories, news."""
    feeds: Mapping[str, str] = getattr(settings, "CHANCERY_ADVISORY_FEEDS", {})
    return [*MISSION_STEPS, *advisory_steps(feeds), *NEWS_STEPS]


def sync_steps_only(steps: Sequence[SyncStep], names: Sequence[str]) -> list[SyncStep]:
    """The steps named (by step name or group), in their usual order; CommandError naming the
    unknown ones."""
    known = {step.name for step in steps} | {step.group for step in steps if step.group}
    known |= set(GROUPS)
    unknown = [name for name in names if name not in known]
    if unknown:
        raise CommandError(
            f"Unknown source(s) for --only: {', '.join(unknown)}. "
            f"Known: {', '.join(sorted(known))}."
        )
    wanted = set(names)
    return [step for step in steps if step.name in wanted or step.group in wanted]


# --- Offline or failed ----------------------------------------------------------------------------

#: The problems `fetch.py` reports when the network, not the source, is at fault (see
#: `fetch._addresses` and `fetch._network_problem`). A read timeout or a TLS failure means a
#: server answered, so it is not among them.
OFFLINE_PROBLEMS: tuple[str, ...] = (
    "the host name could not be resolved",
    "the host name has no address",
    "(could not connect)",
    "the connection timed out",
)


def _is_offline_problem(text: str) -> bool:
    return any(problem in text for problem in OFFLINE_PROBLEMS)


def _host(location: str) -> str:
    return urlsplit(location).hostname or location


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def offline_hosts(exc: BaseException) -> list[str] | None:
    """The hosts that could not be reached when `exc` (or what caused it) says the network was
    down; None when it failed for another reason."""
    for link in _chain(exc):
        if isinstance(link, FetchError) and _is_offline_problem(link.problem):
            return [_host(link.location)]
        if isinstance(link, socket.gaierror):
            return []
    return None


# --- Running ------------------------------------------------------------------------------------

OK, SKIPPED, FAILED = "ok", "skipped", "failed"
COUNTS = ("rows_read", "created", "updated", "unchanged", "withdrawn", "rejected")


@dataclass
class StepResult:
    step: SyncStep
    outcome: str
    #: Why it was skipped or failed (one line); for a partly offline step, which hosts.
    message: str = ""
    runs: list[ImportRun] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        return {name: sum(getattr(run, name) for run in self.runs) for name in COUNTS}

    @property
    def line(self) -> str:
        """The one line a skipped or failed step prints."""
        return f"{self.outcome} {self.step.name}: {self.message}"


def _accepted_options(command: str) -> set[str]:
    """The option names (dests) a command accepts; empty when it cannot be loaded."""
    try:
        app = get_commands()[command]
        instance = app if not isinstance(app, str) else load_command_class(app, command)
        parser = instance.create_parser("manage.py", command)
    except Exception:  # an unknown or broken command fails when it is called, clearly
        return set()
    return {action.dest for action in parser._actions}


def _options(step: SyncStep) -> dict[str, object]:
    accepted = _accepted_options(step.command)
    quiet = {key: value for key, value in QUIET_OPTIONS.items() if key in accepted}
    return {**quiet, **step.kwargs}


def step_command_line(step: SyncStep) -> str:
    """The step as it runs, e.g. "ingest_missions --source wikidata-sparql --no-progress"."""
    options = []
    for key, value in _options(step).items():
        flag = f"--{key.replace('_', '-')}"
        if value is True:
            options.append(flag)
        elif value not in (False, None):
            options.append(f"{flag} {value}")
    return " ".join([step.command, *step.args, *options])


def _one_line(message: object) -> str:
    return " ".join(str(message).split())


def _reached(hosts: list[str]) -> str:
    named = ", ".join(dict.fromkeys(hosts))
    return f"{named} could not be reached" if named else "a host name could not be resolved"


def _judge(step: SyncStep, exc: Exception, runs: list[ImportRun]) -> StepResult:
    """Skipped when only the network failed, else failed with the error on one line."""
    hosts = offline_hosts(exc)
    failed_runs = [run for run in runs if not run.ok]
    if hosts is None and failed_runs and all(_is_offline_problem(r.error) for r in failed_runs):
        # A command that reads several sources (every news feed) reports each failure in its
        # run record, and only a count in its error.
        hosts = [_host(run.location) for run in failed_runs]
    if hosts is not None:
        if any(run.ok for run in runs):
            return StepResult(step, OK, f"partly offline ({_reached(hosts)})", runs)
        return StepResult(step, SKIPPED, f"offline ({_reached(hosts)})", runs)
    message = _one_line(exc) if isinstance(exc, CommandError) else f"unexpected error {exc!r}"
    if isinstance(exc, CommandError) and str(exc).startswith("Unknown command:"):
        message = f"the command {step.command} does not exist"
    return StepResult(step, FAILED, message, runs)


def sync_step_run(step: SyncStep, *, stdout: IO[str] | Any, stderr: IO[str] | Any) -> StepResult:
    """Run one step; its output goes to `stdout`/`stderr`. Never raises for the step's own
    failure (KeyboardInterrupt and SystemExit still stop the sync)."""
    before = ImportRun.objects.aggregate(last=Max("pk"))["last"] or 0
    error: Exception | None = None
    try:
        call_command(step.command, *step.args, stdout=stdout, stderr=stderr, **_options(step))
    except Exception as exc:  # each source on its own: one failing does not stop the others
        error = exc
    runs = list(ImportRun.objects.filter(pk__gt=before).order_by("pk"))
    if error is None:
        return StepResult(step, OK, "", runs)
    return _judge(step, error, runs)


def sync_run(
    steps: Sequence[SyncStep],
    *,
    stdout: IO[str] | Any,
    stderr: IO[str] | Any,
    between: Callable[[], object] = lambda: None,
) -> list[StepResult]:
    """Run `steps` in order; `between` is called before each (to keep a lock alive)."""
    results = []
    for step in steps:
        between()
        stdout.write(f"== {step.name}: {step_command_line(step)}")
        result = sync_step_run(step, stdout=stdout, stderr=stderr)
        if result.outcome != OK:
            (stdout if result.outcome == SKIPPED else stderr).write(result.line)
        results.append(result)
    return results


def summary_table(results: Sequence[StepResult]) -> list[str]:
    """The closing table: one line per step with its outcome, run ids and counts."""
    header = (
        "source",
        "outcome",
        "runs",
        "read",
        "created",
        "updated",
        "unchanged",
        "withdrawn",
        "rejected",
    )
    rows: list[tuple[str, ...]] = [header]
    for result in results:
        counts: Mapping[str, object] = result.counts if result.runs else dict.fromkeys(COUNTS, "-")
        run_ids = ",".join(f"#{run.pk}" for run in result.runs) or "-"
        rows.append(
            (result.step.name, result.outcome, run_ids, *(str(counts[name]) for name in COUNTS))
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    return [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]


# --- The lock -----------------------------------------------------------------------------------

LOCK_KEY = "chancery:sync_sources:lock"
#: How long a lock in the cache lives without being renewed; renewed before every step, so a
#: sync that died leaves it for at most this long.
LOCK_SECONDS = 6 * 60 * 60
LOCK_FILE_NAME = "sync_sources.lock"
#: Caches that do not reach other processes or machines (or whose `add` is not atomic).
LOCAL_CACHES = (LocMemCache, DummyCache, FileBasedCache)


class SyncLocked(Exception):
    """Another sync holds the lock; `holder` says since when and where."""

    def __init__(self, holder: str) -> None:
        super().__init__(
            f"Another sync_sources run holds the lock since {holder or 'an unknown time'}; "
            "nothing done."
        )
        self.holder = holder


def _holder_note() -> str:
    started = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    return f"{started} (pid {os.getpid()} on {socket.gethostname()})"


class CacheLock:
    """A lock in a shared cache: `add` succeeds for one process only; released only by the
    process whose token it holds."""

    def __init__(self, cache: BaseCache, *, key: str = LOCK_KEY, seconds: int = LOCK_SECONDS):
        self.cache, self.key, self.seconds = cache, key, seconds
        self.token = f"{secrets.token_hex(8)}|{_holder_note()}"

    def acquire(self) -> None:
        if not self.cache.add(self.key, self.token, self.seconds):
            held = str(self.cache.get(self.key) or "")
            raise SyncLocked(held.partition("|")[2])

    def renew(self) -> None:
        if self.cache.get(self.key) == self.token:
            self.cache.touch(self.key, self.seconds)

    def release(self) -> None:
        # Read then delete: not atomic, but the lock expires hours after its last renewal, so
        # another holder could only have taken it if this one had already run out.
        if self.cache.get(self.key) == self.token:
            self.cache.delete(self.key)


class FileLock:
    """An exclusive, non-blocking `flock` on a file: released when the file is closed, which the
    system does for a process that dies."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.handle: IO[str] | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = self.path.open("a+", encoding="utf-8")
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip()
            handle.close()
            raise SyncLocked(holder) from None
        handle.seek(0)
        handle.truncate()
        handle.write(_holder_note() + "\n")
        handle.flush()
        self.handle = handle

    def renew(self) -> None:
        pass

    def release(self) -> None:
        if self.handle is not None:
            fcntl.flock(self.handle.fileno(), fcntl.LOCK_UN)
            self.handle.close()
            self.handle = None


def sync_lock_for(cache: BaseCache, lock_dir: Path) -> CacheLock | FileLock:
    """The cache when it is shared between processes and machines, else a file lock."""
    if isinstance(cache, LOCAL_CACHES):
        return FileLock(lock_dir / LOCK_FILE_NAME)
    return CacheLock(cache)


@contextmanager
def sync_lock() -> Iterator[CacheLock | FileLock]:
    """Hold the sync lock for the block; SyncLocked when another run holds it."""
    lock = sync_lock_for(caches["default"], Path(settings.VAR_DIR))
    lock.acquire()
    try:
        yield lock
    finally:
        lock.release()


# --- Where each source stands (the admin's Sources page) ------------------------------------------


@dataclass(frozen=True)
class SourceStatus:
    """One source's latest run, its latest successful one and its latest failure."""

    kind: str
    source: str
    last: ImportRun
    last_ok: ImportRun | None
    last_failure: ImportRun | None


def source_status_list() -> list[SourceStatus]:
    """Every source that has run, by kind (missions, advisories, news) then name; two queries."""
    runs = ImportRun.objects.filter(kind=OuterRef("kind"), source=OuterRef("source")).order_by(
        "-started_at", "-pk"
    )
    pairs = list(
        ImportRun.objects.order_by()
        .values("kind", "source")
        .distinct()
        .annotate(
            last=Subquery(runs.values("pk")[:1]),
            last_ok=Subquery(runs.filter(ok=True).values("pk")[:1]),
            last_failure=Subquery(runs.filter(ok=False).values("pk")[:1]),
        )
    )
    wanted = {pair[key] for pair in pairs for key in ("last", "last_ok", "last_failure")}
    by_id = ImportRun.objects.in_bulk([pk for pk in wanted if pk is not None])
    kinds = list(ImportKind.values)
    statuses = [
        SourceStatus(
            kind=pair["kind"],
            source=pair["source"],
            last=by_id[pair["last"]],
            last_ok=by_id.get(pair["last_ok"]),
            last_failure=by_id.get(pair["last_failure"]),
        )
        for pair in pairs
    ]
    rank = {kind: index for index, kind in enumerate(kinds)}
    return sorted(statuses, key=lambda s: (rank.get(s.kind, len(kinds)), s.source))
