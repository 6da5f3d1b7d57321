"""Reading TopoJSON: shapes whose shared borders are stored once, as arcs.

The world-atlas country shapes (Natural Earth) come in this format. A geometry lists the arcs
of each ring by index; `~i` (that is, `-i - 1`) means arc `i` walked backwards. With a
`transform`, the positions of each arc are quantized integers, each one stored as the
difference from the one before it. See the TopoJSON specification,
https://github.com/topojson/topojson-specification.

Only what area maps need is read: polygons and multipolygons (inside collections too), and the
arcs that two geometries share (their common borders). Points and lines are left out.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path
from typing import Any

#: A position: longitude, latitude (for geographic data; x, y in general).
Point = tuple[float, float]
#: A closed ring of points (the first point is repeated at the end) or an open line.
Line = list[Point]
#: A polygon: its outer ring, then its holes.
Polygon = list[Line]


@dataclass(frozen=True)
class Feature:
    """One geometry of an object: its id, its properties and its polygons."""

    id: str | None
    properties: Mapping[str, Any]
    polygons: list[Polygon] = field(default_factory=list)


class TopologyError(ValueError):
    """The data is not TopoJSON this module can read."""


class Topology:
    """A TopoJSON topology with its arcs decoded to absolute positions (once)."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        if data.get("type") != "Topology":
            raise TopologyError("not a TopoJSON topology")
        self.objects: Mapping[str, Any] = data.get("objects") or {}
        self.arcs: list[Line] = decode_arcs(data.get("arcs") or [], data.get("transform"))

    @classmethod
    def read(cls, path: Path | str) -> Topology:
        with open(path, encoding="utf-8") as file:
            return cls(json.load(file))

    def features(self, name: str) -> list[Feature]:
        """The geometries of object `name`, one feature each, as polygons."""
        return [
            Feature(
                id=None if geometry.get("id") is None else str(geometry["id"]),
                properties=geometry.get("properties") or {},
                polygons=list(self._polygons(geometry)),
            )
            for geometry in self._members(name)
        ]

    def shared_arcs(self, name: str) -> list[Line]:
        """The arcs that two or more geometries of object `name` share: the borders between
        countries, without the coasts (what `topojson.mesh` gives with `a !== b`)."""
        users: Counter[int] = Counter()
        for geometry in self._members(name):
            users.update(set(_arc_indexes(geometry)))
        return [self.arcs[index] for index, count in sorted(users.items()) if count > 1]

    def stitch(self, arc_indexes: Sequence[int]) -> Line:
        """The line made by walking `arc_indexes` in turn; each arc starts where the one before
        it ended, so that shared point is kept once."""
        points: Line = []
        for index in arc_indexes:
            try:
                arc = self.arcs[index] if index >= 0 else self.arcs[~index][::-1]
            except IndexError:
                raise TopologyError(f"no arc {index}") from None
            points.extend(arc[1:] if points else arc)
        return points

    def _members(self, name: str) -> list[Mapping[str, Any]]:
        try:
            top = self.objects[name]
        except KeyError:
            raise TopologyError(f"no object {name!r}") from None
        if top.get("type") == "GeometryCollection":
            return list(top.get("geometries") or [])
        return [top]

    def _polygons(self, geometry: Mapping[str, Any]) -> Iterator[Polygon]:
        kind = geometry.get("type")
        if kind == "Polygon":
            yield [self.stitch(ring) for ring in geometry["arcs"]]
        elif kind == "MultiPolygon":
            for polygon in geometry["arcs"]:
                yield [self.stitch(ring) for ring in polygon]
        elif kind == "GeometryCollection":
            for member in geometry.get("geometries") or []:
                yield from self._polygons(member)


def decode_arcs(arcs: Sequence[Sequence[Sequence[float]]], transform: Any = None) -> list[Line]:
    """Every arc as absolute positions. Quantized arcs (with a `transform`) hold the first
    position and then each position's difference from the one before."""
    if not transform:
        return [[(float(p[0]), float(p[1])) for p in arc] for arc in arcs]
    scale_x, scale_y = transform["scale"]
    move_x, move_y = transform["translate"]
    decoded: list[Line] = []
    for arc in arcs:
        xs = accumulate(p[0] for p in arc)
        ys = accumulate(p[1] for p in arc)
        decoded.append(
            [(x * scale_x + move_x, y * scale_y + move_y) for x, y in zip(xs, ys, strict=True)]
        )
    return decoded


def _arc_indexes(geometry: Mapping[str, Any]) -> Iterator[int]:
    """The arcs (as non-negative indexes) that the polygons of `geometry` walk."""
    kind = geometry.get("type")
    if kind == "Polygon":
        rings = geometry["arcs"]
    elif kind == "MultiPolygon":
        rings = [ring for polygon in geometry["arcs"] for ring in polygon]
    elif kind == "GeometryCollection":
        for member in geometry.get("geometries") or []:
            yield from _arc_indexes(member)
        return
    else:
        return
    for ring in rings:
        for index in ring:
            yield index if index >= 0 else ~index
