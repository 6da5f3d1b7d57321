"""How a page says what kind of place a territory is, and whose part it is."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from chancery.countries.models import Country, CountryKind

register = template.Library()


@register.simple_tag
def territory_heading(territory: Country) -> str:
    """'In Hong Kong (SAR of China)', 'In New Caledonia (France)': a territory's section on
    its state's hub."""
    state = territory.part_of
    if state is None:
        return _("In %(place)s") % {"place": territory.label}
    if territory.kind == CountryKind.SPECIAL_ADMINISTRATIVE_REGION:
        return _("In %(place)s (SAR of %(state)s)") % {
            "place": territory.label,
            "state": state.label,
        }
    return _("In %(place)s (%(state)s)") % {"place": territory.label, "state": state.label}


@register.simple_tag
def place_status(country: Country) -> SafeString | str:
    """A sentence on a territory's hub: what it is and which state answers for it abroad,
    linked to that state's hub."""
    state = country.part_of
    if state is None:
        return ""
    link = format_html(
        '<a href="{}">{}</a>', reverse("directory:host", args=[state.slug]), state.label
    )
    if country.kind == CountryKind.SPECIAL_ADMINISTRATIVE_REGION:
        text = _(
            "%(place)s is a special administrative region of %(state)s. Missions there are "
            "listed here and on the page of %(state)s."
        )
    else:
        text = _(
            "%(place)s is part of %(state)s, which conducts its foreign relations. Missions "
            "there are listed here and on the page of %(state)s."
        )
    return format_html(
        '<p class="place-status">{}</p>',
        format_html(
            text.replace("%(place)s", "{place}").replace("%(state)s", "{state}"),
            place=country.label,
            state=link,
        ),
    )
