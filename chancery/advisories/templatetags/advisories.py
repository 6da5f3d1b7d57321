"""Banners and advisory summaries inside other apps' pages: `{% load advisories %}`."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from chancery.core.fragments import cached_fragment
from chancery.countries.models import Country

from ..selectors import active_banners, advisories_for

register = template.Library()


@register.simple_tag
def banners_for(country: Country) -> SafeString:
    """The banners in force for one country (host hub, pair and mission pages)."""
    return cached_fragment(
        "banners",
        (country.pk,),
        "advisories/_banners.html",
        lambda: {"banners": active_banners(country)},
    )


@register.inclusion_tag("advisories/_banners_home.html")
def all_banners() -> dict[str, object]:
    """Editors' banners in full, and the countries under a level-4 warning, in a line."""
    banners = active_banners()
    return {
        "editorial": [b for b in banners if not b.derived],
        "derived": [b for b in banners if b.derived],
    }


@register.simple_tag
def advisory_summary(country: Country) -> SafeString:
    """Each issuer's level for a country, in one compact list (host hub)."""
    return cached_fragment(
        "advisory-summary",
        (country.pk,),
        "advisories/_summary.html",
        lambda: {"country": country, "advisories": advisories_for(country)},
    )
