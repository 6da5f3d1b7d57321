"""Ask a public service the way its operators ask to be asked: a User-Agent that says who
asks and how to reach them, and patience when the service says it is busy.

Wikimedia's and the Overpass API's policies both ask for this. A 429 or 503 answer is
retried after the time its Retry-After header gives (seconds or an HTTP date), else after a
growing wait; any other failure is raised at once.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Mapping
from email.utils import parsedate_to_datetime

from .fetch import FetchError, fetch_bytes, user_agent

__all__ = ["polite_fetch", "retry_wait", "user_agent"]

#: Statuses that mean "not now" rather than "no".
RETRY_STATUSES = frozenset({429, 503})
#: The longest wait this side accepts from a Retry-After header.
MAX_WAIT_SECONDS = 120.0


def retry_wait(retry_after: str, attempt: int, *, now: dt.datetime | None = None) -> float:
    """Seconds to wait before attempt `attempt + 1`: the server's Retry-After when it gives
    one (capped at MAX_WAIT_SECONDS), else 2, 4, 8 … seconds."""
    value = retry_after.strip()
    if value.isdigit():
        return min(float(value), MAX_WAIT_SECONDS)
    if value:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            when = None
        if when is not None:
            if when.tzinfo is None:
                when = when.replace(tzinfo=dt.UTC)
            delta = (when - (now or dt.datetime.now(dt.UTC))).total_seconds()
            return min(max(delta, 0.0), MAX_WAIT_SECONDS)
    return min(2.0 ** (attempt + 1), MAX_WAIT_SECONDS)


def polite_fetch(
    url: str,
    *,
    max_bytes: int,
    headers: Mapping[str, str] | None = None,
    attempts: int = 4,
    sleep: Callable[[float], object] = time.sleep,
) -> bytes:
    """The body at `url`, retried on 429 and 503 as the server asks; FetchError otherwise
    (and after `attempts` busy answers)."""
    sent = dict(headers or {})
    for attempt in range(attempts):
        try:
            return fetch_bytes(url, max_bytes=max_bytes, headers=sent)
        except FetchError as exc:
            if exc.status not in RETRY_STATUSES or attempt == attempts - 1:
                raise
            sleep(retry_wait(exc.retry_after, attempt))
    raise AssertionError("unreachable")  # pragma: no cover
