"""The whole-table exports as files, built once per data version and sent by the app server.

The unfiltered exports are the big answers (6–7 MB each) and the ones fetched over and over:
rendered per request, each took a worker for a second or more, and a client reading slowly kept
it for as long as it liked. Instead each is written once per data version, with a gzip copy, and
sent with FileResponse, which the app server hands to sendfile(2): the kernel copies the bytes
and no Python runs while the client reads.

The data version is read from the database (counts and latest changes of missions, countries and
jurisdictions) rather than from the cache, so every process and every app server on the same
database agrees on it, with or without Redis. Reading it scans the missions table, so a process
trusts the version it read for CHANCERY_EXPORTS_RECHECK_SECONDS, unless the site's data version
in the cache (bumped by every save and import) has moved meanwhile. A file is written under a temporary name and
renamed into place while a lock is held, so two workers never build the same file at once and no
reader ever sees half a file. Once a version is built, all but the newest two are removed (the
previous one may still be on its way to a slow client; an open file survives its removal anyway).

The exports name the site in every row (its address, taken from the request), so there is a set
of files per site address: a handful at most, since the Host header's port is chosen by the
client and must not let anyone fill the disk. Past that, the export is streamed as before.
"""

from __future__ import annotations

import fcntl
import gzip
import hashlib
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import IO

from django.conf import settings
from django.db.models import Count, Max, Q

from chancery.core.versions import data_version as site_data_version
from chancery.countries.models import Country
from chancery.directory.models import Mission, MissionStatus, SourceLink, SourceValue
from chancery.directory.selectors import mission_list

from . import formats, serializers, variants
from .formats import ExportFormat

logger = logging.getLogger(__name__)

#: Versions kept on disk: the current one and the one before it.
KEEP_VERSIONS = 2
#: Site addresses (scheme, host and port) given files within one data version.
MAX_SITES = 8
#: How long a request waits for another worker's build of the same file before streaming.
BUILD_WAIT_SECONDS = 120.0
#: Bytes gathered before each write: a chunk is one mission, a few hundred bytes.
WRITE_BUFFER = 1 << 16


def _source_bytes(module: ModuleType) -> bytes:
    assert module.__file__ is not None  # loaded from its .py file, as every module here is
    return Path(module.__file__).read_bytes()


#: What the files are made by: a change of code gives a new version, whatever the data.
_CODE = hashlib.sha256(
    b"".join(_source_bytes(module) for module in (serializers, formats, variants))
    + Path(__file__).read_bytes()
).hexdigest()


class DataChangedDuringBuild(RuntimeError):
    """The data changed while the file was written: it may mix two versions, so it is dropped."""


class ExportNotBuilt(RuntimeError):
    """`build_all` could not write an export (the reason is logged as a warning)."""


@dataclass(frozen=True)
class Published:
    """A built export: the file to send, its encoding (gzip or none), ETag and modification time."""

    path: Path
    encoding: str | None
    etag: str
    modified: float
    size: int


@dataclass(frozen=True)
class _Seen:
    version: str
    marker: object
    at: float
    #: When this process first read this version (wall clock): no later than any answer made
    #: from it, so a Last-Modified for the answers that have no file.
    since: float


_seen: _Seen | None = None


def data_version() -> str:
    """The data version, as last read from the database if that was recent enough."""
    return current_version()[0]


def current_version() -> tuple[str, float]:
    """The data version and the time (seconds since the epoch) this process first read it."""
    marker = site_data_version()
    now = time.monotonic()
    seen = _seen
    if not (
        seen is not None
        and seen.marker == marker
        and now - seen.at < settings.CHANCERY_EXPORTS_RECHECK_SECONDS
    ):
        _remember(database_version(), marker, now)
        seen = _seen
        assert seen is not None
    return seen.version, seen.since


def _remember(version: str, marker: object = None, at: float | None = None) -> str:
    global _seen
    marker = site_data_version() if marker is None else marker
    previous = _seen
    since = previous.since if previous is not None and previous.version == version else time.time()
    _seen = _Seen(version, marker, time.monotonic() if at is None else at, since)
    return version


def database_version() -> str:
    """A digest of everything the unfiltered exports are made from, read now.

    Besides counts and the latest `updated_at`, the latest `last_seen` and the number of active
    missions are read: an import marks missions seen, and withdraws them, in bulk updates that
    leave `updated_at` alone. The sources' links and values count too: a new OpenStreetMap
    record of a mission adds its id to the exports without changing the mission. (Their fetch
    times are left out: every run moves them, whether or not anything changed; a changed record
    has its values written anew, with new ids.)
    """
    missions = Mission.objects.aggregate(
        count=Count("id"),
        active=Count("id", filter=Q(status=MissionStatus.ACTIVE)),
        changed=Max("updated_at"),
        seen=Max("last_seen"),
    )
    countries = Country.objects.aggregate(count=Count("id"), changed=Max("updated_at"))
    jurisdictions = Mission.jurisdictions.through.objects.aggregate(
        count=Count("id"), last=Max("id")
    )
    links = SourceLink.objects.aggregate(count=Count("id"), last=Max("id"))
    values = SourceValue.objects.aggregate(count=Count("id"), last=Max("id"))
    parts = (missions, countries, jurisdictions, links, values)
    state = repr([sorted(part.items()) for part in parts])
    return hashlib.sha256(f"{_CODE}\n{state}".encode()).hexdigest()[:20]


def _directory(version: str, base: str) -> Path:
    return Path(settings.CHANCERY_EXPORTS_DIR) / version / site_key(base)


def site_key(base: str) -> str:
    return hashlib.sha256(base.encode()).hexdigest()[:12]


def published(fmt: ExportFormat, base: str, *, gzip_accepted: bool) -> Published | None:
    """The current file of an unfiltered export for a site address, built first if need be.

    None when there is no file to send (the directory is not writable, too many site addresses,
    the data changed during the build): the caller streams the export instead.
    """
    version = data_version()
    directory = _directory(version, base)
    plain = directory / fmt.filename
    try:
        if not plain.exists():
            # About to build: with the version read now, not one trusted from a while ago.
            version = _remember(database_version())
            directory = _directory(version, base)
            plain = directory / fmt.filename
        if not plain.exists():
            if not _room_for(directory):
                return None
            if not build(fmt, base, directory, version):
                return None
        path = plain.with_name(plain.name + ".gz") if gzip_accepted else plain
        stat = path.stat()
    except (OSError, DataChangedDuringBuild) as exc:
        logger.warning("export %s not published, streamed instead: %s", fmt.filename, exc)
        return None
    # One tag per version, site address, file and encoding: the same tag, the same bytes.
    tag = f"{version}-{site_key(base)}-{fmt.name}" + ("-gzip" if gzip_accepted else "")
    return Published(
        path=path,
        encoding="gzip" if gzip_accepted else None,
        etag=f'"{tag}"',
        modified=stat.st_mtime,
        size=stat.st_size,
    )


def build(fmt: ExportFormat, base: str, directory: Path, version: str) -> bool:
    """Write the export and its gzip copy into `directory`, unless another worker just has.

    Returns False if the lock could not be had in time (the other build is still running).
    """
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / fmt.filename
    with _locked(directory / f".{fmt.filename}.lock") as acquired:
        if not acquired:
            return False
        if target.exists():
            return True  # built by another worker while this one waited
        started = time.perf_counter()
        with _temporary(directory) as plain, _temporary(directory) as packed:
            with gzip.GzipFile(fileobj=packed, mode="wb", mtime=0, compresslevel=6) as zipped:
                for block in blocks(fmt.chunks(mission_list().order_by("pk"), base)):
                    plain.write(block)
                    zipped.write(block)
            if database_version() != version:
                raise DataChangedDuringBuild(f"{fmt.filename} for {base}")
            for handle in (plain, packed):
                handle.flush()
                os.fchmod(handle.fileno(), 0o644)
            # The plain file is what marks the export as built: it is renamed last.
            os.replace(packed.name, target.with_name(target.name + ".gz"))
            os.replace(plain.name, target)
        logger.info(
            "export %s built for %s in %.1f s (version %s)",
            fmt.filename,
            base,
            time.perf_counter() - started,
            version,
        )
    _prune(directory.parent.parent)
    return True


def build_all(base: str) -> list[Published]:
    """Every unfiltered export (full and CC0) for a site address, built now if missing
    (`build_exports`)."""
    built = []
    for fmt in formats.FORMATS.values():
        for gzip_accepted in (False, True):
            result = published(fmt, base, gzip_accepted=gzip_accepted)
            if result is None:
                raise ExportNotBuilt(f"{fmt.filename} could not be built for {base}")
            built.append(result)
    return built


def blocks(chunks: Iterator[str]) -> Iterator[bytes]:
    """The chunks as UTF-8, gathered into blocks of about WRITE_BUFFER bytes."""
    pending: list[bytes] = []
    size = 0
    for chunk in chunks:
        data = chunk.encode("utf-8")
        pending.append(data)
        size += len(data)
        if size >= WRITE_BUFFER:
            yield b"".join(pending)
            pending, size = [], 0
    if pending:
        yield b"".join(pending)


def _room_for(directory: Path) -> bool:
    if directory.exists():
        return True
    version_dir = directory.parent
    sites = sum(1 for p in version_dir.iterdir() if p.is_dir()) if version_dir.exists() else 0
    return sites < MAX_SITES


@contextmanager
def _locked(path: Path) -> Iterator[bool]:
    """An exclusive lock on `path` (between processes and between threads alike: each holder
    opens the file itself), waited for at most BUILD_WAIT_SECONDS."""
    with path.open("a") as handle:
        deadline = time.monotonic() + BUILD_WAIT_SECONDS
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    yield False
                    return
                time.sleep(0.05)
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def _temporary(directory: Path) -> Iterator[IO[bytes]]:
    """A file in the same directory (so that renaming it into place is atomic), removed unless
    it was renamed."""
    with tempfile.NamedTemporaryFile(dir=directory, prefix=".building-", delete=False) as handle:
        try:
            yield handle
        finally:
            Path(handle.name).unlink(missing_ok=True)


def _prune(root: Path) -> None:
    try:
        versions = sorted(
            (p for p in root.iterdir() if p.is_dir()), key=lambda p: p.stat().st_mtime_ns
        )
    except OSError as exc:  # another worker is pruning at the same moment
        logger.info("old exports not pruned this time: %s", exc)
        return
    for old in versions[:-KEEP_VERSIONS]:
        shutil.rmtree(old, ignore_errors=True)
