"""Link-preview cards: a 1200×630 picture of where a mission stands, drawn here from Natural
Earth's country shapes (the npm package world-atlas), since previews cannot wait for a tile
server and the site has none of its own.

The map is Web Mercator, as on the site's own maps, centred on the mission and zoomed to show
the part of the host country around it; the host country is tinted, the mission marked. A
mission without coordinates gets its country alone; without the shapes (no npm), the card is
the site's band on a plain ground. Nothing here reads settings or the database: coordinates
and country keys come in, PNG bytes go out.

Text is only the wordmark, in Pillow's own font (Latin only): the mission's name and place
travel in the page's og:title and og:description, in every script.
"""

from __future__ import annotations

import hashlib
import io
import logging
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import combinations
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from chancery.core.topojson import Line, Point, Topology

log = logging.getLogger(__name__)

#: Changed whenever the drawing changes, so that cached cards and ETags are renewed.
DRAWING_VERSION = "1"

WIDTH, HEIGHT = 1200, 630
#: The dark band across the top, as the site's header.
BAND = 56
MAP_TOP = BAND
MAP_HEIGHT = HEIGHT - BAND
#: Drawn this many times larger, then reduced: Pillow's polygons have no anti-aliasing.
SUPERSAMPLE = 2

Colour = tuple[int, ...]

# The site's colours (static/css/site.css).
INK = (0x1D, 0x23, 0x30)  # --ink: the band
SEA = (0xF4, 0xF6, 0xFA)  # --soft
LAND = (0xD9, 0xDE, 0xE7)  # --line
BORDER = (0xFF, 0xFF, 0xFF)  # --bg
ACCENT = (0x0B, 0x5C, 0xAD)  # --accent: the marker and the host country's edge
HOST = (0xAA, 0xC6, 0xE2)  # --accent at 35 % on white: the host country
MARKER_RING = (0xFF, 0xFF, 0xFF)

#: Longitude span of the view when the host country does not set it, and its bounds: 24° still
#: shows a microstate's neighbours, 80° a large country around the mission.
DEFAULT_SPAN = 40.0
MIN_SPAN = 24.0
MAX_SPAN = 80.0
#: Room left around the host country's part that holds the mission.
MARGIN = 1.15
#: Mercator y of the view's top and bottom at most (84° N and S): beyond is only ice.
Y_LIMIT = 168.9
#: Longitude span from which the coarse shapes are enough (a pixel covers several of the
#: fine shapes' points).
COARSE_FROM_SPAN = 120.0
#: The world when nothing places the card: 80° N down to 58° S, the span its height needs.
WORLD_TOP = 139.6
WORLD_BOTTOM = -71.6

FINE_FILE = "countries-50m.json"
COARSE_FILE = "countries-110m.json"

Box = tuple[float, float, float, float]  # min x, min y, max x, max y


def mercator_y(latitude: float) -> float:
    """Web Mercator's y, in the units of longitude degrees (so x is the longitude itself)."""
    latitude = max(-85.0, min(85.0, latitude))
    return math.degrees(math.log(math.tan(math.pi / 4 + math.radians(latitude) / 2)))


@dataclass(frozen=True, slots=True)
class Trace:
    """A ring or a line in Mercator units, with its bounding box for quick culling."""

    points: tuple[tuple[float, float], ...]
    box: Box

    @classmethod
    def of(cls, line: Line) -> Trace:
        points = tuple((x, mercator_y(y)) for x, y in _unwrapped(line))
        if not points:
            return cls((), (0.0, 0.0, 0.0, 0.0))
        xs = [x for x, _ in points]
        ys = [y for _, y in points]
        return cls(points, (min(xs), min(ys), max(xs), max(ys)))

    def contains(self, x: float, y: float) -> bool:
        """Whether (x, y) is inside the ring (even-odd rule)."""
        left, bottom, right, top = self.box
        if not (left <= x <= right and bottom <= y <= top):
            return False
        inside = False
        x1, y1 = self.points[-1]
        for x2, y2 in self.points:
            if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                inside = not inside
            x1, y1 = x2, y2
        return inside


def _unwrapped(line: Line) -> Line:
    """The line without its jumps across the date line: Natural Earth draws Chukotka and the
    Fiji islands that straddle it as one ring, from 179.9° to -180°, a step across the whole
    plane. Past the jump the points go on beyond ±180° (the view draws the world's copies on
    either side). A ring around the pole (Antarctica's) cannot be unwrapped and stays as is."""
    unwrapped: Line = []
    offset = 0.0
    previous = None
    for x, y in line:
        if previous is not None:
            if x - previous > 180.0:
                offset -= 360.0
            elif previous - x > 180.0:
                offset += 360.0
        previous = x
        unwrapped.append((x + offset, y))
    closed = len(line) > 2 and line[0] == line[-1]
    return line if closed and offset else unwrapped


@dataclass(frozen=True, slots=True)
class Shape:
    """One country: its keys and its polygons (outer ring first, then holes)."""

    keys: frozenset[str]
    polygons: tuple[tuple[Trace, ...], ...]


@dataclass(frozen=True, slots=True)
class Atlas:
    """The projected shapes of one resolution, kept for the life of the process."""

    shapes: tuple[Shape, ...]
    borders: tuple[Trace, ...]

    def host(self, candidates: Sequence[str]) -> tuple[Shape, ...]:
        """The shapes of the first candidate key that names any (an ISO numeric code, or the
        name of a place Natural Earth gives no code, such as Kosovo)."""
        for candidate in candidates:
            key = _key(candidate)
            found = tuple(shape for shape in self.shapes if key and key in shape.keys)
            if found:
                return found
        return ()


def _key(value: str) -> str:
    value = value.strip()
    return value.zfill(3) if value.isdigit() else value.casefold()


def read_atlas(file: Path) -> Atlas:
    """The shapes of a world-atlas countries file, projected."""
    topology = Topology.read(file)
    shapes = []
    for feature in topology.features("countries"):
        # Natural Earth's places without an ISO code have none here: they go by their name.
        if feature.id is not None:
            keys = frozenset({_key(feature.id)})
        else:
            keys = frozenset({_key(str(feature.properties.get("name", "")))} - {""})
        polygons = tuple(tuple(Trace.of(ring) for ring in polygon) for polygon in feature.polygons)
        shapes.append(Shape(keys, polygons))
    borders = tuple(Trace.of(arc) for arc in topology.shared_arcs("countries"))
    return Atlas(tuple(shapes), borders)


@cache
def load_atlas(file: Path) -> Atlas | None:
    """`read_atlas(file)` once per process, or None when the file is missing or unreadable
    (the card is then drawn without a map)."""
    try:
        return read_atlas(file)
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        log.warning("Unreadable map shapes in %s", file, exc_info=True)
        return None


@dataclass(frozen=True, slots=True)
class View:
    """Which part of the Mercator plane the map shows: `left` and `top` at the map's top-left
    corner, `scale` pixels to a unit."""

    left: float
    top: float
    scale: float

    @property
    def span(self) -> float:
        return WIDTH / self.scale

    @property
    def bottom(self) -> float:
        return self.top - MAP_HEIGHT / self.scale

    def pixel(self, latitude: float, longitude: float) -> tuple[float, float]:
        """Where a place falls on the card (the copy of the world in view, if the view wraps
        around the date line)."""
        while longitude < self.left:
            longitude += 360.0
        while longitude >= self.left + 360.0:
            longitude -= 360.0
        x = (longitude - self.left) * self.scale
        y = MAP_TOP + (self.top - mercator_y(latitude)) * self.scale
        return x, y

    def shifts(self) -> Iterator[float]:
        """The copies of the world the view reaches (east and west of the date line)."""
        first = math.floor((self.left + 180.0) / 360.0)
        last = math.floor((self.left + self.span + 180.0) / 360.0)
        for copy in range(first, last + 1):
            yield copy * 360.0

    def sees(self, box: Box, shift: float) -> bool:
        left, bottom, right, top = box
        return (
            right + shift >= self.left
            and left + shift <= self.left + self.span
            and top >= self.bottom
            and bottom <= self.top
        )


def centred_view(latitude: float, longitude: float, span: float) -> View:
    """A view `span` degrees of longitude wide centred on the place, moved down or up only
    as far as needed to stay within the map's latitudes."""
    scale = WIDTH / span
    half = MAP_HEIGHT / scale / 2
    centre = max(-Y_LIMIT + half, min(Y_LIMIT - half, mercator_y(latitude)))
    return View(left=longitude - span / 2, top=centre + half, scale=scale)


def world_view() -> View:
    scale = MAP_HEIGHT / (WORLD_TOP - WORLD_BOTTOM)
    return View(left=10.0 - WIDTH / scale / 2, top=WORLD_TOP, scale=scale)


def card_view(
    atlas: Atlas | None, latitude: float | None, longitude: float | None, host: Sequence[str]
) -> View:
    """The view of a mission's card: around the mission, wide enough for the part of its host
    country it stands in; without coordinates, around that country's largest part; else the
    world."""
    shapes = atlas.host(host) if atlas else ()
    parts = [polygon[0] for shape in shapes for polygon in shape.polygons]
    place = _place(latitude, longitude)
    if place is not None:
        latitude, longitude = place
        x, y = longitude, mercator_y(latitude)
        holding = [ring for ring in parts if ring.contains(x, y)]
        if not holding:
            return centred_view(latitude, longitude, DEFAULT_SPAN)
        left, bottom, right, top = holding[0].box
        width = 2 * max(x - left, right - x)
        height = 2 * max(y - bottom, top - y)
        return centred_view(latitude, longitude, _span_for(width, height))
    if not parts:
        return world_view()
    left, bottom, right, top = max(parts, key=lambda ring: _area(ring.box)).box
    centre_y = (bottom + top) / 2
    centre_latitude = math.degrees(math.atan(math.sinh(math.radians(centre_y))))
    span = _span_for(right - left, top - bottom)
    return centred_view(centre_latitude, (left + right) / 2, span)


def _place(latitude: float | None, longitude: float | None) -> tuple[float, float] | None:
    """The coordinates, when there are both and they are on the Earth (a typo in a source is
    drawn as no coordinates, not as an error)."""
    if latitude is None or longitude is None:
        return None
    if not (-90.0 <= latitude <= 90.0 and -180.0 <= longitude <= 180.0):
        return None  # out of range, or not a number
    return latitude, longitude


def _span_for(width: float, height: float) -> float:
    """The longitude span that shows a box of this size with a margin, within the bounds."""
    needed = max(width, height * WIDTH / MAP_HEIGHT) * MARGIN
    return max(MIN_SPAN, min(MAX_SPAN, needed))


def _area(box: Box) -> float:
    return (box[2] - box[0]) * (box[3] - box[1])


def render_card(
    latitude: float | None,
    longitude: float | None,
    host: Sequence[str],
    atlas_dir: Path,
) -> bytes:
    """The card as PNG bytes: the map around the mission (`host`: the keys of the country to
    tint, tried in order), or the plain card when the shapes are missing."""
    fine = load_atlas(atlas_dir / FINE_FILE)
    view = card_view(fine, latitude, longitude, host)
    atlas = load_atlas(atlas_dir / COARSE_FILE) if view.span >= COARSE_FROM_SPAN else fine
    image = Image.new("RGB", (WIDTH * SUPERSAMPLE, HEIGHT * SUPERSAMPLE), SEA)
    if atlas is not None:
        _draw_map(ImageDraw.Draw(image), atlas, view, host)
        place = _place(latitude, longitude)
        if place is not None:
            _draw_marker(ImageDraw.Draw(image), view.pixel(*place))
    image = image.reduce(SUPERSAMPLE)
    _draw_band(ImageDraw.Draw(image))
    return _png(image)


def _draw_map(draw: ImageDraw.ImageDraw, atlas: Atlas, view: View, host: Sequence[str]) -> None:
    hosts = atlas.host(host)
    others = [shape for shape in atlas.shapes if shape not in hosts]
    for shift in view.shifts():
        for shape in others:
            for polygon in shape.polygons:
                _fill(draw, view, shift, polygon[0], LAND)
        for shape in hosts:
            for polygon in shape.polygons:
                _fill(draw, view, shift, polygon[0], HOST)
                # Holes in a country are mostly others' enclaves (Lesotho in South Africa).
                for hole in polygon[1:]:
                    _fill(draw, view, shift, hole, LAND)
        for border in atlas.borders:
            _stroke(draw, view, shift, border, BORDER, width=SUPERSAMPLE)
        for shape in hosts:
            for polygon in shape.polygons:
                for ring in polygon:
                    _stroke(draw, view, shift, ring, ACCENT, width=SUPERSAMPLE)


def _points(view: View, shift: float, trace: Trace) -> list[Point]:
    scale = view.scale * SUPERSAMPLE
    dx = (shift - view.left) * scale
    dy = MAP_TOP * SUPERSAMPLE + view.top * scale
    return [(x * scale + dx, dy - y * scale) for x, y in trace.points]


def _fill(draw: ImageDraw.ImageDraw, view: View, shift: float, ring: Trace, colour: Colour) -> None:
    if len(ring.points) >= 3 and view.sees(ring.box, shift):
        draw.polygon(_points(view, shift, ring), fill=colour)


def _stroke(
    draw: ImageDraw.ImageDraw,
    view: View,
    shift: float,
    line: Trace,
    colour: Colour,
    width: int,
) -> None:
    if len(line.points) >= 2 and view.sees(line.box, shift):
        draw.line(_points(view, shift, line), fill=colour, width=width)


#: The marker's radii on the card, in pixels: its dark edge, its white ring, its dot.
MARKER_RADII = ((15, INK), (13, MARKER_RING), (9, ACCENT))


def _draw_marker(draw: ImageDraw.ImageDraw, at: tuple[float, float]) -> None:
    x, y = at[0] * SUPERSAMPLE, at[1] * SUPERSAMPLE
    for radius, colour in MARKER_RADII:
        r = radius * SUPERSAMPLE
        draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)


def _draw_band(draw: ImageDraw.ImageDraw) -> None:
    draw.rectangle((0, 0, WIDTH, BAND - 1), fill=INK)
    font = _wordmark_font()
    top, bottom = font.getbbox("Chancery")[1::2]
    draw.text((28, (BAND - (top + bottom)) / 2), "Chancery", font=font, fill=(255, 255, 255))


@cache
def _wordmark_font() -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=26)


def _png(image: Image.Image) -> bytes:
    """The picture in the card's own palette: half the bytes of full colour, sooner encoded,
    and each of the site's colours kept exactly."""
    buffer = io.BytesIO()
    image.quantize(palette=_palette(), dither=Image.Dither.NONE).save(buffer, format="PNG")
    return buffer.getvalue()


@cache
def _palette() -> Image.Image:
    """The card's colours and what the reduction blends of them: each pair mixed by quarters
    (edges drawn at twice the size), and a ramp from the band to the white of its wordmark."""
    base: list[Colour] = [INK, SEA, LAND, BORDER, ACCENT, HOST]
    colours = list(base)
    for first, second in combinations(base, 2):
        colours.extend(_mix(first, second, share / 4) for share in (1, 2, 3))
    colours.extend(_mix(INK, (255, 255, 255), step / 16) for step in range(1, 16))
    palette = Image.new("P", (1, 1))
    palette.putpalette([channel for colour in dict.fromkeys(colours) for channel in colour])
    return palette


def _mix(first: Colour, second: Colour, share: float) -> Colour:
    return tuple(round(a + (b - a) * share) for a, b in zip(first, second, strict=True))


def card_fingerprint(
    latitude: float | None, longitude: float | None, host: Sequence[str], atlas_dir: Path
) -> str:
    """What the card of these inputs looks like, in a short string: the same inputs, the same
    drawing and the same shapes files give the same picture (an ETag, a cache key)."""
    parts = [DRAWING_VERSION, repr(latitude), repr(longitude), *host]
    for name in (FINE_FILE, COARSE_FILE):
        parts.append(_file_stamp(atlas_dir / name))
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


@cache
def _file_stamp(file: Path) -> str:
    # Read once per process, as the shapes are: a new file is seen after a restart.
    try:
        stat = file.stat()
    except OSError:
        return "missing"
    return f"{stat.st_size}:{stat.st_mtime_ns}"
