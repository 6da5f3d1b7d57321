"""A per-client limit on submissions, kept in the cache (Redis when configured)."""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_hash(request: HttpRequest) -> str:
    """A salted hash of the client's address: enough to limit and to spot repeats, no more."""
    address = request.META.get("REMOTE_ADDR", "")
    return hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()


def allow(request: HttpRequest, scope: str = "suggest") -> bool:
    """Count one attempt; False once the client has made too many this hour."""
    limit = settings.CHANCERY_SUGGESTIONS_PER_HOUR
    window = int(time.time() // 3600)
    key = f"ratelimit:{scope}:{client_hash(request)}:{window}"
    if cache.add(key, 1, timeout=3600):
        return True
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=3600)
        count = 1
    return count <= limit
