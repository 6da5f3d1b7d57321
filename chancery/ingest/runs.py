"""The record every import leaves: one `ImportRun` per run, whatever the importer reads.

An importer begins a run with `import_run_start`, counts what it does on it, and ends it with
`import_run_finish`, or with `import_run_fail` when the source could not be used. A failed run
is saved on its own, outside the importer's transaction: the run is remembered, with its error,
while nothing else it would have written is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager

from django.db import transaction
from django.utils import timezone

from chancery.core.signals import data_changed

from .models import ImportRun

_LOCATION_LENGTH = ImportRun._meta.get_field("location").max_length or 1000


def import_run_start(
    kind: str, source: str, location: str, *, started_at: dt.datetime | None = None
) -> ImportRun:
    """A run that begins now (or at `started_at`); not saved yet."""
    started = started_at or timezone.now()
    return ImportRun(
        kind=kind,
        source=source,
        location=location[:_LOCATION_LENGTH],
        started_at=started,
        finished_at=started,
    )


def _close(
    run: ImportRun, rejections: Iterable[Mapping[str, object]], warnings: Iterable[str]
) -> ImportRun:
    run.rejections = [dict(rejection) for rejection in rejections]
    run.rejected = len(run.rejections)
    run.warnings = list(warnings)
    run.finished_at = timezone.now()
    run.save()
    return run


def import_run_finish(
    run: ImportRun,
    *,
    rejections: Iterable[Mapping[str, object]] = (),
    warnings: Iterable[str] = (),
) -> ImportRun:
    """Save a run that used its source; its counts are already set on it."""
    run.ok, run.error = True, ""
    return _close(run, rejections, warnings)


def import_run_fail(
    run: ImportRun,
    error: object,
    *,
    rejections: Iterable[Mapping[str, object]] = (),
    warnings: Iterable[str] = (),
) -> ImportRun:
    """Save a run whose source could not be used, with the reason on one line."""
    run.ok, run.error = False, " ".join(str(error).splitlines())
    return _close(run, rejections, warnings)


class _DryRunRollback(Exception):
    pass


@contextmanager
def import_transaction(*, source: str, dry_run: bool) -> Iterator[None]:
    """One import's writes, all or nothing: rolled back after the block when `dry_run`, else
    committed and announced (`data_changed`), so the caches follow."""
    try:
        with transaction.atomic():
            yield
            if dry_run:
                raise _DryRunRollback
            transaction.on_commit(lambda: data_changed.send(sender=ImportRun, source=source))
    except _DryRunRollback:
        pass
