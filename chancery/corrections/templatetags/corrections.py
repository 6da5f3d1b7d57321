"""Provenance and domain checks on mission pages: `{% load corrections %}`."""

from __future__ import annotations

from django import template
from django.utils import formats
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from chancery.directory.models import Mission, SourceLink
from chancery.directory.source_values import SourcedValue, mission_sources
from chancery.directory.sourcing import (
    PROVIDER_NAMES,
    PROVIDER_OF_SOURCE,
    Licence,
    licence_of,
    provider_name,
    provider_of,
)

from ..selectors import domain_checks, mission_provenance

register = template.Library()

SOURCE_NAMES = {
    **{name: provider_name(name) for name in PROVIDER_OF_SOURCE},
    **PROVIDER_NAMES,
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
    sourced = mission_sources(mission)
    lines: dict[str, str] = {}
    for field in (
        *("name", "city", "address", "phone", "email", "website", "latitude", "longitude"),
        *("fax", "opening_hours", "services"),
    ):
        record = records.get(field)
        shown = sourced.get(_SOURCED_FIELD.get(field, field))
        # One source, the mission's own: the plain line says all (the sources are listed
        # below, with their licences). Several, or another: which one is shown, and whence.
        providers = {v.provider for v in shown or ()}
        licence = licence_of(provider_of(mission.source))
        plain = (
            providers == {provider_of(mission.source)}
            and licence is not None
            and licence.public_domain
        )
        if (record is None or not record.by_editor) and shown and not plain:
            lines[field] = _sourced_line(shown[0], also=len({v.provider for v in shown}) - 1)
            continue
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
    lines["origin"] = str(SOURCE_NAMES.get(mission.source, mission.source))
    return lines


#: The page's field names → the sourced fields they show.
_SOURCED_FIELD = {"phone": "phones", "latitude": "coordinates", "longitude": "coordinates"}


def _sourced_line(value: SourcedValue, *, also: int) -> str:
    """ "Source: OpenStreetMap (ODbL 1.0), fetched 6 Dec 2026", linked to the record and the
    licence; with how many other sources give a value for the field."""
    who = SOURCE_NAMES.get(value.provider, value.provider)
    when = formats.date_format(value.fetched_at, "SHORT_DATE_FORMAT")
    licence = licence_of(value.provider)
    line = format_html(
        _('Source: <a href="{url}" rel="nofollow noopener">{source}</a>, fetched {date}'),
        url=value.record_url or "#",
        source=who,
        date=when,
    )
    if licence is not None:
        line = format_html(
            '{} (<a href="{}" rel="license noopener">{}</a>)', line, licence.url, licence.name
        )
    if also:
        line = format_html(
            "{} · {}",
            line,
            ngettext("%(count)d other source", "%(count)d other sources", also) % {"count": also},
        )
    return line


_MATCHED_BY = {
    "id": gettext_lazy("matched by its Wikidata item"),
    "tag": gettext_lazy("matched by the Wikidata item the record names"),
    "score": gettext_lazy("matched by sender, kind, place, distance and name"),
    "linked": gettext_lazy("matched by an earlier run"),
    "created": gettext_lazy("the mission was created from this record"),
}


@register.simple_tag
def source_record(link: SourceLink) -> str:
    """One source record of the mission: which, under which licence, when fetched, how it
    was matched."""
    licence = licence_of(link.source)
    return format_html(
        _(
            '<a href="{url}" rel="nofollow noopener">{source} {record}</a>{licence}, fetched '
            "{date}; {how}"
        ),
        url=link.record_url or "#",
        source=SOURCE_NAMES.get(link.source, link.source),
        record=link.record_id,
        licence=format_html(
            ' (<a href="{}" rel="license noopener">{}</a>)', licence.url, licence.name
        )
        if licence
        else "",
        date=formats.date_format(link.fetched_at, "SHORT_DATE_FORMAT"),
        how=_MATCHED_BY.get(link.matched_by, link.matched_by),
    )


@register.simple_tag
def licences_shown(mission: Mission) -> list[Licence]:
    """The licences of the sources whose values the page shows, with their credit lines."""
    providers = {values[0].provider for values in mission_sources(mission).values() if values}
    return [
        licence
        for provider in sorted(providers)
        if (licence := licence_of(provider)) is not None and not licence.public_domain
    ]


@register.simple_tag
def domain_check(mission: Mission) -> dict[str, str | bool]:
    return domain_checks(mission)
