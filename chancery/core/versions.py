"""One version number for the data, in the shared cache: every cache of what the data shows
(whole pages, fragments, the search index) is keyed on it or checked against it.

Any change to the data bumps it (see `signals`), so every process sees the change on its next
read. The number lives in the shared cache (Redis across app servers, memory within one) and
may be evicted or flushed at any time: it then starts again from a random epoch, never from a
number that entries stored before the loss could still carry.
"""

from __future__ import annotations

import secrets

from django.core.cache import cache

VERSION_KEY = "site:data-version"


def data_version() -> int:
    """The current data version."""
    version = cache.get(VERSION_KEY)
    if version is None:
        # Never set, flushed or evicted. Starting again from 1 could serve pages stored under
        # an old 1 that outlived the data they show; a random epoch matches none of them.
        cache.add(VERSION_KEY, _new_epoch(), timeout=None)
        version = cache.get(VERSION_KEY)
        if version is None:  # a cache that keeps nothing: nothing can be served stale either
            return _new_epoch()
    return int(version)


def bump_data_version(**_kwargs: object) -> None:
    """Make every entry keyed on the current version stale (a signal receiver too)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # lost since it was last read: any new epoch invalidates too
        cache.add(VERSION_KEY, _new_epoch(), timeout=None)


def _new_epoch() -> int:
    # Below 2**62, so that Redis's signed 64-bit INCR has room for every later change.
    return secrets.randbits(62)
