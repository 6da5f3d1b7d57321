"""The language picker and the alternate-language links: `{% load languages %}`."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_bidi

register = template.Library()


def _alternates(context: template.Context) -> list[dict[str, object]]:
    request = context.get("request")
    path = request.get_full_path() if request is not None else "/"
    current = get_language()
    return [
        {
            "code": code,
            "name": name,
            "url": translate_url(path, code),
            "current": code == current,
        }
        for code, name in settings.LANGUAGES
    ]


@register.inclusion_tag("core/_language_picker.html", takes_context=True)
def language_picker(context: template.Context) -> dict[str, object]:
    """This page in each language the site speaks, the current one marked."""
    return {"languages": _alternates(context)}


@register.inclusion_tag("core/_language_alternates.html", takes_context=True)
def language_alternates(context: template.Context) -> dict[str, object]:
    """`<link rel="alternate" hreflang>` for search engines, on the site's public address."""
    return {"languages": _alternates(context), "base": settings.CHANCERY_SITE_URL.rstrip("/")}


@register.simple_tag
def text_direction() -> str:
    return "rtl" if get_language_bidi() else "ltr"
