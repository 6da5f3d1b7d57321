"""Whether a source's date is plausible enough to show.

Feeds carry dates from before there were feeds (a zero Unix time, year 1) and dates in the
future (a wrong clock, a typing error, 9999). A date before 1990 or more than a day after the
run is not believed; the day of slack leaves room for time zones and clocks a little ahead.
"""

from __future__ import annotations

import datetime as dt

EARLIEST_YEAR = 1990
LATEST_AHEAD = dt.timedelta(days=1)


def date_problem(value: dt.datetime, now: dt.datetime) -> str:
    """What is wrong with an aware date: "bogus" before 1990, "future" more than a day after
    `now`, "" when it is plausible."""
    if value.year < EARLIEST_YEAR:
        return "bogus"
    if value > now + LATEST_AHEAD:
        return "future"
    return ""
