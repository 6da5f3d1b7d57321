"""Banners and advisory summaries inside other apps' pages: `{% load advisories %}`."""

from __future__ import annotations

from django import template

from chancery.countries.models import Country

from ..selectors import active_banners, advisories_for

register = template.Library()


@register.inclusion_tag("advisories/_banners.html")
def banners_for(country: Country) -> dict[str, object]:
    """The banners in force for one country (host hub, pair and mission pages)."""
    return {"banners": active_banners(country)}


@register.inclusion_tag("advisories/_banners_home.html")
def all_banners() -> dict[str, object]:
    """Editors' banners in full, and the countries under a level-4 warning, in a line."""
    banners = active_banners()
    return {
        "editorial": [b for b in banners if not b.derived],
        "derived": [b for b in banners if b.derived],
    }


@register.inclusion_tag("advisories/_summary.html")
def advisory_summary(country: Country) -> dict[str, object]:
    """Each issuer's level for a country, in one compact list (host hub)."""
    return {"country": country, "advisories": advisories_for(country)}
