from __future__ import annotations

from django.db.models import QuerySet

from chancery.directory.models import Mission, MissionKind

from .domains import PRIVATE, UNOFFICIAL, domain_status
from .models import FieldProvenance, MissionChange


def mission_history(mission: Mission) -> QuerySet[MissionChange]:
    return MissionChange.objects.filter(mission=mission).select_related("import_run")


def mission_provenance(mission: Mission) -> dict[str, FieldProvenance]:
    return {p.field: p for p in FieldProvenance.objects.filter(mission=mission)}


def domain_checks(mission: Mission) -> dict[str, str]:
    """Each contact's domain status; an honorary consul's own domain is "private", not a warning."""
    code = mission.sending_country.iso_alpha2 or ""
    out = {
        "website": domain_status(code, mission.website),
        "email": domain_status(code, mission.email_address),
    }
    if mission.kind == MissionKind.HONORARY_CONSULATE:
        out = {key: PRIVATE if value == UNOFFICIAL else value for key, value in out.items()}
    return out
