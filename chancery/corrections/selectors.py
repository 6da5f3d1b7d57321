from __future__ import annotations

from django.db.models import QuerySet

from chancery.directory.models import Mission, MissionKind

from .domains import PRIVATE, UNOFFICIAL, address_problem, domain_status
from .models import FieldProvenance, MissionChange


def mission_history(mission: Mission) -> QuerySet[MissionChange]:
    return MissionChange.objects.filter(mission=mission).select_related("import_run")


def mission_provenance(mission: Mission) -> dict[str, FieldProvenance]:
    return {p.field: p for p in FieldProvenance.objects.filter(mission=mission)}


def domain_checks(mission: Mission) -> dict[str, str | bool]:
    """Each contact's domain status; an honorary consul's own domain is "private", not a
    warning. `<field>_unsafe` is true for an address written to mislead (stored before the
    checks refused such values): it is flagged and shown as text, never as a link."""
    code = mission.sending_country.iso_alpha2 or ""
    values = {"website": mission.website, "email": mission.email_address}
    out: dict[str, str | bool] = {}
    for field, value in values.items():
        unsafe = bool(address_problem(value))
        status = domain_status(code, value)
        if mission.kind == MissionKind.HONORARY_CONSULATE and status == UNOFFICIAL and not unsafe:
            status = PRIVATE
        out[field], out[f"{field}_unsafe"] = status, unsafe
    return out
