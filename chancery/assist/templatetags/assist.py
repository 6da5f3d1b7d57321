"""Who can help, inside other apps' pages: `{% load assist %}`."""

from __future__ import annotations

from django import template

from chancery.countries.models import Country

from ..selectors import help_answer

register = template.Library()


@register.inclusion_tag("assist/_help_block.html")
def help_block(sender: Country, host: Country) -> dict[str, object]:
    """Who can help citizens of `sender` in `host`, as cards (the pair page)."""
    return {"sender": sender, "host": host, "result": help_answer(sender, country=host)}
