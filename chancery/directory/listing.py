"""Mission listings of the country hubs, written in Python: a hub lists hundreds of missions,
and the template engine spends about 40 µs on each line where this spends a few."""

from __future__ import annotations

from html import escape

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from chancery.directory.models import MissionKind
from chancery.directory.selectors import MissionGroup

_SLUG = "__slug__"


def mission_groups(
    groups: list[tuple[MissionGroup, str]], prefix: str, *, heading: str = "h2"
) -> SafeString:
    """Each group as a section: the country (linking to `pair_url`) in a `heading` element,
    and its missions. `prefix` starts the sections' ids, which must be unique on the page."""
    mission_url = reverse("directory:mission", args=[_SLUG])
    labels = {kind: escape(str(label)) for kind, label in MissionKind.choices}
    prefix = escape(prefix)
    parts: list[str] = []
    for group, pair_url in groups:
        country = group.country
        parts.append(
            f'<section class="group" id="{prefix}-{escape(country.slug)}">\n'
            f'  <{heading}><a href="{escape(pair_url)}">{escape(country.name)}</a></{heading}>\n'
            '  <ul class="missions">'
        )
        for mission in group.missions:
            city = f" · {escape(mission.city)}" if mission.city else ""
            # The map (static/js/map.js) takes its markers from these coordinates.
            where = (
                f' data-lat="{mission.latitude:.5f}" data-lon="{mission.longitude:.5f}"'
                if mission.latitude is not None and mission.longitude is not None
                else ""
            )
            parts.append(
                f'\n    <li class="mission"{where}><a href="{mission_url.replace(_SLUG, escape(mission.slug))}">'
                f"{escape(mission.name)}</a> "
                f'<span class="meta"><span class="kind">{labels.get(mission.kind) or escape(mission.kind)}</span>'
                f"{city}</span></li>"
            )
        parts.append("\n  </ul>\n</section>\n")
    return mark_safe("".join(parts))  # every value above is escaped
