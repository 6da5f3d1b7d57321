"""Draw the web app's icons: a white pediment (the front of a chancery) on the site's blue.

One set of shapes, in a unit square, is drawn as SVG and, with Pillow, as the PNG and ICO
files the manifest and the page head name. Run it again after changing a shape or a colour;
the files are kept in static/icons/ (the tests check their sizes).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from PIL import Image, ImageDraw

#: The site's accent (--accent in static/css/site.css) behind a white mark.
BACKGROUND = "#0b5cad"
MARK = "#ffffff"

Point = tuple[float, float]
#: The mark in a unit square, as polygons: roof, entablature, four columns, base.
PEDIMENT: list[list[Point]] = [
    [(0.5, 0.0), (1.0, 0.3), (0.0, 0.3)],
    [(0.04, 0.36), (0.96, 0.36), (0.96, 0.45), (0.04, 0.45)],
    *[
        [(x - 0.065, 0.5), (x + 0.065, 0.5), (x + 0.065, 0.82), (x - 0.065, 0.82)]
        for x in (0.17, 0.39, 0.61, 0.83)
    ],
    [(0.0, 0.87), (1.0, 0.87), (1.0, 1.0), (0.0, 1.0)],
]
#: Share of the icon the mark spans: a maskable icon keeps it inside the central safe circle
#: (radius 40 %), which the launcher may crop to.
MARK_SPAN = 0.62
MASKABLE_SPAN = 0.5
#: A browser tab's 16 pixels need the mark as large as it goes.
FAVICON_SPAN = 0.8
#: Corner radius of the rounded square, as a share of the side (0: square, for platforms that
#: round or mask the icon themselves).
CORNER = 0.18
#: Pillow draws without anti-aliasing: draw this much larger, then scale down.
SUPERSAMPLE = 4
#: Two colours and their blended edges fit a small palette: a quarter of the bytes, the same
#: picture.
PALETTE_COLOURS = 64


def _placed(span: float, size: float) -> Iterable[list[Point]]:
    """The mark's polygons scaled to `span` of a `size` square, centred (the roof's apex
    and the base are the same distance from the edges)."""
    offset = (1 - span) / 2 * size
    for polygon in PEDIMENT:
        yield [(offset + x * span * size, offset + y * span * size) for x, y in polygon]


def draw(size: int, *, span: float = MARK_SPAN, corner: float = CORNER) -> Image.Image:
    big = size * SUPERSAMPLE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    canvas = ImageDraw.Draw(image)
    if corner:
        canvas.rounded_rectangle((0, 0, big - 1, big - 1), radius=corner * big, fill=BACKGROUND)
    else:
        canvas.rectangle((0, 0, big - 1, big - 1), fill=BACKGROUND)
    for polygon in _placed(span, big):
        canvas.polygon(polygon, fill=MARK)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def svg() -> str:
    radius = CORNER * 100
    shapes = "".join(
        '<path d="M{}Z"/>'.format("L".join(f"{x:g} {y:g}" for x, y in polygon))
        for polygon in (
            [(round(x, 2), round(y, 2)) for x, y in polygon] for polygon in _placed(MARK_SPAN, 100)
        )
    )
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">'
        f'<rect width="100" height="100" rx="{radius:g}" fill="{BACKGROUND}"/>'
        f'<g fill="{MARK}">{shapes}</g></svg>\n'
    )


def write_icons(directory: Path) -> list[Path]:
    """Every icon file, written into `directory`; returns their paths."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []

    def save(name: str, image: Image.Image, **options: Any) -> None:
        path = directory / name
        image.save(path, **options)
        written.append(path)

    def png(name: str, image: Image.Image) -> None:
        palette = image.quantize(PALETTE_COLOURS, method=Image.Quantize.FASTOCTREE)
        save(name, palette, optimize=True)

    png("icon-192.png", draw(192))
    png("icon-512.png", draw(512))
    # Launchers crop these to their own shape: a full square, the mark in the safe zone.
    png("icon-maskable-192.png", draw(192, span=MASKABLE_SPAN, corner=0))
    png("icon-maskable-512.png", draw(512, span=MASKABLE_SPAN, corner=0))
    # iOS rounds the corners itself and shows transparency as black: a plain square.
    png("apple-touch-icon.png", draw(180, corner=0).convert("RGB"))
    # Each size of the ICO drawn at that size (sharper than one image scaled by the encoder).
    sizes = (16, 32, 48)
    largest, *smaller = (draw(size, span=FAVICON_SPAN) for size in reversed(sizes))
    save("favicon.ico", largest, sizes=[(s, s) for s in sizes], append_images=smaller)
    path = directory / "icon.svg"
    path.write_text(svg(), encoding="utf-8")
    written.append(path)
    return written


class Command(BaseCommand):
    help = "Draw the web app's icons (PNG, ICO, SVG) into static/icons/."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            default=str(Path(settings.BASE_DIR) / "static" / "icons"),
            help="Folder to write into (default: static/icons/).",
        )

    def handle(self, *args: object, **options: object) -> None:
        for path in write_icons(Path(str(options["output"]))):
            self.stdout.write(f"{path} ({path.stat().st_size:,} bytes)")
