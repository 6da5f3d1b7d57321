"""Opening hours in OpenStreetMap's `opening_hours` syntax, read for people and for the API.

The `opening_hours` library parses and evaluates the expression; this module asks it for the
intervals of one week and for the state at an instant. Two readings of the library are corrected
to match the syntax's specification (wiki "Key:opening_hours/specification", rule modifiers):

* A rule that is only a comment (`Sa "by appointment"`) means "unknown, see the comment"; the
  library reads it as open all day, which would show an embassy as open on a Saturday.
* A fallback rule (`… || "by appointment"`) applies only where the rules before it say nothing;
  the library lets it cover the whole week. Fallback rules are therefore not evaluated: their
  comments become notes of the week, and "open now" is not claimed nor denied outside the
  regular hours of such an expression.

The week table is wall-clock time (no zone, no public holidays): it is the regular week. Public
holidays are only known to `hours_status`, when it is given the country.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from itertools import islice
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import opening_hours
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.dates import WEEKDAYS
from django.utils.formats import date_format as localized_date_format
from django.utils.translation import gettext

logger = logging.getLogger(__name__)

#: OSM's weekday codes, Monday first (the API's "day").
WEEKDAY_CODES = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
#: An OSM tag value holds at most 255 characters; anything much longer is not opening hours,
#: and is refused before the parser spends time on it.
MAX_RAW_LENGTH = 1000
#: A change more than a year away counts as none ("Closed now" for a closed mission).
_HORIZON_DAYS = 366
#: Intervals looked at for the next change: a year of split hours is about 1,100; past that the
#: hours are too fragmented to announce a change anyway.
_MAX_INTERVALS = 2000

_QUOTED = re.compile(r'"([^"]*)"')
# What makes a rule more than a comment: a time, a solar event, an always-open or a state.
_TIMED_OR_STATED = re.compile(
    r"\d{1,2}:\d{2}|24/7|\b(?:sunrise|sunset|dawn|dusk|open|closed|off|unknown)\b", re.IGNORECASE
)


@dataclass(frozen=True)
class DayHours:
    """One day of the regular week: open intervals as ("09:00", "17:00"), an interval that
    runs past midnight ending at the next day's time ("22:00", "02:00") and a whole day
    ending at "24:00"; `unconfirmed` intervals are those the hours mark unknown (by appointment,
    say); `note` holds the comments the hours give for the day."""

    weekday: int
    intervals: tuple[tuple[str, str], ...]
    note: str = ""
    unconfirmed: tuple[tuple[str, str], ...] = ()

    @property
    def code(self) -> str:
        return WEEKDAY_CODES[self.weekday]

    @property
    def name(self) -> str:
        """The weekday's name in the active language (Django's own translations)."""
        return str(WEEKDAYS[self.weekday])

    @property
    def closed(self) -> bool:
        return not self.intervals and not self.unconfirmed


@dataclass(frozen=True)
class WeeklyHours:
    """A week of hours, Monday first. `notes` are the expression's comments that belong to no
    single day (a fallback rule's); `public_holidays` is "closed" when the hours close on public
    holidays ("PH off"), "different" when they give them other hours, else ""."""

    raw: str
    days: tuple[DayHours, ...]
    notes: tuple[str, ...] = ()
    public_holidays: str = ""


@dataclass(frozen=True)
class _Expression:
    """A raw value made ready for the library: the rules it evaluates and what was set aside."""

    hours: opening_hours.OpeningHours
    comment_only: frozenset[str]
    fallback_notes: tuple[str, ...]


def _split_outside_quotes(raw: str, separator: str) -> list[str]:
    parts = re.split(r'("[^"]*")', raw)
    pieces = [""]
    for part in parts:
        if part.startswith('"'):
            pieces[-1] += part
            continue
        chunks = part.split(separator)
        pieces[-1] += chunks[0]
        pieces.extend(chunks[1:])
    return pieces


def _is_comment_only(rule: str) -> bool:
    return bool(_QUOTED.search(rule)) and not _TIMED_OR_STATED.search(_QUOTED.sub("", rule))


@lru_cache(maxsize=4096)
def _expression(raw: str, zone: str = "", country: str = "") -> _Expression | None:
    """The parsed expression, or None when it does not parse. `zone` makes the library answer in
    that zone; `country` lets it know public holidays."""
    if not raw or len(raw) > MAX_RAW_LENGTH:
        return None
    main, *fallbacks = _split_outside_quotes(raw, "||")
    fallback_notes = tuple(
        comment for rule in fallbacks for comment in _QUOTED.findall(rule) if comment.strip()
    )
    comment_only = frozenset(
        comment
        for rule in _split_outside_quotes(main, ";")
        if _is_comment_only(rule)
        for comment in _QUOTED.findall(rule)
    )
    options: dict[str, Any] = {"max_interval_days": _HORIZON_DAYS}
    if zone:
        options["timezone"] = ZoneInfo(zone)
    hours = None
    if country:
        try:
            hours = opening_hours.OpeningHours(main.strip(), country=country, **options)
        except Exception:  # a country the library has no holidays for: read without them
            hours = None
    if hours is None:
        try:
            hours = opening_hours.OpeningHours(main.strip(), **options)
        except Exception:  # the parser's errors are not all ParserError; any means "invalid"
            logger.debug("opening_hours does not parse: %r", raw)
            return None
    return _Expression(hours, comment_only, fallback_notes)


def _state(expression: _Expression, state: opening_hours.State, comment: str) -> str:
    """ "open", "closed" or "unknown", with comment-only rules read as unknown."""
    if state == opening_hours.State.OPEN:
        return "unknown" if comment in expression.comment_only else "open"
    if state == opening_hours.State.UNKNOWN:
        return "unknown"
    return "closed"


def _clock(moment: datetime, day_start: datetime) -> str:
    return "24:00" if moment - day_start == timedelta(days=1) else moment.strftime("%H:%M")


def _pieces(start: datetime, end: datetime) -> list[tuple[date, str, str]]:
    """An interval as (day, from, to): one shorter than a day that crosses midnight stays whole
    on its first day ("22:00"-"02:00"); a longer one is cut at each midnight."""
    if start.date() != end.date() and end - start < timedelta(days=1) and end.time() != time():
        return [(start.date(), start.strftime("%H:%M"), end.strftime("%H:%M"))]
    pieces = []
    day = start.date()
    while (day_start := datetime.combine(day, time())) < end:
        piece_start = max(start, day_start)
        piece_end = min(end, day_start + timedelta(days=1))
        pieces.append((day, _clock(piece_start, day_start), _clock(piece_end, day_start)))
        day += timedelta(days=1)
    return pieces


def _public_holidays(raw: str) -> str:
    unquoted = _QUOTED.sub("", raw)
    if re.search(r"\bPH\s+(?:off|closed)\b", unquoted):
        return "closed"
    return "different" if re.search(r"\bPH\b", unquoted) else ""


@lru_cache(maxsize=4096)
def _week(raw: str, monday: date) -> WeeklyHours | None:
    expression = _expression(raw)
    if expression is None:
        return None
    week = [monday + timedelta(days=offset) for offset in range(7)]
    opened: dict[date, list[tuple[str, str]]] = {day: [] for day in week}
    unknown: dict[date, list[tuple[str, str]]] = {day: [] for day in week}
    notes: dict[date, list[str]] = {day: [] for day in week}
    # From the Sunday before, so that Monday does not show the end of Sunday night's hours, to
    # the Monday after, so that Sunday night's hours are seen whole.
    start = datetime.combine(monday - timedelta(days=1), time())
    end = datetime.combine(monday + timedelta(days=8), time())
    try:
        intervals = list(expression.hours.intervals(start, end))
    except Exception:  # evaluation errors make the value unusable, as parse errors do
        logger.debug("opening_hours cannot be evaluated: %r", raw)
        return None
    for interval_start, interval_end, state, comment in intervals:
        reading = _state(expression, state, comment)
        for day, opens, closes in _pieces(interval_start, interval_end):
            if day not in opened:
                continue
            if reading == "open":
                opened[day].append((opens, closes))
            elif reading == "unknown":
                unknown[day].append((opens, closes))
            if comment and comment not in notes[day]:
                notes[day].append(comment)
    days = tuple(
        DayHours(
            weekday=index,
            intervals=tuple(opened[day]),
            note="; ".join(notes[day]),
            unconfirmed=tuple(unknown[day]),
        )
        for index, day in enumerate(week)
    )
    shown = {note for day in notes.values() for note in day}
    extra = [comment for comment in expression.fallback_notes if comment not in shown]
    return WeeklyHours(
        raw=raw,
        days=days,
        notes=tuple(dict.fromkeys(extra)),
        public_holidays=_public_holidays(raw),
    )


def _zone(name: str) -> ZoneInfo | None:
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _local_today(time_zone: str) -> date:
    zone = _zone(time_zone)
    now = timezone.now()
    return (now.astimezone(zone) if zone else now).date()


def hours_week(raw: str, *, time_zone: str = "", today: date | None = None) -> WeeklyHours | None:
    """The week from the Monday of `today` (by default today in `time_zone`), or None when
    `raw` is empty or is not opening hours. Never raises."""
    raw = (raw or "").strip()
    if not raw:
        return None
    today = today or _local_today(time_zone)
    return _week(raw, today - timedelta(days=today.weekday()))


def hours_structured(raw: str, *, time_zone: str = "") -> dict[str, Any] | None:
    """The current week as JSON-ready data for the API; None when there are no hours.

    {"raw", "valid", "time_zone", "week": [{"day": "Mo", "intervals": [["09:00", "17:00"]],
    "unconfirmed": [], "note": ""}, …], "notes": [...]}; a value that does not parse is given
    back with "valid": false and an empty week. The week itself is cached per value and week.
    """
    raw = (raw or "").strip()
    if not raw:
        return None
    week = hours_week(raw, time_zone=time_zone)
    if week is None:
        return {"raw": raw, "valid": False, "week": [], "notes": [], "time_zone": time_zone}
    return {
        "raw": raw,
        "valid": True,
        "week": [
            {
                "day": day.code,
                "intervals": [list(interval) for interval in day.intervals],
                "unconfirmed": [list(interval) for interval in day.unconfirmed],
                "note": day.note,
            }
            for day in week.days
        ],
        "notes": list(week.notes),
        "time_zone": time_zone,
    }


def _time_text(moment: datetime) -> str:
    # 24-hour in every language, as the hours table and the site's other times are written.
    return date_format(moment, "H:i")


def _when_text(opens: bool, moment: datetime, now: datetime) -> str:
    """ "closes at 17:00", "opens Monday at 09:00", …: the change seen from `now` (both local)."""
    clock = _time_text(moment)
    days_ahead = (moment.date() - now.date()).days
    if days_ahead <= 0:
        return (gettext("opens at %(time)s") if opens else gettext("closes at %(time)s")) % {
            "time": clock
        }
    if days_ahead == 1:
        return (
            gettext("opens tomorrow at %(time)s")
            if opens
            else gettext("closes tomorrow at %(time)s")
        ) % {"time": clock}
    if days_ahead < 7:
        day = str(WEEKDAYS[moment.weekday()])
        return (
            gettext("opens %(day)s at %(time)s") if opens else gettext("closes %(day)s at %(time)s")
        ) % {"day": day, "time": clock}
    on = localized_date_format(moment, "MONTH_DAY_FORMAT")
    return (
        gettext("opens on %(date)s at %(time)s")
        if opens
        else gettext("closes on %(date)s at %(time)s")
    ) % {"date": on, "time": clock}


@dataclass(frozen=True)
class HoursStatus:
    """Open or closed at `now`, and when that changes (both in the mission's zone)."""

    is_open: bool
    changes_at: datetime | None
    now: datetime
    comment: str = ""

    def state_text(self) -> str:
        return gettext("Open now") if self.is_open else gettext("Closed now")

    def change_text(self) -> str:
        if self.changes_at is None:
            return ""
        return _when_text(not self.is_open, self.changes_at, self.now)

    def text(self) -> str:
        """ "Open now · closes at 17:00", "Closed now · opens Monday at 09:00", "Closed now"."""
        change = self.change_text()
        return f"{self.state_text()} · {change}" if change else self.state_text()


def hours_status(
    raw: str, *, time_zone: str, now: datetime | None = None, country_code: str = ""
) -> HoursStatus | None:
    """Whether the mission is open at `now` (default: now), or None when that cannot be said.

    Without the mission's zone there is no saying: "09:00-17:00" is local time, and the same
    instant is morning in one capital and night in another, so an empty or unknown zone gives
    None rather than a guess. None also when `raw` does not parse, when the hours say "unknown"
    at `now`, and outside the regular hours of an expression with a fallback rule. With
    `country_code`, public holidays ("PH off") count.
    """
    raw = (raw or "").strip()
    zone = _zone(time_zone)
    if not raw or zone is None:
        return None
    expression = _expression(raw, time_zone, (country_code or "").upper())
    if expression is None:
        return None
    # The library wants a zoneinfo zone on aware datetimes; this also makes "now" local.
    local_now = (now or timezone.now()).astimezone(zone)
    horizon = local_now + timedelta(days=_HORIZON_DAYS)
    # The next change is read from the intervals rather than the library's `next_change`, which
    # would stop at a comment-only rule that the library takes for opening.
    try:
        intervals = expression.hours.intervals(local_now, horizon)
        first = next(intervals, None)
        if first is None:
            return None
        reading = _state(expression, first[2], first[3])
        changes_at = None
        for start, _stop, state, comment in islice(intervals, _MAX_INTERVALS):
            if (_state(expression, state, comment) == "open") != (reading == "open"):
                changes_at = start
                break
    except Exception:  # an expression the library cannot evaluate says nothing
        logger.debug("opening_hours cannot be evaluated: %r", raw)
        return None
    if reading == "unknown" or (reading == "closed" and expression.fallback_notes):
        return None
    return HoursStatus(
        is_open=reading == "open",
        changes_at=changes_at.astimezone(zone) if changes_at else None,
        now=local_now,
        comment=first[3],
    )
