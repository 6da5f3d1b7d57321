"""Each source's values for each mission, and the value a mission shows.

An import records what its source says (`source_links_write`): one `SourceLink` per source
record, with its `SourceValue`s. A record says the same as last time → only its fetch time
moves. A record no longer in the source loses its link, and its values go with it: a value
removed at its source disappears from that source only.

Then `missions_sources_apply` sets each mission's columns from the best value of each field
(`sourcing.PRECEDENCE`), through the door's import path, so that editors' values stay (the
`missions_importing` receivers) and the history records what changed. Where two sources
give different values for one field, `sources_disagree` tells the apps above, which put the
disagreement before editors.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.dispatch import Signal
from django.utils import timezone

from chancery.core.geo import great_circle_km

from .addresses import address_text
from .models import Mission, SourceLink, SourceValue
from .phones import phone_normalize
from .placing import Placer
from .services import BATCH_SIZE, MissionWrite, missions_importing
from .sourcing import SOURCED_FIELDS, rank_of

#: Sent with `disagreements` (a list of `Disagreement`) and `write` after missions' sourced
#: values were applied; receivers put them before editors.
sources_disagree = Signal()

#: Two sources' coordinates closer than this are the same place (a building's two corners).
SAME_PLACE_KM = 0.25

#: The mission columns each sourced field sets.
COLUMNS: dict[str, tuple[str, ...]] = {
    "phones": ("phones",),
    "fax": ("fax",),
    "email": ("email",),
    "website": ("website",),
    "address": ("address", "address_parts"),
    "opening_hours": ("opening_hours",),
    "services": ("services",),
    "coordinates": ("latitude", "longitude"),
    "city": ("city",),
    "names": ("names",),
}


@dataclass(frozen=True)
class SourcedValue:
    """One source's value for one field, with where it comes from."""

    provider: str
    record_id: str
    record_url: str
    fetched_at: dt.datetime
    field: str
    value: Any
    language: str = ""

    @property
    def sort_key(self) -> tuple[int, float]:
        # Lower rank first; within a provider, the record fetched last.
        return (rank_of(self.provider, self.field), -self.fetched_at.timestamp())


@dataclass
class LinkEntry:
    """What one source record says about the mission it was matched to."""

    mission_id: int
    record_id: str
    record_url: str = ""
    matched_by: str = "id"
    score: float | None = None
    #: (field, language, value): only fields the record gives a value for.
    values: list[tuple[str, str, Any]] = field(default_factory=list)

    def digest(self) -> str:
        payload = json.dumps(
            [self.mission_id, self.record_url, sorted(self.values, key=lambda v: v[:2])],
            sort_keys=True,
            default=str,
        )
        return hashlib.sha1(payload.encode("utf-8")).hexdigest()


@dataclass
class LinksWritten:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    #: Missions whose values from this source changed (or lost their link).
    mission_ids: set[int] = field(default_factory=set)


def source_links_write(
    provider: str,
    entries: Sequence[LinkEntry],
    *,
    fetched_at: dt.datetime,
    run_id: int | None,
    scope: models.Q | None = None,
) -> LinksWritten:
    """Store one provider's records. With `scope` (a filter on `SourceLink`, e.g. the links of
    missions in one country, or `Q()` for all), the run was complete for that scope: the
    provider's links in it that are not in `entries` are removed."""
    written = LinksWritten()
    stored = {
        link.record_id: link
        for link in SourceLink.objects.filter(
            source=provider, record_id__in=[e.record_id for e in entries]
        )
    }
    to_create: list[SourceLink] = []
    to_update: list[SourceLink] = []
    untouched: list[int] = []
    rewrite: dict[str, LinkEntry] = {}
    for entry in entries:
        digest = entry.digest()
        link = stored.get(entry.record_id)
        if link is not None and link.values_hash == digest:
            untouched.append(link.pk)
            continue
        if link is None:
            link = SourceLink(source=provider, record_id=entry.record_id)
            to_create.append(link)
        else:
            written.mission_ids.add(link.mission_id)  # the mission it leaves, if it moves
            to_update.append(link)
        link.mission_id = entry.mission_id
        link.record_url = entry.record_url[:1000]
        link.matched_by = entry.matched_by
        link.score = entry.score
        link.fetched_at = fetched_at
        link.last_import_run_id = run_id
        link.values_hash = digest
        rewrite[entry.record_id] = entry
        written.mission_ids.add(entry.mission_id)
    SourceLink.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
    SourceLink.objects.bulk_update(
        to_update,
        [
            "mission",
            "record_url",
            "matched_by",
            "score",
            "fetched_at",
            "last_import_run",
            "values_hash",
        ],
        batch_size=BATCH_SIZE,
    )
    for start in range(0, len(untouched), BATCH_SIZE):
        SourceLink.objects.filter(pk__in=untouched[start : start + BATCH_SIZE]).update(
            fetched_at=fetched_at, last_import_run_id=run_id
        )
    changed = [*to_create, *to_update]
    changed_ids = [link.pk for link in to_update]
    for start in range(0, len(changed_ids), BATCH_SIZE):
        SourceValue.objects.filter(link_id__in=changed_ids[start : start + BATCH_SIZE]).delete()
    SourceValue.objects.bulk_create(
        [
            SourceValue(link=link, field=name, language=language, value=value)
            for link in changed
            for name, language, value in rewrite[link.record_id].values
        ],
        batch_size=1000,
    )
    written.created, written.updated, written.unchanged = (
        len(to_create),
        len(to_update),
        len(untouched),
    )
    if scope is not None:
        present = {entry.record_id for entry in entries}
        gone = [
            (pk, mission_id)
            for pk, record_id, mission_id in SourceLink.objects.filter(scope, source=provider)
            .values_list("pk", "record_id", "mission_id")
            .iterator()
            if record_id not in present
        ]
        for start in range(0, len(gone), BATCH_SIZE):
            SourceLink.objects.filter(
                pk__in=[pk for pk, _ in gone[start : start + BATCH_SIZE]]
            ).delete()
        written.removed = len(gone)
        written.mission_ids.update(mission_id for _, mission_id in gone)
    return written


def sourced_values(
    mission_ids: Collection[int], *, except_provider: str = ""
) -> dict[int, list[SourcedValue]]:
    """Mission id → every source's values for it (but `except_provider`'s)."""
    found: dict[int, list[SourcedValue]] = {}
    ids = list(mission_ids)
    for start in range(0, len(ids), BATCH_SIZE):
        query = SourceValue.objects.filter(link__mission_id__in=ids[start : start + BATCH_SIZE])
        if except_provider:
            query = query.exclude(link__source=except_provider)
        rows = query.values_list(
            "link__mission_id",
            "link__source",
            "link__record_id",
            "link__record_url",
            "link__fetched_at",
            "field",
            "value",
            "language",
        )
        for mission_id, provider, record_id, url, fetched, name, value, language in rows.iterator():
            found.setdefault(mission_id, []).append(
                SourcedValue(provider, record_id, url, fetched, name, value, language)
            )
    return found


def best_values(values: Iterable[SourcedValue]) -> dict[tuple[str, str], SourcedValue]:
    """(field, language) → the value a mission shows: the best-ranked provider's, and within
    one provider the record fetched last."""
    chosen: dict[tuple[str, str], SourcedValue] = {}
    for value in sorted(values, key=lambda v: v.sort_key):
        chosen.setdefault((value.field, value.language), value)
    return chosen


def columns_from(
    values: Iterable[SourcedValue], *, region: str, fields: Collection[str] = SOURCED_FIELDS
) -> dict[str, Any]:
    """The mission columns `values` set for `fields`: the best value of each, or empty when no
    source gives the field. `region` reads phone numbers (the host's ISO code)."""
    chosen = best_values(values)
    columns: dict[str, Any] = {}
    for name in fields:
        if name == "names":
            columns["names"] = {
                language: value.value
                for (field_name, language), value in sorted(chosen.items())
                if field_name == "names" and language
            }
            continue
        best = chosen.get((name, ""))
        columns.update(_columns_of(name, best.value if best else None, region))
    return columns


def _columns_of(name: str, value: Any, region: str) -> dict[str, Any]:
    if name == "phones":
        phones = []
        for item in value or []:
            phone = phone_normalize(str(item.get("number", "")), region or None)
            if item.get("label"):
                phone["label"] = str(item["label"])
            phones.append(phone)
        return {"phones": phones}
    if name == "address":
        parts = {k: str(v) for k, v in (value or {}).items() if v}
        return {
            "address": address_text(parts, country_code=parts.get("country_code") or region),
            "address_parts": parts,
        }
    if name == "coordinates":
        latitude, longitude = value if value else (None, None)
        return {"latitude": latitude, "longitude": longitude}
    if name == "services":
        return {"services": [str(item) for item in value or []]}
    (column,) = COLUMNS[name]
    return {column: value or ""}


@dataclass(frozen=True)
class Disagreement:
    """Two or more sources give different values for one field of one mission."""

    mission_id: int
    field: str
    chosen: SourcedValue
    others: tuple[SourcedValue, ...]


def _comparable(value: SourcedValue) -> Any:
    """A value reduced to what two sources must agree on."""
    if value.field == "phones":
        return frozenset(
            "".join(ch for ch in str(item.get("number", "")) if ch.isdigit())[-8:]
            for item in value.value or []
        )
    if value.field in {"email", "website"}:
        text = str(value.value).lower().removeprefix("mailto:")
        for prefix in ("https://", "http://", "www."):
            text = text.removeprefix(prefix)
        return text.rstrip("/")
    if value.field == "address":
        return (
            " ".join(
                str(value.value.get(k, "")).lower()
                for k in ("street_address", "postal_code", "text")
                if value.value.get(k)
            )
            .replace(",", " ")
            .split()
        )
    return value.value


#: The fields whose disagreements editors are asked about: the ones a person acts on.
DISPUTED_FIELDS = ("phones", "email", "website", "address", "coordinates")


def disagreements_in(mission_id: int, values: Iterable[SourcedValue]) -> list[Disagreement]:
    """The fields of one mission on which the best value of two providers differ."""
    by_field: dict[str, dict[str, SourcedValue]] = {}
    for value in sorted(values, key=lambda v: v.sort_key):
        if value.field in DISPUTED_FIELDS and value.value:
            by_field.setdefault(value.field, {}).setdefault(value.provider, value)
    found = []
    for name, by_provider in by_field.items():
        chosen, *others = by_provider.values()
        if name == "coordinates":
            differing = [
                other
                for other in others
                if great_circle_km(*chosen.value, *other.value) > SAME_PLACE_KM
            ]
        else:
            differing = [o for o in others if _comparable(o) != _comparable(chosen)]
        if differing:
            found.append(Disagreement(mission_id, name, chosen, tuple(differing)))
    return found


@dataclass
class Applied:
    updated: int = 0
    conflicts: int = 0
    disagreements: int = 0


def missions_sources_apply(mission_ids: Collection[int], *, write: MissionWrite) -> Applied:
    """Set the sourced columns of `mission_ids` from the best value of each field, where they
    differ from the stored ones, and tell editors where sources disagree."""
    applied = Applied()
    values = sourced_values(mission_ids)
    placer = Placer()
    ids = list(mission_ids)
    columns = [column for name in SOURCED_FIELDS for column in COLUMNS[name]]
    disagreements: list[Disagreement] = []
    for start in range(0, len(ids), BATCH_SIZE):
        batch = Mission.objects.filter(pk__in=ids[start : start + BATCH_SIZE]).select_related(
            "host_country"
        )
        changed: list[Mission] = []
        for mission in batch:
            mine = values.get(mission.pk, [])
            disagreements.extend(disagreements_in(mission.pk, mine))
            if not mine:
                continue  # no source says anything: what is stored stays (an editor's mission)
            region = mission.host_country.iso_alpha2 or ""
            new = columns_from(mine, region=region)
            if not any(getattr(mission, c) != new[c] for c in columns):
                continue
            moved = (mission.latitude, mission.longitude) != (new["latitude"], new["longitude"])
            for column in columns:
                setattr(mission, column, new[column])
            if moved:
                placer.place(mission)
            mission.updated_at = timezone.now()
            changed.append(mission)
        if changed:
            for _, conflicts in missions_importing.send(
                sender=Mission, missions=changed, write=write
            ):
                applied.conflicts += int(conflicts or 0)
            Mission.objects.bulk_update(
                changed, [*columns, "territory", "updated_at"], batch_size=BATCH_SIZE
            )
            applied.updated += len(changed)
    if disagreements:
        for _, raised in sources_disagree.send(
            sender=Mission, disagreements=disagreements, write=write
        ):
            applied.disagreements += int(raised or 0)
    return applied


def mission_sources(mission: Mission) -> dict[str, list[SourcedValue]]:
    """Field → every source's value for `mission`, the shown one first (for pages and the
    API); read once per mission object."""
    cached: dict[str, list[SourcedValue]] | None = getattr(mission, "_sources", None)
    if cached is not None:
        return cached
    by_field: dict[str, list[SourcedValue]] = {}
    for value in sorted(sourced_values([mission.pk]).get(mission.pk, []), key=lambda v: v.sort_key):
        by_field.setdefault(value.field, []).append(value)
    mission._sources = by_field  # type: ignore[attr-defined]
    return by_field


def external_ids(links: Iterable[SourceLink]) -> dict[str, Any]:
    """{"wikidata": "Q…", "osm": ["node/…"], "govuk": "…"}: OpenStreetMap can map one office
    several times, so its ids are a list; the other sources have one record per mission."""
    ids: dict[str, Any] = {}
    for link in sorted(links, key=lambda link: (link.source, link.record_id)):
        if link.source == "osm":
            ids.setdefault("osm", []).append(link.record_id)
        else:
            ids.setdefault(link.source, link.record_id)
    return ids
