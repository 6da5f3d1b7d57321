"""Names and slugs for missions, built from their kind, sender, host and city."""

from __future__ import annotations

from django.utils import translation

from chancery.countries.models import with_article

from .models import CONSULAR_KINDS, MissionKind

# The source's type labels (case-insensitive) → kind. Labels not listed map to OTHER and are
# reported by the importer. A consular agency is the lowest career consular post (Vienna
# Convention on Consular Relations, art. 9), so it sits with vice-consulates.
TYPE_LABEL_KINDS: dict[str, MissionKind] = {
    "embassy": MissionKind.EMBASSY,
    "embassy of the united states": MissionKind.EMBASSY,
    "high commission": MissionKind.HIGH_COMMISSION,
    "british high commission": MissionKind.HIGH_COMMISSION,
    "australian high commission": MissionKind.HIGH_COMMISSION,
    "consulate general": MissionKind.CONSULATE_GENERAL,
    "consulate-general": MissionKind.CONSULATE_GENERAL,
    "consulate general of sweden": MissionKind.CONSULATE_GENERAL,
    "consulate general of belgium": MissionKind.CONSULATE_GENERAL,
    "deputy high commission": MissionKind.CONSULATE_GENERAL,
    "consulate": MissionKind.CONSULATE,
    "consular office": MissionKind.CONSULATE,
    "consulates of sweden": MissionKind.CONSULATE,
    "assistant high commission": MissionKind.CONSULATE,
    "vice-consulate": MissionKind.VICE_CONSULATE,
    "vice consulate": MissionKind.VICE_CONSULATE,
    "consular agency": MissionKind.VICE_CONSULATE,
    "honorary consulate": MissionKind.HONORARY_CONSULATE,
    "honorary consulate general": MissionKind.HONORARY_CONSULATE,
    "apostolic nunciature": MissionKind.NUNCIATURE,
    "permanent mission": MissionKind.PERMANENT_MISSION,
    "apostolic delegation": MissionKind.DELEGATION,
    "delegation": MissionKind.DELEGATION,
    "quebec government office": MissionKind.DELEGATION,
    "de facto embassy": MissionKind.REPRESENTATIVE_OFFICE,
    "de facto consulate": MissionKind.REPRESENTATIVE_OFFICE,
    "representative office": MissionKind.REPRESENTATIVE_OFFICE,
    "taipei representative office": MissionKind.REPRESENTATIVE_OFFICE,
    "trade office": MissionKind.REPRESENTATIVE_OFFICE,
    "interests section": MissionKind.INTERESTS_SECTION,
    "liaison office": MissionKind.LIAISON_OFFICE,
    "diplomatic mission": MissionKind.OTHER,
    "diplomatic mission of el salvador": MissionKind.OTHER,
}


def kind_for_label(label: str) -> tuple[MissionKind, bool]:
    """The kind for a source type label, and whether the label is known."""
    kind = TYPE_LABEL_KINDS.get(" ".join(label.casefold().split()))
    return (kind, True) if kind else (MissionKind.OTHER, False)


def mission_name(kind: str, sender: str, host: str, city: str = "") -> str:
    """'Embassy of Germany in Russia', 'Consulate-General of France in Saint Petersburg'.

    Names are stored data, always in English whatever language the request is in."""
    with translation.override("en"):
        label = str(MissionKind(kind).label)
    place = city if (kind in CONSULAR_KINDS and city) else with_article(host)
    if kind == MissionKind.NUNCIATURE:
        return f"{label} in {place}"
    if kind == MissionKind.PERMANENT_MISSION:
        return f"{label} of {with_article(sender)} to {place}"
    return f"{label} of {with_article(sender)} in {place}"
