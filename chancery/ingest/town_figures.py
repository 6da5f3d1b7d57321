"""How many missions' towns differ from their source's label, and why some have none."""

from __future__ import annotations

from dataclasses import dataclass, field

from chancery.directory.models import Mission

from .towns import Missing

#: A mission whose source names its place, without coordinates, whose town is empty now.
EMPTIED = "emptied since the import (an editor's change)"


def missing_reason(mission: Mission) -> str:
    """Why a mission has no town. The rule leaves a mission with coordinates without a town
    only when it is remote, and one without coordinates only when the source names no place."""
    if mission.has_coordinates:
        return Missing.REMOTE.value
    if mission.city_source_label:
        return EMPTIED
    return Missing.NO_PLACE.value


@dataclass
class TownFigures:
    active: int = 0
    changed: list[Mission] = field(default_factory=list)
    missing: dict[str, list[Mission]] = field(default_factory=dict)

    @property
    def missing_count(self) -> int:
        return sum(len(missions) for missions in self.missing.values())

    def lines(self, *, listing: bool = False) -> list[str]:
        out = [
            f"Towns of {self.active} active missions: {len(self.changed)} differ from the "
            f"source's label, {self.missing_count} have none."
        ]
        for reason, missions in sorted(self.missing.items(), key=lambda item: -len(item[1])):
            out.append(f"  without a town, {reason}: {len(missions)}")
        if listing:
            out.append("Changed (source label -> town):")
            out += [
                f"  {m.wikidata_id} {m.city_source_label!r} -> {m.city!r} ({m.name})"
                for m in self.changed
            ]
            for reason, missions in self.missing.items():
                out.append(f"Without a town, {reason}:")
                out += [f"  {m.wikidata_id} {m.name}" for m in missions]
        return out


def town_figures() -> TownFigures:
    """The figures for the active missions in the database."""
    figures = TownFigures()
    missing: dict[str, list[Mission]] = {}
    fields = ("wikidata_id", "name", "city", "city_source_label", "latitude", "longitude")
    for mission in Mission.objects.active().only(*fields).order_by("wikidata_id"):
        figures.active += 1
        if not mission.city:
            missing.setdefault(missing_reason(mission), []).append(mission)
        elif mission.city != mission.city_source_label:
            figures.changed.append(mission)
    figures.missing = missing
    return figures
