"""The latest news inside other pages: `{% load news %}{% latest_news country %}`."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from chancery.core.fragments import cached_fragment
from chancery.countries.models import Country

from ..selectors import visible_articles

register = template.Library()


@register.simple_tag
def latest_news(country: Country | None = None, limit: int = 5) -> SafeString:
    """The latest articles about a country (or all countries), newest first."""
    return cached_fragment(
        "latest-news",
        (country.pk if country else "all", limit),
        "news/_latest.html",
        lambda: {"country": country, "articles": list(visible_articles(country)[:limit])},
    )
