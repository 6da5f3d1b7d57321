"""Cached fragments: the parts several pages share (a country's banners, its advisory summary,
its latest news), rendered once per data version and language.

The key holds the data version (`versions.data_version`), so an edit or an import shows at
once; the timeout (CHANCERY_FRAGMENT_CACHE_SECONDS) bounds changes that come with time alone:
a banner that ends, an article scheduled to appear.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from .versions import data_version


def fragment_key(name: str, parts: Iterable[object]) -> str:
    suffix = ":".join(str(part) for part in parts)
    return f"fragment:{name}:{data_version()}:{get_language() or ''}:{suffix}"


def cached_value(name: str, parts: Iterable[object], compute: Callable[[], Any]) -> Any:
    """`compute()`, from the cache when the data has not changed (any picklable value)."""
    seconds = settings.CHANCERY_FRAGMENT_CACHE_SECONDS
    if seconds <= 0:
        return compute()
    key = fragment_key(name, parts)
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, seconds)
    return value


def cached_fragment(
    name: str, parts: Iterable[object], template: str, context: Callable[[], dict[str, Any]]
) -> SafeString:
    """`template` rendered with `context()`, from the cache when the data has not changed."""
    html = cached_value(name, parts, lambda: render_to_string(template, context()))
    return mark_safe(html)  # rendered by the template engine, which escaped it
