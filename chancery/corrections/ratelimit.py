"""A per-client limit on submissions, kept in the cache (Redis when configured)."""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

WINDOW_SECONDS = 3600


def client_address(request: HttpRequest) -> str:
    """The client's address; behind CHANCERY_PROXY_COUNT trusted proxies, from the
    X-Forwarded-For entry they added."""
    proxies = settings.CHANCERY_PROXY_COUNT
    forwarded = [
        a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()
    ]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def client_hash(request: HttpRequest) -> str:
    """A salted hash of the client's address: enough to limit and to spot repeats, no more."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{client_address(request)}".encode()).hexdigest()


def allow(request: HttpRequest, scope: str = "suggest") -> bool:
    """Count one attempt; False once the client has made the limit within the last hour
    (a sliding window: the times of the recent attempts are kept in the cache)."""
    limit = settings.CHANCERY_SUGGESTIONS_PER_HOUR
    key = f"ratelimit:{scope}:{client_hash(request)}"
    now = time.time()
    recent = [t for t in cache.get(key, []) if now - t < WINDOW_SECONDS]
    if len(recent) >= limit:
        cache.set(key, recent, timeout=WINDOW_SECONDS)
        return False
    recent.append(now)
    cache.set(key, recent, timeout=WINDOW_SECONDS)
    return True
