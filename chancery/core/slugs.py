"""Slugs: the readable last part of an address (`/missions/embassy-of-germany-in-russia/`).

Every app keeps its own base (how long, what stands in for an empty name) and makes it unique
with the one rule here, so that a slug, once given, reads the same way everywhere. Slugs are
addresses: callers give one when a row is created and never change it afterwards.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.text import slugify


def slug_base(text: str, *, max_length: int, fallback: str) -> str:
    """`text` as a slug, cut to `max_length`; `fallback` when nothing of it is left."""
    return slugify(text)[:max_length] or fallback


def slug_unique(base: str, taken: set[str], *, qualifier: str = "") -> str:
    """`base` if free, else `base-<qualifier>` (a stable ID that tells the two apart), else
    `base-2`, `base-3` … The slug chosen is added to `taken`."""
    slug = base
    if slug in taken and qualifier:
        slug = f"{base}-{qualifier.lower()}"
    counter = 2
    while slug in taken:
        slug = f"{base}-{counter}"
        counter += 1
    taken.add(slug)
    return slug


def slug_unique_in(rows: QuerySet, base: str, *, qualifier: str = "") -> str:
    """`slug_unique` against the slugs of `rows` (a model with a `slug` field)."""
    taken = set(rows.filter(slug__startswith=base).values_list("slug", flat=True))
    return slug_unique(base, taken, qualifier=qualifier)
