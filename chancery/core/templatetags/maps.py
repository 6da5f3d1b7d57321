"""Maps on pages: `{% load maps %}`, `{% map_assets cluster=True %}` in the head block and
`{% map_scripts cluster=True %}` in the scripts block, `{% mission_map points label %}` or
`{% list_map "li[data-lat]" label %}` where the map goes. Points are [lat, lon, label, url, detail] lists; the scripts are static/js/map.js
and Leaflet (npm, served as our own static files)."""

from __future__ import annotations

from django import template
from django.conf import settings

from chancery.core.sanitize import clean_html

register = template.Library()


@register.inclusion_tag("core/_map.html")
def mission_map(points: list[list[object]], label: str, points_id: str = "map-points") -> dict:
    """A map of `points`, written into the page as JSON."""
    return _context(label, points=points, points_id=points_id)


@register.inclusion_tag("core/_map.html")
def list_map(selector: str, label: str) -> dict:
    """A map of the list items `selector` finds (<li data-lat data-lon>, a link, a .meta line):
    the coordinates travel with the list, not a second time as JSON."""
    return _context(label, points_from=selector)


def _context(label: str, **points: object) -> dict:
    return {
        **points,
        "label": label,
        "tile_url": settings.CHANCERY_TILE_URL,
        "tile_attribution": clean_html(settings.CHANCERY_TILE_ATTRIBUTION),
    }


@register.inclusion_tag("core/_map_assets.html")
def map_assets(cluster: bool = False) -> dict:
    return {"cluster": cluster}


@register.inclusion_tag("core/_map_scripts.html")
def map_scripts(cluster: bool = False) -> dict:
    return {"cluster": cluster}
