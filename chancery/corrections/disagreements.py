"""Sources that disagree on a field, put before editors in the moderation queue.

When two sources give different values for one field of a mission (GOV.UK's phone number and
Wikidata's), the mission shows the value the precedence chooses and the directory's door
announces the disagreement (`sources_disagree`). Each becomes a suggestion of kind
"disagreement" proposing the other source's value, with the record it comes from as its
evidence: accepting it makes that value the editors', which no import overwrites. The same
disagreement is raised once: pending or already rejected, it is not raised again.
"""

from __future__ import annotations

import json
from typing import Any

from django.dispatch import receiver

from chancery.directory.addresses import address_text
from chancery.directory.models import Mission
from chancery.directory.services import MissionWrite
from chancery.directory.source_values import Disagreement, SourcedValue, sources_disagree
from chancery.directory.sourcing import provider_name

from .models import Suggestion, SuggestionKind, SuggestionStatus


def _proposal(value: SourcedValue) -> dict[str, Any]:
    """The other source's value as the editable fields a suggestion changes."""
    if value.field == "phones":
        numbers = [str(item.get("number", "")) for item in value.value or []]
        return {"phone": numbers[0]} if numbers else {}
    if value.field == "address":
        parts = dict(value.value or {})
        return {"address": address_text(parts, country_code=parts.get("country_code", ""))}
    if value.field == "coordinates":
        latitude, longitude = value.value
        return {"latitude": latitude, "longitude": longitude}
    if value.field == "email":
        return {"email": str(value.value).removeprefix("mailto:")}
    return {value.field: value.value}


def _said(value: SourcedValue) -> str:
    shown = value.value
    if value.field == "phones":
        shown = ", ".join(str(item.get("number", "")) for item in value.value or [])
    elif value.field == "address":
        shown = address_text(dict(value.value or {}), country_code="")
    elif value.field == "email":
        shown = str(value.value).removeprefix("mailto:")
    return f"{provider_name(value.provider)} ({value.record_id}): {shown}"


@receiver(sources_disagree, sender=Mission, dispatch_uid="corrections-sources-disagree")
def disagreements_raise(
    sender: type, *, disagreements: list[Disagreement], write: MissionWrite, **_kwargs: object
) -> int:
    """Raise each new disagreement as a suggestion; returns how many were raised."""
    missions = {d.mission_id for d in disagreements}
    raised_before = {
        (s.mission_id, json.dumps(s.changes, sort_keys=True, default=str))
        for s in Suggestion.objects.filter(
            mission_id__in=missions,
            kind=SuggestionKind.DISAGREEMENT,
            status__in=(SuggestionStatus.PENDING, SuggestionStatus.REJECTED),
        )
    }
    new: list[Suggestion] = []
    for disagreement in disagreements:
        for other in disagreement.others:
            changes = _proposal(other)
            if not changes:
                continue
            key = (disagreement.mission_id, json.dumps(changes, sort_keys=True, default=str))
            if key in raised_before:
                continue
            raised_before.add(key)
            new.append(
                Suggestion(
                    kind=SuggestionKind.DISAGREEMENT,
                    mission_id=disagreement.mission_id,
                    changes=changes,
                    note=(
                        f"Sources disagree on {disagreement.field}. Shown: "
                        f"{_said(disagreement.chosen)}. Also given: {_said(other)}."
                    ),
                    evidence_url=other.record_url[:1000],
                    import_run_id=write.import_run_id,
                )
            )
    Suggestion.objects.bulk_create(new)
    return len(new)
