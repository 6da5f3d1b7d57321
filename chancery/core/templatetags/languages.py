"""The language picker and the alternate-language links: `{% load languages %}`."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils.translation import get_language, get_language_bidi, override

from chancery.core.redirects import local_path

register = template.Library()


def _translated_paths(path: str, query: str) -> dict[str, str]:
    """This path in every language: resolved once, reversed per language."""
    try:
        match = resolve(path)
    except Resolver404:
        # A page that does not exist (a 404): the same path under each language's prefix,
        # kept on this site (a request for `//host` must not link to `//host`).
        bare = path
        for code, _ in settings.LANGUAGES:
            if path == f"/{code}" or path.startswith(f"/{code}/"):
                bare = path[len(code) + 1 :]
                break
        bare = local_path(bare)
        return {
            code: (bare if code == settings.LANGUAGE_CODE else f"/{code}{bare}") + query
            for code, _ in settings.LANGUAGES
        }
    if match.namespace and match.url_name:
        name = f"{match.namespace}:{match.url_name}"
    else:
        name = match.url_name or ""
    paths = {}
    for code, _ in settings.LANGUAGES:
        with override(code):
            try:
                paths[code] = reverse(name, args=match.args, kwargs=match.kwargs) + query
            except NoReverseMatch:
                paths[code] = local_path(path) + query
    return paths


def _alternates(context: template.Context, query: str | None = None) -> list[dict[str, object]]:
    """Each language's address of this page, with the request's own query or with `query`."""
    request = context.get("request")
    if request is None:
        paths = {code: "/" for code, _ in settings.LANGUAGES}
    else:
        if query is None:
            query = f"?{request.META['QUERY_STRING']}" if request.META.get("QUERY_STRING") else ""
        # Worked out once per query: the picker and the alternates most often share one.
        cached: dict[str, dict[str, str]] = request.__dict__.setdefault("_language_paths", {})
        if query not in cached:
            cached[query] = _translated_paths(request.path_info, query)
        paths = cached[query]
    current = get_language()
    return [
        {"code": code, "name": name, "url": paths[code], "current": code == current}
        for code, name in settings.LANGUAGES
    ]


@register.inclusion_tag("core/_language_picker.html", takes_context=True)
def language_picker(context: template.Context) -> dict[str, object]:
    """This page in each language the site speaks, the current one marked."""
    return {"languages": _alternates(context)}


@register.inclusion_tag("core/_language_alternates.html", takes_context=True)
def language_alternates(context: template.Context, query: str | None = None) -> dict[str, object]:
    """`<link rel="alternate" hreflang>` for search engines, on the site's public address;
    x-default is the English page. With `query` ("?page=2", or "" for none), the links carry
    that query instead of the request's: the page's canonical one, without tracking
    parameters, so that each alternate is the canonical page of its language."""
    languages = _alternates(context, query)
    default = next(lang for lang in languages if lang["code"] == settings.LANGUAGE_CODE)
    return {
        "languages": languages,
        "default": default,
        "base": settings.CHANCERY_SITE_URL.rstrip("/"),
    }


@register.simple_tag
def text_direction() -> str:
    return "rtl" if get_language_bidi() else "ltr"
