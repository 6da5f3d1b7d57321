"""The one door through which missions are written.

Whoever writes a mission goes through here: an import's bulk upsert (`missions_import_write`),
an editor saving the admin's form (`mission_save`), an accepted suggestion or a rollback
(`mission_update`), a mission added from a suggestion (`mission_create`). So every mission gets
one slug rule (`_mission_slug`) and one phone rule (`chancery.directory.phones`).

What a write means beyond the mission (its history, where each field's value comes from, the
editors' values an import must not overwrite) belongs to the apps above, which this one does
not import. The door tells them through two signals, each with a `MissionWrite` saying who
writes and on whose authority:

- `mission_updated` (mission, changes, write), after one mission was updated: `changes` maps
  each field that changed to (old, new), read the way `mission_field_value` reads them.
- `missions_importing` (missions, write), before an import's updates are written: a receiver
  may put a stored value back on one of `missions` (an editor's value stays) and returns how
  many conflicts it raised for people to decide.

A mission's creation is not a change: receivers hear about updates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db import models, transaction
from django.dispatch import Signal
from django.utils import timezone

from chancery.core.slugs import slug_base, slug_unique, slug_unique_in

from .models import Mission, MissionStatus
from .phones import phone_normalize
from .placing import Placer

#: Sent with mission, changes and write after one mission was updated.
mission_updated = Signal()
#: Sent with missions and write before an import updates them; receivers return a count of
#: the conflicts they raised.
missions_importing = Signal()

BATCH_SIZE = 500
#: The fields an import writes, besides the mission's Wikidata ID.
IMPORTED_FIELDS = (
    "name",
    "kind",
    "type_label",
    "type_wikidata_id",
    "sending_country_id",
    "host_country_id",
    "territory_id",
    "city",
    "city_source_label",
    "city_wikidata_id",
    "address",
    "latitude",
    "longitude",
    "phones",
    "email",
    "website",
    "facebook",
    "twitter",
    "youtube",
    "image_url",
    "image_author",
    "image_licence",
    "image_licence_url",
    "opened_on",
    "closed_on",
    "fax",
    "address_parts",
    "opening_hours",
    "services",
    "names",
    "status",
    "source",
    "source_id",
    "source_hash",
    "last_seen",
    "last_import_run",
    "updated_at",  # bulk_update does not set auto_now fields itself
)


@dataclass(frozen=True)
class MissionWrite:
    """Who writes, and on whose authority; receivers get it as it is."""

    #: "editor", "import", "suggestion" or "rollback".
    actor: str
    #: Where the values come from: "editor", "suggestion" or a source's name.
    source: str = "editor"
    user: User | None = None
    evidence_url: str = ""
    #: The values become the editors': an import then raises a conflict instead of overwriting
    #: them. False when an editor accepts a source's value, which stays the source's.
    owned: bool = True
    #: The import run (`ingest.ImportRun`) writing the values, by id: the run's app is above
    #: this one.
    import_run_id: int | None = None
    #: The accepted suggestion (`corrections.Suggestion`) the values come from, by id.
    suggestion_id: int | None = None


#: Field → (old value, new value).
Changes = dict[str, tuple[Any, Any]]


def mission_field_value(mission: Mission, field: str) -> Any:
    """A field as people read and edit it: "phone" is the first number as written, "email"
    the address without "mailto:"; any other name is the model field."""
    if field == "phone":
        phones = mission.phones or []
        return phones[0].get("raw", "") if phones else ""
    if field == "email":
        return mission.email_address
    return getattr(mission, field)


def _field_set(mission: Mission, field: str, value: Any) -> None:
    if field == "phone":
        region = mission.host_country.iso_alpha2 if mission.host_country_id else None
        others = (mission.phones or [])[1:]
        mission.phones = ([phone_normalize(value, region)] if value else []) + others
    else:
        setattr(mission, field, value)


def mission_update(mission: Mission, changes: dict[str, Any], *, write: MissionWrite) -> Changes:
    """Set the fields in `changes` (read as `mission_field_value` reads them) that differ from
    the stored ones, save, and tell the receivers. Returns what changed."""
    changed: Changes = {}
    with transaction.atomic():
        if mission.pk:
            # Start from the stored row: an earlier change in the same request may have saved it.
            mission.refresh_from_db()
        for field, new in changes.items():
            old = mission_field_value(mission, field)
            if old == new or (old in (None, "") and new in (None, "")):
                continue
            _field_set(mission, field, new)
            changed[field] = (old, new)
        if changed:
            Placer().place(mission)
            mission.save()
            mission_updated.send(sender=Mission, mission=mission, changes=changed, write=write)
    return changed


#: The fields compared when a mission is saved whole: every field a form can edit (a related
#: row by its key), with the first phone number as people read it besides the list.
_SAVED_FIELDS = (
    "phone",
    *(f.attname for f in Mission._meta.concrete_fields if f.editable and not f.primary_key),
)


def mission_save(mission: Mission, *, write: MissionWrite) -> Changes:
    """Save a mission edited as a whole (the admin's form) and tell the receivers what
    changed. Returns what changed (nothing for a new mission)."""
    with transaction.atomic():
        before = Mission.objects.filter(pk=mission.pk).first() if mission.pk else None
        Placer().place(mission)
        mission.save()
        if before is None:
            return {}
        changed: Changes = {}
        for field in _SAVED_FIELDS:
            old, new = mission_field_value(before, field), mission_field_value(mission, field)
            if old != new:
                changed[field] = (old, new)
        if changed:
            mission_updated.send(sender=Mission, mission=mission, changes=changed, write=write)
    return changed


def _mission_slug(name: str) -> str:
    return slug_base(name, max_length=180, fallback="mission")


def mission_create(
    values: dict[str, Any], *, wikidata_id: str | None, source: str, source_id: str
) -> Mission:
    """A new mission with `values` (model fields), first seen now; its slug is its name's,
    or its name's and its ID's (its source's record ID when it has no QID) when another
    mission has that one."""
    now = timezone.now()
    mission = Mission(
        wikidata_id=wikidata_id,
        source=source,
        source_id=source_id,
        first_seen=now,
        last_seen=now,
        **values,
    )
    mission.slug = slug_unique_in(
        Mission.objects.all(),
        _mission_slug(mission.name),
        qualifier=wikidata_id or source_id.replace("/", "-"),
    )
    Placer().place(mission)
    mission.save()
    return mission


@dataclass(frozen=True)
class MissionRow:
    """One mission as a source gives it, ready to store."""

    wikidata_id: str
    #: Model field → value, for the fields in IMPORTED_FIELDS that come from the source.
    values: dict[str, Any]
    jurisdiction_ids: list[int]
    #: Stored as `source_hash`: a row with the stored fingerprint has nothing new.
    fingerprint: str
    #: Closed when the source says the mission closed (it is kept, never deleted).
    status: str = MissionStatus.ACTIVE


@dataclass
class MissionsWritten:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    withdrawn: int = 0
    conflicts: int = 0


def missions_import_write(
    rows: Sequence[MissionRow],
    *,
    source: str,
    run: models.Model,
    seen_at: dt.datetime,
    present: Collection[str] = (),
    progress: Callable[[int], object] | None = None,
) -> MissionsWritten:
    """Upsert one source's complete set of missions on their Wikidata IDs, in batches.

    A row with the stored fingerprint only marks its mission seen. Active missions that are
    in neither `rows` nor `present` (IDs still in the source whose rows were not written)
    are withdrawn, if they come from `source`. `progress` is told each batch's size.
    """
    written = MissionsWritten()
    write = MissionWrite(actor="import", source=source, owned=False, import_run_id=run.pk)
    existing = {
        row[0]: row[1:]
        for row in Mission.objects.exclude(wikidata_id=None).values_list(
            "wikidata_id", "id", "source_hash", "status"
        )
    }
    slugs = set(Mission.objects.values_list("slug", flat=True))
    placer = Placer()
    through = Mission.jurisdictions.through
    seen: set[str] = set(present)

    for start in range(0, len(rows), BATCH_SIZE):
        batch = rows[start : start + BATCH_SIZE]
        to_create: list[tuple[Mission, list[int]]] = []
        to_update: list[tuple[Mission, list[int]]] = []
        unchanged: list[int] = []
        for row in batch:
            seen.add(row.wikidata_id)
            found = existing.get(row.wikidata_id)
            if found and found[1] == row.fingerprint and found[2] == row.status:
                unchanged.append(found[0])
                continue
            mission = Mission(
                wikidata_id=row.wikidata_id,
                source=source,
                source_id=row.wikidata_id,
                source_hash=row.fingerprint,
                status=row.status,
                last_seen=seen_at,
                last_import_run_id=run.pk,
                **row.values,
            )
            if mission.territory_id is None:  # a source that does not place its missions
                placer.place(mission)
            if found:
                mission.pk = found[0]
                mission.updated_at = timezone.now()
                to_update.append((mission, row.jurisdiction_ids))
            else:
                mission.first_seen = seen_at
                mission.slug = slug_unique(
                    _mission_slug(mission.name), slugs, qualifier=row.wikidata_id
                )
                to_create.append((mission, row.jurisdiction_ids))

        Mission.objects.bulk_create([m for m, _ in to_create], batch_size=BATCH_SIZE)
        if to_update:
            updates = [m for m, _ in to_update]
            for _, conflicts in missions_importing.send(
                sender=Mission, missions=updates, write=write
            ):
                written.conflicts += int(conflicts or 0)
            Mission.objects.bulk_update(updates, IMPORTED_FIELDS, batch_size=BATCH_SIZE)
            through.objects.filter(mission_id__in=[m.pk for m in updates]).delete()
        through.objects.bulk_create(
            [
                through(mission_id=mission.pk, country_id=country_id)
                for mission, ids in (*to_create, *to_update)
                for country_id in ids
            ],
            batch_size=1000,
        )
        if unchanged:
            Mission.objects.filter(pk__in=unchanged).update(last_seen=seen_at, last_import_run=run)
        written.created += len(to_create)
        written.updated += len(to_update)
        written.unchanged += len(unchanged)
        if progress is not None:
            progress(len(batch))

    gone = [
        pk
        for qid, (pk, _, status) in existing.items()
        if qid not in seen and status == MissionStatus.ACTIVE
    ]
    for start in range(0, len(gone), BATCH_SIZE):
        written.withdrawn += Mission.objects.filter(
            pk__in=gone[start : start + BATCH_SIZE], source=source
        ).update(status=MissionStatus.WITHDRAWN, last_import_run=run)
    return written
