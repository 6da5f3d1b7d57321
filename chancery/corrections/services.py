"""Changing a mission through the one door that records it, and the moderation workflow.

Every change, whoever makes it (an editor in the admin, an accepted suggestion, an import, a
rollback), goes through `mission_update` or `import_guard`, which write a `MissionChange` per
field and keep each field's `FieldProvenance`. A field an editor set is never overwritten by a
later import: the import's value becomes a conflict in the moderation queue instead.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from chancery.directory.models import Mission, MissionKind, MissionStatus
from chancery.ingest.phones import phone_normalize

from .domains import ContactFlag, contact_flags
from .models import (
    EDITABLE_FIELDS,
    FIELD_LABELS,
    ActorKind,
    FieldProvenance,
    MissionChange,
    Suggestion,
    SuggestionKind,
    SuggestionStatus,
)

logger = logging.getLogger(__name__)


def field_value(mission: Mission, field: str) -> Any:
    if field == "phone":
        phones = mission.phones or []
        return phones[0].get("raw", "") if phones else ""
    if field == "email":
        return mission.email_address
    return getattr(mission, field)


def _set_field(mission: Mission, field: str, value: Any) -> None:
    if field == "phone":
        region = mission.host_country.iso_alpha2 if mission.host_country_id else None
        others = (mission.phones or [])[1:]
        mission.phones = ([phone_normalize(value, region)] if value else []) + others
    else:
        setattr(mission, field, value)


def mission_update(
    mission: Mission,
    changes: dict[str, Any],
    *,
    actor_kind: str,
    user: AbstractBaseUser | None = None,
    evidence_url: str = "",
    suggestion: Suggestion | None = None,
    source: str = "editor",
) -> list[MissionChange]:
    """Apply changes to a mission, recording each changed field and its provenance."""
    now = timezone.now()
    recorded: list[MissionChange] = []
    with transaction.atomic():
        if mission.pk:
            # Start from the stored row: an earlier change in the same request may have saved it.
            mission.refresh_from_db()
        for field, new in changes.items():
            old = field_value(mission, field)
            if old == new or (old in (None, "") and new in (None, "")):
                continue
            _set_field(mission, field, new)
            recorded.append(
                MissionChange(
                    mission=mission,
                    field=field,
                    old_value=old,
                    new_value=new,
                    actor_kind=actor_kind,
                    user=user if getattr(user, "is_authenticated", False) else None,
                    source=source,
                    evidence_url=evidence_url,
                    suggestion=suggestion,
                )
            )
            FieldProvenance.objects.update_or_create(
                mission=mission,
                field=field,
                defaults={
                    "source": source,
                    "evidence_url": evidence_url,
                    "verified_at": now,
                    "by_editor": actor_kind != ActorKind.IMPORT,
                },
            )
        if recorded:
            mission.save()
            MissionChange.objects.bulk_create(recorded)
    return recorded


def _import_value(mission: Mission, field: str) -> Any:
    return field_value(mission, field)


def import_guard(incoming: Iterable[Mission], run: Any, source: str) -> tuple[int, int]:
    """Before an import updates missions: keep editors' values (recording conflicts) and
    record what the import changes. Returns (changes recorded, conflicts raised)."""
    incoming = list(incoming)
    if not incoming:
        return 0, 0
    current = {m.pk: m for m in Mission.objects.filter(pk__in=[m.pk for m in incoming])}
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
    for new in incoming:
        old = current.get(new.pk)
        if old is None:
            continue
        editor_fields = owned.get(new.pk, set())
        proposed: dict[str, Any] = {}
        for field in EDITABLE_FIELDS:
            before, after = field_value(old, field), field_value(new, field)
            if before == after:
                continue
            if field in editor_fields:
                proposed[field] = after
                if field == "phone":
                    new.phones = old.phones
                elif field == "email":
                    new.email = old.email
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
                    import_run=run,
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
                        import_run=run,
                    )
                )
    MissionChange.objects.bulk_create(changes, batch_size=1000)
    Suggestion.objects.bulk_create(conflicts)
    return len(changes), len(conflicts)


def _signature(changes: dict[str, Any]) -> str:
    return json.dumps(changes, sort_keys=True, default=str)


def suggestion_flags(
    mission: Mission | None, changes: dict[str, Any], sending_code: str
) -> list[str]:
    """Reasons a suggestion needs a closer look (a non-official or unsafe website or email)."""
    return [flag.reason for flag in contact_flags(sending_code, changes).values()]


def suggestion_field_flags(suggestion: Suggestion) -> dict[str, ContactFlag]:
    """Field → flag for one suggestion: the same decision as its review flags, for a
    correction (the mission's sender) and a missing mission (the sender it names) alike."""
    sender = (
        suggestion.mission.sending_country if suggestion.mission else suggestion.sending_country
    )
    code = (sender.iso_alpha2 or "") if sender is not None else ""
    return contact_flags(code, suggestion.changes)


def _notify(suggestion: Suggestion, subject: str, body: str) -> None:
    if not suggestion.email:
        return
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [suggestion.email])
    except OSError:  # pragma: no cover - a mail server being down must not lose the decision
        logger.exception("could not email the outcome of suggestion %s", suggestion.pk)


def _target(suggestion: Suggestion) -> str:
    return suggestion.mission.name if suggestion.mission else "a missing mission"


def suggestion_accept(suggestion: Suggestion, user: AbstractBaseUser) -> Mission:
    """Apply a suggestion (or create the missing mission) and tell the submitter."""
    if suggestion.status != SuggestionStatus.PENDING:
        raise ValueError(f"suggestion {suggestion.pk} is already {suggestion.status}")
    with transaction.atomic():
        if suggestion.kind == SuggestionKind.NEW_MISSION:
            mission = _create_mission(suggestion)
        else:
            mission = suggestion.mission
            assert mission is not None
            changes = dict(suggestion.changes)
            status = changes.pop("status", None)
            conflict = suggestion.kind == SuggestionKind.CONFLICT
            # An accepted conflict is an editor taking the source's value, not the public's.
            kind = ActorKind.EDITOR if conflict else ActorKind.SUGGESTION
            source = mission.source if conflict else "suggestion"
            mission_update(
                mission,
                changes,
                actor_kind=kind,
                user=user,
                evidence_url=suggestion.evidence_url,
                suggestion=suggestion,
                source=source,
            )
            if status and mission.status != status:
                MissionChange.objects.create(
                    mission=mission,
                    field="status",
                    old_value=mission.status,
                    new_value=status,
                    actor_kind=kind,
                    user=user,
                    source=source,
                    evidence_url=suggestion.evidence_url,
                    suggestion=suggestion,
                )
                FieldProvenance.objects.update_or_create(
                    mission=mission,
                    field="status",
                    defaults={
                        "source": source,
                        "evidence_url": suggestion.evidence_url,
                        "verified_at": timezone.now(),
                        "by_editor": not conflict,
                    },
                )
                mission.status = status
                mission.save(update_fields=["status", "updated_at"])
            if suggestion.kind == SuggestionKind.CONFLICT:
                # The editor took the source's value: imports may update these fields again.
                FieldProvenance.objects.filter(mission=mission, field__in=changes).update(
                    by_editor=False
                )
        suggestion.status = SuggestionStatus.ACCEPTED
        suggestion.decided_by = user  # type: ignore[assignment]
        suggestion.decided_at = timezone.now()
        suggestion.save()
    _notify(
        suggestion,
        "Your correction was accepted",
        f"Thank you. Your suggestion about {_target(suggestion)} was checked and applied.",
    )
    return mission


def _create_mission(suggestion: Suggestion) -> Mission:
    from chancery.directory.naming import mission_name

    changes = suggestion.changes
    sender, host = suggestion.sending_country, suggestion.host_country
    if sender is None or host is None:
        raise ValueError("a missing-mission suggestion needs a sending and a host country")
    kind = changes.get("kind") or MissionKind.CONSULATE
    now = timezone.now()
    mission = Mission(
        wikidata_id=f"S{suggestion.pk}",
        slug=f"{sender.slug}-in-{host.slug}-{suggestion.pk}",
        name=changes.get("name")
        or mission_name(MissionKind(kind), sender.name, host.name, changes.get("city", "")),
        kind=kind,
        sending_country=sender,
        host_country=host,
        city=changes.get("city", ""),
        source="suggestion",
        source_id=str(suggestion.pk),
        first_seen=now,
        last_seen=now,
    )
    mission.save()
    mission_update(
        mission,
        {f: v for f, v in changes.items() if f in EDITABLE_FIELDS and f not in ("name", "city")},
        actor_kind=ActorKind.SUGGESTION,
        evidence_url=suggestion.evidence_url,
        suggestion=suggestion,
        source="suggestion",
    )
    for field in ("name", "city"):
        FieldProvenance.objects.update_or_create(
            mission=mission,
            field=field,
            defaults={
                "source": "suggestion",
                "evidence_url": suggestion.evidence_url,
                "verified_at": now,
                "by_editor": True,
            },
        )
    suggestion.mission = mission
    return mission


def suggestion_reject(suggestion: Suggestion, user: AbstractBaseUser, reason: str) -> None:
    if suggestion.status != SuggestionStatus.PENDING:
        raise ValueError(f"suggestion {suggestion.pk} is already {suggestion.status}")
    suggestion.status = SuggestionStatus.REJECTED
    suggestion.reason = reason
    suggestion.decided_by = user  # type: ignore[assignment]
    suggestion.decided_at = timezone.now()
    suggestion.save()
    _notify(
        suggestion,
        "Your correction was not applied",
        f"Thank you for your suggestion about {_target(suggestion)}. It was not applied"
        + (f": {reason}" if reason else ".")
        + "",
    )


def suggestion_merge(
    duplicates: Iterable[Suggestion], into: Suggestion, user: AbstractBaseUser
) -> int:
    """Close duplicates of one suggestion, keeping their evidence on the one kept."""
    merged = 0
    for suggestion in duplicates:
        if suggestion.pk == into.pk or suggestion.status != SuggestionStatus.PENDING:
            continue
        suggestion.status = SuggestionStatus.MERGED
        suggestion.duplicate_of = into
        suggestion.decided_by = user  # type: ignore[assignment]
        suggestion.decided_at = timezone.now()
        suggestion.save()
        if suggestion.evidence_url and suggestion.evidence_url not in into.note:
            into.note = (
                into.note + f"\nAlso reported with evidence {suggestion.evidence_url}"
            ).strip()
        merged += 1
    into.save()
    return merged


def change_rollback(change: MissionChange, user: AbstractBaseUser) -> list[MissionChange]:
    """Put a field back to its value before `change` (recorded as a change of its own)."""
    mission = change.mission
    mission.refresh_from_db()
    if change.field == "status":
        recorded = MissionChange.objects.create(
            mission=mission,
            field="status",
            old_value=mission.status,
            new_value=change.old_value,
            actor_kind=ActorKind.ROLLBACK,
            user=user,
            source="editor",
        )
        mission.status = change.old_value
        mission.save(update_fields=["status", "updated_at"])
        return [recorded]
    return mission_update(
        mission,
        {change.field: change.old_value},
        actor_kind=ActorKind.ROLLBACK,
        user=user,
        source="editor",
    )


def describe(field: str) -> str:
    return FIELD_LABELS.get(field, field)


def record_editor_change(
    before: Mission, after: Mission, user: AbstractBaseUser, evidence_url: str = ""
) -> list[MissionChange]:
    """An editor saved a mission in the admin: record each changed field and own it."""
    now = timezone.now()
    recorded = []
    for field in (*EDITABLE_FIELDS, "status"):
        old = field_value(before, field) if field != "status" else before.status
        new = field_value(after, field) if field != "status" else after.status
        if old == new:
            continue
        recorded.append(
            MissionChange(
                mission=after,
                field=field,
                old_value=old,
                new_value=new,
                actor_kind=ActorKind.EDITOR,
                user=user,
                source="editor",
                evidence_url=evidence_url,
            )
        )
        FieldProvenance.objects.update_or_create(
            mission=after,
            field=field,
            defaults={
                "source": "editor",
                "evidence_url": evidence_url,
                "verified_at": now,
                "by_editor": True,
            },
        )
    MissionChange.objects.bulk_create(recorded)
    return recorded
