"""How complete the directory's contacts are: for each field, the share of active missions that
have a value — on the mission itself (the value pages show), and in each source's records.

`manage.py source_coverage` prints it; `--json` gives the same for the benchmarks.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from chancery.directory.models import Mission, MissionStatus, SourceLink, SourceValue
from chancery.directory.sourcing import rank_of


@dataclass(frozen=True)
class CoverageField:
    """A field as coverage counts it: its name, when a mission has it, and its SourceValue name."""

    name: str
    on_mission: Q
    source_field: str


#: The fields counted, in the order they are printed.
FIELDS: tuple[CoverageField, ...] = (
    CoverageField("phone", ~Q(phones=[]), "phones"),
    CoverageField("email", ~Q(email=""), "email"),
    CoverageField("website", ~Q(website=""), "website"),
    CoverageField("address", ~Q(address=""), "address"),
    CoverageField("hours", ~Q(opening_hours=""), "opening_hours"),
    CoverageField("coordinates", Q(latitude__isnull=False), "coordinates"),
    CoverageField("town", ~Q(city=""), "city"),
)
#: A stored value that says nothing (a source module may keep an empty list or string).
EMPTY_VALUE = Q(value="") | Q(value=[]) | Q(value={})


def _share(count: int, total: int) -> float:
    return round(count / total, 4) if total else 0.0


@dataclass
class Coverage:
    """Counts of active missions with a value, per field: `overall` from the mission rows,
    `by_source[provider]` from that provider's records. Shares are of all active missions."""

    missions: int
    overall: dict[str, int]
    by_source: dict[str, dict[str, int]] = field(default_factory=dict)
    #: Active missions with at least one record from each provider.
    linked: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        def shares(counts: dict[str, int]) -> dict[str, dict[str, float | int]]:
            return {
                name: {"count": counts[name], "share": _share(counts[name], self.missions)}
                for name in counts
            }

        return {
            "missions": self.missions,
            "fields": [f.name for f in FIELDS],
            "overall": shares(self.overall),
            "by_source": {
                source: {
                    "missions": self.linked.get(source, 0),
                    "share": _share(self.linked.get(source, 0), self.missions),
                    "fields": shares(counts),
                }
                for source, counts in self.by_source.items()
            },
        }

    def table(self) -> list[str]:
        """A text table: a row per field, a column overall and one per source."""

        def cell(count: int) -> str:
            return f"{count:,} ({100 * _share(count, self.missions):.1f}%)"

        sources = list(self.by_source)
        rows = [["field", "overall", *sources]]
        rows.append(["missions", f"{self.missions:,}", *(cell(self.linked[s]) for s in sources)])
        for f in FIELDS:
            rows.append(
                [
                    f.name,
                    cell(self.overall[f.name]),
                    *(cell(self.by_source[s][f.name]) for s in sources),
                ]
            )
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        lines = []
        for row in rows:
            first, *rest = row
            lines.append(
                "  ".join(
                    [
                        first.ljust(widths[0]),
                        *(c.rjust(w) for c, w in zip(rest, widths[1:], strict=True)),
                    ]
                )
            )
        return lines


def source_coverage(missions: QuerySet[Mission] | None = None) -> Coverage:
    """Coverage of `missions` (default: every active mission), overall and by source."""
    scope = (
        Mission.objects.active()
        if missions is None
        else missions.filter(status=MissionStatus.ACTIVE)
    )
    overall = scope.aggregate(
        total=Count("pk"), **{f.name: Count("pk", filter=f.on_mission) for f in FIELDS}
    )
    total = overall.pop("total")

    linked = dict(
        SourceLink.objects.filter(mission__in=scope)
        .values_list("source")
        .annotate(n=Count("mission", distinct=True))
        .order_by()
    )
    names = {f.source_field: f.name for f in FIELDS}
    found = (
        SourceValue.objects.filter(link__mission__in=scope, field__in=names)
        .exclude(EMPTY_VALUE)
        .values_list("link__source", "field")
        .annotate(n=Count("link__mission", distinct=True))
        .order_by()
    )
    by_source = {
        source: dict.fromkeys(names.values(), 0)
        for source in sorted(linked, key=lambda s: (rank_of(s), s))
    }
    for source, source_field, count in found:
        by_source.setdefault(source, dict.fromkeys(names.values(), 0))[names[source_field]] = count
    return Coverage(missions=total, overall=overall, by_source=by_source, linked=linked)
