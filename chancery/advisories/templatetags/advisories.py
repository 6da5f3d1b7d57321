"""Banners and advisory summaries inside other apps' pages: `{% load advisories %}`."""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.utils.safestring import SafeString

from chancery.core.fragments import cached_fragment
from chancery.countries.models import Country

from ..selectors import active_banners, advisories_for, banners_about

register = template.Library()


@register.simple_tag
def banners_for(country: Country) -> SafeString:
    """The banners in force for one place (host hub, pair, mission and help pages); a territory
    without its own shows its state's where they cover it."""
    return cached_fragment(
        "banners",
        (country.pk,),
        "advisories/_banners.html",
        lambda: {"banners": active_banners(country)},
    )


@register.simple_tag
def banners_for_places(countries: Iterable[Country]) -> SafeString:
    """The banners in force for every place a page is about (a news article's countries),
    each banner once."""
    places = list(countries)
    return cached_fragment(
        "banners-about",
        tuple(sorted(c.pk for c in places)),
        "advisories/_banners.html",
        lambda: {"banners": banners_about(places)},
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
    """Each issuer's level for a place, in one compact list (host hub); for a territory, an
    issuer's advice for its state where it has none of its own, marked as such."""
    return cached_fragment(
        "advisory-summary",
        (country.pk,),
        "advisories/_summary.html",
        lambda: {"country": country, "advisories": advisories_for(country)},
    )
