"""A per-client limit on submissions: at most CHANCERY_SUGGESTIONS_PER_HOUR in any hour,
counted in the database (see chancery.core.ratelimit), so every worker and server shares it."""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.http import HttpRequest

from chancery.core.ratelimit import attempt

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
    (a sliding window)."""
    return attempt(
        scope,
        client_hash(request),
        limit=settings.CHANCERY_SUGGESTIONS_PER_HOUR,
        window=WINDOW_SECONDS,
        now=time.time(),
    )
