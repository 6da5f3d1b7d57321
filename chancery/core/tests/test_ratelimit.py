"""The database rate limit: a sliding window per scope and client, and expired rows pruned."""

from __future__ import annotations

import pytest

from chancery.core.models import RateLimitBucket
from chancery.core.ratelimit import attempt

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("limit", "times", "expected"),
    [
        # Three in the window, the fourth refused; once the first is an hour old, one more.
        (3, [0, 10, 20, 50, 3599, 3600, 3601], [True, True, True, False, False, True, False]),
        # A refusal is not counted: it does not push the client's next chance further away.
        (1, [0, 1000, 2000, 3600], [True, False, False, True]),
        (2, [0, 0, 0, 3599.9, 3600], [True, True, False, False, True]),
    ],
)
def test_a_sliding_window(limit: int, times: list[float], expected: list[bool]) -> None:
    start = 1_800_000_000.0
    got = [attempt("test", "client", limit=limit, window=3600, now=start + t) for t in times]
    assert got == expected


def test_scopes_and_clients_are_counted_apart() -> None:
    now = 1_800_000_000.0
    assert attempt("suggest", "a", limit=1, window=3600, now=now)
    assert not attempt("suggest", "a", limit=1, window=3600, now=now)
    assert attempt("suggest", "b", limit=1, window=3600, now=now)
    assert attempt("login", "a", limit=1, window=3600, now=now)


def test_rows_whose_attempts_have_all_expired_are_removed() -> None:
    now = 1_800_000_000.0
    for client in ("old-1", "old-2", "recent"):
        attempt("suggest", client, limit=5, window=3600, now=now)
    attempt("suggest", "recent", limit=5, window=3600, now=now + 3000)
    attempt("suggest", "newcomer", limit=5, window=3600, now=now + 3700)
    assert set(RateLimitBucket.objects.values_list("client", flat=True)) == {
        "recent",
        "newcomer",
    }
