"""Provenance and domain checks on mission pages: `{% load corrections %}`."""

from __future__ import annotations

from django import template
from django.utils import formats
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chancery.directory.models import Mission

from ..selectors import domain_checks, mission_provenance

register = template.Library()

SOURCE_NAMES = {
    "wikidata-csv": "Wikidata",
    "editor": gettext_lazy("an editor"),
    "suggestion": gettext_lazy("a checked public suggestion"),
    "import": gettext_lazy("the source data"),
}


@register.simple_tag
def provenance_for(mission: Mission) -> dict[str, str]:
    """Field → a short line saying where the value comes from and when it was checked."""
    records = mission_provenance(mission)
    default = format_html(
        _("Source: {source}, checked {date}"),
        source=SOURCE_NAMES.get(mission.source, mission.source),
        date=formats.date_format(mission.last_seen, "SHORT_DATE_FORMAT"),
    )
    lines: dict[str, str] = {}
    for field in ("name", "city", "address", "phone", "email", "website", "latitude", "longitude"):
        record = records.get(field)
        if record is None:
            lines[field] = default
            continue
        who = SOURCE_NAMES.get(record.source, record.source)
        when = formats.date_format(record.verified_at, "SHORT_DATE_FORMAT")
        if record.evidence_url:
            lines[field] = format_html(
                _(
                    'Source: {source}, with <a href="{url}" rel="nofollow noopener">evidence</a>, '
                    "checked {date}"
                ),
                source=who,
                url=record.evidence_url,
                date=when,
            )
        else:
            lines[field] = format_html(_("Source: {source}, checked {date}"), source=who, date=when)
    lines["location"] = lines["city"]
    lines["map"] = lines["latitude"]
    return lines


@register.simple_tag
def domain_check(mission: Mission) -> dict[str, str | bool]:
    return domain_checks(mission)
