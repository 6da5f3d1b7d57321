"""Sliding-window rate limits kept in the database, exact across processes and servers.

Each (scope, client) has one row. An attempt locks it (SELECT … FOR UPDATE on PostgreSQL; on
SQLite the IMMEDIATE transactions of the settings take the write lock at BEGIN), drops the
attempts older than the window, and adds itself only if fewer than the limit remain: two
workers can never both take the last place.
"""

from __future__ import annotations

from django.db import transaction

from .models import RateLimitBucket

#: Expired rows removed per attempt, so that pruning stays a small, bounded piece of work.
PRUNE_BATCH = 500


def attempt(scope: str, client: str, *, limit: int, window: float, now: float) -> bool:
    """Count one attempt by `client` at `scope` at time `now` (POSIX seconds). False, and not
    counted, when the client already made `limit` attempts in the last `window` seconds."""
    with transaction.atomic():
        RateLimitBucket.objects.bulk_create(
            [RateLimitBucket(scope=scope, client=client, expires=now + window)],
            ignore_conflicts=True,
        )
        bucket = RateLimitBucket.objects.select_for_update().get(scope=scope, client=client)
        recent = [t for t in bucket.attempts if now - t < window]
        allowed = len(recent) < limit
        if allowed:
            recent.append(now)
        bucket.attempts = recent
        bucket.expires = (recent[-1] if recent else now) + window
        bucket.save(update_fields=["attempts", "expires"])
        _prune(now)
    return allowed


def _prune(now: float) -> None:
    """Delete rows whose attempts have all left the window. Rows another transaction holds are
    skipped rather than waited for (two attempts pruning each other's rows would deadlock);
    a later attempt removes them."""
    expired = (
        RateLimitBucket.objects.select_for_update(skip_locked=True)
        .filter(expires__lt=now)
        .values_list("pk", flat=True)[:PRUNE_BATCH]
    )
    pks = list(expired)
    if pks:
        RateLimitBucket.objects.filter(pk__in=pks).delete()
