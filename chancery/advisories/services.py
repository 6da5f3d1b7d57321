"""Import advisories from an issuer's feed, keeping every version.

A feed that cannot be used at all (unreachable, malformed, hostile, changed format) changes
nothing but its failed `ImportRun`, and raises `FeedError`, whose message names the location and
the problem on one line; a bad item is reported and the rest imported. An item whose summary is
too large or too deeply nested to sanitise is such a bad item, found before the sanitiser sees
it. An item whose content is the same as the stored current version adds nothing, so
re-importing a feed is a no-op. Everything one run writes is one transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

from django.db import transaction
from django.utils import timezone

from chancery.core.sanitize import clean_html, html_problem
from chancery.countries.models import Country
from chancery.ingest.fetch import FetchError, fetch_bytes
from chancery.ingest.models import ImportKind, ImportRun
from chancery.ingest.runs import import_run_fail, import_run_finish, import_run_start

from .models import Advisory, AdvisoryVersion
from .sources import SOURCES
from .sources.base import AdvisoryItem, FeedError, ItemError, ParsedFeed, links_base

#: Feeds larger than this are refused (the real ones are under 1 MB).
MAX_FEED_BYTES = 20 * 1024 * 1024


@dataclass
class ImportResult:
    run: ImportRun
    changed_destinations: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def source_module(name: str) -> ModuleType:
    try:
        return SOURCES[name]
    except KeyError:
        raise FeedError(f"unknown issuer {name!r}; known: {', '.join(sorted(SOURCES))}") from None


def read_location(source: ModuleType, location: str) -> bytes:
    """The feed's bytes, from a file, a URL or (for sources that read several) a directory."""
    path = Path(location).expanduser()
    if path.is_dir():
        reader = getattr(source, "read_directory", None)
        if reader is None:
            raise FeedError(f"{location}: a directory, but the {source.NAME} source reads one file")
        try:
            return reader(path, max_bytes=MAX_FEED_BYTES)
        except FeedError as exc:
            raise FeedError(f"{location}: {exc}") from exc
    try:
        return fetch_bytes(location, max_bytes=MAX_FEED_BYTES)
    except FetchError as exc:
        raise FeedError(str(exc)) from exc


def _parse(source: ModuleType, location: str, data: bytes, now: dt.datetime) -> ParsedFeed:
    """The source's reading of the feed; any failure is a FeedError naming the location."""
    try:
        return source.parse(data, now)
    except FeedError as exc:
        raise FeedError(f"{location}: {exc}") from exc
    except Exception as exc:  # a reader's bug must not cost the record of the failed run
        raise FeedError(f"{location}: could not be read ({exc.__class__.__name__}: {exc})") from exc


def _set_aside_unsanitisable(parsed: ParsedFeed) -> None:
    """Items whose summary the sanitiser should not be given become item errors."""
    kept = []
    for item in parsed.items:
        problem = html_problem(item.summary_html)
        if problem:
            parsed.errors.append(ItemError(item.key, f"summary refused: {problem}"))
        else:
            kept.append(item)
    parsed.items = kept


def _fingerprint(item: AdvisoryItem, summary: str) -> str:
    payload = [
        item.level,
        item.level_text,
        item.title,
        summary,
        item.source_url,
        item.updated_at.isoformat() if item.updated_at else None,
    ]
    return hashlib.sha256(json.dumps(payload).encode()).hexdigest()


def advisories_import(
    source_name: str, location: str | None = None, *, now: dt.datetime | None = None
) -> ImportResult:
    """Read one issuer's feed and add a version for every advisory that changed."""
    source = source_module(source_name)
    location = location or source.DEFAULT_URL
    now = now or timezone.now()
    run = import_run_start(ImportKind.ADVISORIES, source.NAME, location, started_at=now)
    try:
        issuer = Country.objects.filter(iso_alpha2=source.ISSUER).first()
        if issuer is None:
            raise FeedError(f"the issuer {source.ISSUER} is not in the directory")
        parsed = _parse(source, location, read_location(source, location), now)
        _set_aside_unsanitisable(parsed)
        if not parsed.items:
            first = parsed.errors[0] if parsed.errors else None
            detail = f"; first problem: {first.key}: {first.reason}" if first else ""
            raise FeedError(f"{location}: no usable item in the feed{detail}")
    except FeedError as exc:
        import_run_fail(run, exc)
        raise

    result = ImportResult(run=run, warnings=list(parsed.warnings))
    rejected = [{"item": e.key, "reason": e.reason} for e in parsed.errors]
    countries = {
        c.iso_alpha2: c
        for c in Country.objects.filter(
            iso_alpha2__in={code for item in parsed.items for code in item.destinations}
        )
    }
    with transaction.atomic():
        advisories = {
            a.destination_id: a
            for a in Advisory.objects.filter(issuer=issuer).select_related("current")
        }
        seen: set[int] = set()
        for item in parsed.items:
            # The issuer's relative links lead to its own site, not ours. The fingerprint is
            # taken before they are resolved: it is of what the issuer wrote, so fingerprints
            # stored before links were resolved still match, and resolving never adds a version.
            fingerprint = _fingerprint(item, clean_html(item.summary_html))
            summary = clean_html(
                item.summary_html, base_url=links_base(source.SITE_URL, item.source_url)
            )
            for code in item.destinations:
                destination = countries.get(code)
                if destination is None:
                    rejected.append(
                        {"item": item.key, "reason": f"no country {code} in the directory"}
                    )
                    continue
                if destination.pk in seen:
                    rejected.append(
                        {
                            "item": item.key,
                            "reason": f"{code} appears twice in the feed; first kept",
                        }
                    )
                    continue
                seen.add(destination.pk)
                advisory = advisories.get(destination.pk)
                if advisory is None:
                    advisory = Advisory.objects.create(
                        destination=destination, issuer=issuer, source=source.NAME
                    )
                    advisories[destination.pk] = advisory
                current = advisory.current
                advisory.last_seen_at = now
                if current is not None and current.content_hash == fingerprint:
                    advisory.save(update_fields=["last_seen_at"])
                    run.unchanged += 1
                    continue
                version = AdvisoryVersion.objects.create(
                    advisory=advisory,
                    level=item.level,
                    level_text=item.level_text[:300],
                    title=item.title[:300],
                    summary=summary,
                    source_url=item.source_url[:500],
                    published_at=item.published_at,
                    updated_at=item.updated_at,
                    date_note=item.date_note[:200],
                    fetched_at=now,
                    feed=location[:500],
                    content_hash=fingerprint,
                    previous_level=current.level if current else None,
                )
                advisory.current = version
                advisory.save(update_fields=["current", "last_seen_at", "updated_at"])
                if current is None:
                    run.created += 1
                else:
                    run.updated += 1
                    result.changed_destinations.append(code)
        run.rows_read = len(parsed.items) + parsed.joined
        import_run_finish(run, rejections=rejected, warnings=result.warnings)
    return result
