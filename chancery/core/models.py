"""Core tables: facilities every app may use."""

from __future__ import annotations

from django.db import models


class RateLimitBucket(models.Model):
    """One client's recent attempts at one kind of action (a suggestion, say).

    Kept in the database rather than the cache: every app server and worker shares it (SQLite
    included), no cache eviction can wipe it, and a row lock makes counting atomic. The client
    is a salted hash, never an address.
    """

    scope = models.CharField(max_length=50)
    client = models.CharField(max_length=64)
    #: POSIX times of the attempts still inside the window, oldest first.
    attempts = models.JSONField(default=list)
    #: When the newest attempt leaves the window; from then on the row holds nothing.
    expires = models.FloatField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scope", "client"], name="ratelimit_one_row_per_client")
        ]

    def __str__(self) -> str:
        return f"{self.scope}: {len(self.attempts)} recent"
