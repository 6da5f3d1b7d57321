"""The moderation workflow: suggestions submitted, accepted, rejected and merged; rollbacks.

What an accepted suggestion or a rollback changes is written through the directory's door
(`chancery.directory.services`), which every writer of missions shares; the history of each
change and each field's provenance are recorded on the door's signals (`history`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from chancery.countries.models import Country
from chancery.directory.models import Mission, MissionKind
from chancery.directory.naming import mission_name
from chancery.directory.services import (
    MissionWrite,
    mission_create,
    mission_update,
)

from .domains import ContactFlag, contact_flags
from .models import (
    EDITABLE_FIELDS,
    ActorKind,
    FieldProvenance,
    MissionChange,
    Suggestion,
    SuggestionKind,
    SuggestionStatus,
)

logger = logging.getLogger(__name__)


def suggestion_submit(
    kind: str,
    changes: dict[str, Any],
    *,
    mission: Mission | None = None,
    host: Country | None = None,
    sender: Country | None = None,
    note: str = "",
    evidence_url: str = "",
    email: str = "",
    client_hash: str = "",
) -> Suggestion:
    """Queue a suggestion about `mission` (or a missing mission from `sender` in `host`).

    A website or email that is not a safe address, or not on its government's known domains,
    flags it for a closer look.
    """
    sending = mission.sending_country if mission is not None else sender
    code = (sending.iso_alpha2 or "") if sending is not None else ""
    flags = [flag.reason for flag in contact_flags(code, changes).values()]
    return Suggestion.objects.create(
        kind=kind,
        mission=mission,
        host_country=host,
        sending_country=sender,
        changes=changes,
        note=note,
        evidence_url=evidence_url,
        email=email,
        needs_extra_review=bool(flags),
        review_flags=flags,
        client_hash=client_hash,
    )


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


def suggestion_accept(suggestion: Suggestion, user: User) -> Mission:
    """Apply a suggestion (or create the missing mission) and tell the submitter."""
    if suggestion.status != SuggestionStatus.PENDING:
        raise ValueError(f"suggestion {suggestion.pk} is already {suggestion.status}")
    mission: Mission | None
    with transaction.atomic():
        if suggestion.kind == SuggestionKind.NEW_MISSION:
            mission = _mission_from_suggestion(suggestion)
        else:
            mission = suggestion.mission
            assert mission is not None
            conflict = suggestion.kind == SuggestionKind.CONFLICT
            # An accepted conflict is an editor taking the source's value, not the public's:
            # the value stays the source's, which later imports may update.
            write = MissionWrite(
                actor=ActorKind.EDITOR if conflict else ActorKind.SUGGESTION,
                source=mission.source if conflict else "suggestion",
                user=user,
                evidence_url=suggestion.evidence_url,
                owned=not conflict,
                suggestion_id=suggestion.pk,
            )
            mission_update(mission, suggestion.changes, write=write)
            if conflict:
                # Also the fields that already held the source's value.
                FieldProvenance.objects.filter(
                    mission=mission,
                    field__in=[field for field in suggestion.changes if field != "status"],
                ).update(by_editor=False)
        suggestion.status = SuggestionStatus.ACCEPTED
        suggestion.decided_by = user
        suggestion.decided_at = timezone.now()
        suggestion.save()
    _notify(
        suggestion,
        "Your correction was accepted",
        f"Thank you. Your suggestion about {_target(suggestion)} was checked and applied.",
    )
    return mission


def _mission_from_suggestion(suggestion: Suggestion) -> Mission:
    changes = suggestion.changes
    sender, host = suggestion.sending_country, suggestion.host_country
    if sender is None or host is None:
        raise ValueError("a missing-mission suggestion needs a sending and a host country")
    kind = changes.get("kind") or MissionKind.CONSULATE
    city = changes.get("city", "")
    mission = mission_create(
        {
            "name": changes.get("name")
            or mission_name(MissionKind(kind), sender.name, host.name, city),
            "kind": kind,
            "sending_country": sender,
            "host_country": host,
            "city": city,
        },
        wikidata_id=f"S{suggestion.pk}",
        source="suggestion",
        source_id=str(suggestion.pk),
    )
    mission_update(
        mission,
        {f: v for f, v in changes.items() if f in EDITABLE_FIELDS and f not in ("name", "city")},
        write=MissionWrite(
            actor=ActorKind.SUGGESTION,
            source="suggestion",
            evidence_url=suggestion.evidence_url,
            suggestion_id=suggestion.pk,
        ),
    )
    # The name and the city were set when the mission was created: not changes, but theirs.
    for field in ("name", "city"):
        FieldProvenance.objects.update_or_create(
            mission=mission,
            field=field,
            defaults={
                "source": "suggestion",
                "evidence_url": suggestion.evidence_url,
                "verified_at": mission.first_seen,
                "by_editor": True,
            },
        )
    suggestion.mission = mission
    return mission


def suggestion_reject(suggestion: Suggestion, user: User, reason: str) -> None:
    if suggestion.status != SuggestionStatus.PENDING:
        raise ValueError(f"suggestion {suggestion.pk} is already {suggestion.status}")
    suggestion.status = SuggestionStatus.REJECTED
    suggestion.reason = reason
    suggestion.decided_by = user
    suggestion.decided_at = timezone.now()
    suggestion.save()
    _notify(
        suggestion,
        "Your correction was not applied",
        f"Thank you for your suggestion about {_target(suggestion)}. It was not applied"
        + (f": {reason}" if reason else ".")
        + "",
    )


def suggestion_merge(duplicates: Iterable[Suggestion], into: Suggestion, user: User) -> int:
    """Close duplicates of one suggestion, keeping their evidence on the one kept."""
    merged = 0
    for suggestion in duplicates:
        if suggestion.pk == into.pk or suggestion.status != SuggestionStatus.PENDING:
            continue
        suggestion.status = SuggestionStatus.MERGED
        suggestion.duplicate_of = into
        suggestion.decided_by = user
        suggestion.decided_at = timezone.now()
        suggestion.save()
        if suggestion.evidence_url and suggestion.evidence_url not in into.note:
            into.note = (
                into.note + f"\nAlso reported with evidence {suggestion.evidence_url}"
            ).strip()
        merged += 1
    into.save()
    return merged


def change_rollback(change: MissionChange, user: User) -> None:
    """Put a field back to its value before `change` (recorded as a change of its own)."""
    mission_update(
        change.mission,
        {change.field: change.old_value},
        write=MissionWrite(actor=ActorKind.ROLLBACK, source="editor", user=user),
    )
