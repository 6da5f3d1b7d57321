"""Every change to a mission, recorded; each field's provenance; editors' values kept.

Missions are written through the directory's door (`chancery.directory.services`), whoever
writes them: an import, an editor in the admin, an accepted suggestion, a rollback. The door
announces each write, and the receivers here (connected when the app is ready) turn it into a
`MissionChange` per field and the field's `FieldProvenance`.

A field an editor set is never overwritten by a later import: before an import writes, its
value for such a field is put back to the editor's, and becomes a conflict in the moderation
queue instead.
"""

from __future__ import annotations

import json
from typing import Any

from django.dispatch import receiver
from django.utils import timezone

from chancery.directory.models import Mission, MissionStatus
from chancery.directory.services import (
    Changes,
    MissionWrite,
    mission_field_value,
    mission_updated,
    missions_importing,
)

from .models import (
    GUARDED_FIELDS,
    ActorKind,
    FieldProvenance,
    MissionChange,
    Suggestion,
    SuggestionKind,
    SuggestionStatus,
)

#: The fields whose every change is recorded, in the order the history lists them.
RECORDED_FIELDS = (*GUARDED_FIELDS, "status")


@receiver(mission_updated, sender=Mission, dispatch_uid="corrections-mission-updated")
def mission_changes_record(
    sender: type, *, mission: Mission, changes: Changes, write: MissionWrite, **_kwargs: object
) -> None:
    """Record each changed field, and move its provenance to this write."""
    now = timezone.now()
    user = write.user if write.user is not None and write.user.is_authenticated else None
    recorded = []
    for field in RECORDED_FIELDS:
        if field not in changes:
            continue
        old, new = changes[field]
        recorded.append(
            MissionChange(
                mission=mission,
                field=field,
                old_value=old,
                new_value=new,
                actor_kind=write.actor,
                user=user,
                source=write.source,
                evidence_url=write.evidence_url,
                suggestion_id=write.suggestion_id,
            )
        )
        if field == "status" and write.actor == ActorKind.ROLLBACK:
            continue  # a status put back keeps the provenance it had
        FieldProvenance.objects.update_or_create(
            mission=mission,
            field=field,
            defaults={
                "source": write.source,
                "evidence_url": write.evidence_url,
                "verified_at": now,
                "by_editor": write.owned,
            },
        )
    MissionChange.objects.bulk_create(recorded)


@receiver(missions_importing, sender=Mission, dispatch_uid="corrections-missions-importing")
def import_guard(
    sender: type, *, missions: list[Mission], write: MissionWrite, **_kwargs: object
) -> int:
    """Before an import updates `missions`: keep editors' values (raising a conflict for each
    mission whose import values differ) and record what the import changes. Returns the number
    of conflicts raised."""
    if not missions:
        return 0
    run_id, source = write.import_run_id, write.source
    current = {m.pk: m for m in Mission.objects.filter(pk__in=[m.pk for m in missions])}
    owned: dict[int, set[str]] = {}
    for mission_id, field in FieldProvenance.objects.filter(
        mission_id__in=current, by_editor=True
    ).values_list("mission_id", "field"):
        owned.setdefault(mission_id, set()).add(field)
    for mission in current.values():
        if mission.status == MissionStatus.CLOSED:
            owned.setdefault(mission.pk, set()).add("status")  # closed by an editor's decision
    # Conflicts already raised, pending or decided against: the same values are not raised again.
    pending = {
        (s.mission_id, _signature(s.changes))
        for s in Suggestion.objects.filter(
            mission_id__in=owned,
            kind=SuggestionKind.CONFLICT,
            status__in=(SuggestionStatus.PENDING, SuggestionStatus.REJECTED),
        )
    }
    changes: list[MissionChange] = []
    conflicts: list[Suggestion] = []
    for new in missions:
        old = current.get(new.pk)
        if old is None:
            continue
        editor_fields = owned.get(new.pk, set())
        proposed: dict[str, Any] = {}
        for field in GUARDED_FIELDS:
            before, after = mission_field_value(old, field), mission_field_value(new, field)
            if before == after:
                continue
            if field in editor_fields:
                proposed[field] = after
                if field == "phone":
                    new.phones = old.phones
                else:
                    setattr(new, field, getattr(old, field))
                continue
            changes.append(
                MissionChange(
                    mission_id=new.pk,
                    field=field,
                    old_value=before,
                    new_value=after,
                    actor_kind=ActorKind.IMPORT,
                    import_run_id=run_id,
                    source=source,
                )
            )
        if "status" in editor_fields and new.status != old.status:
            proposed["status"] = new.status
            new.status = old.status
        if proposed:
            signature = (new.pk, _signature(proposed))
            if signature not in pending:
                pending.add(signature)
                conflicts.append(
                    Suggestion(
                        kind=SuggestionKind.CONFLICT,
                        mission_id=new.pk,
                        changes=proposed,
                        note=f"The {source} import brings values that differ from an editor's.",
                        import_run_id=run_id,
                    )
                )
    MissionChange.objects.bulk_create(changes, batch_size=1000)
    Suggestion.objects.bulk_create(conflicts)
    return len(conflicts)


def _signature(changes: dict[str, Any]) -> str:
    return json.dumps(changes, sort_keys=True, default=str)
