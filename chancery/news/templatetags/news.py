"""The latest news inside other pages: `{% load news %}{% latest_news country %}`."""

from __future__ import annotations

from django import template

from chancery.countries.models import Country

from ..selectors import visible_articles

register = template.Library()


@register.inclusion_tag("news/_latest.html")
def latest_news(country: Country | None = None, limit: int = 5) -> dict[str, object]:
    return {"country": country, "articles": list(visible_articles(country)[:limit])}
