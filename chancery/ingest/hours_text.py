"""Opening hours written in English ("Monday to Friday, 8am to 4:30pm", "Mon-Thu 08:00-16:30,
Fri 08:00-13:00") read into OpenStreetMap's opening_hours syntax.

Governments publish their offices' hours as prose, often in HTML. A statement is converted only
when it is read whole: a day or a time left over, a 12-hour time without am/pm, two statements
giving one day different hours, or hours of a telephone line leave the result empty with a
warning, never a guess. Every result is checked with the opening_hours library.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

import opening_hours

__all__ = ["AccessText", "opening_hours_from_html", "plain_text"]


def plain_text(value: object) -> str:
    """A text with any mix of CRLF, CR and LF made into single LFs, each line stripped and
    empty lines dropped ("" for what is not a text)."""
    if not isinstance(value, str):
        return ""
    lines = (line.strip() for line in re.split(r"\r\n|\r|\n", value))
    return "\n".join(line for line in lines if line)


class _Blocks(HTMLParser):
    """Govspeak HTML → (heading, text) blocks: paragraphs, list items, table rows."""

    BLOCKS = frozenset({"p", "li", "tr", "div", "ul", "ol", "table", "dd", "dt"})
    HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.heading = ""
        self.headings: list[str] = []
        self.blocks: list[tuple[str, str]] = []
        self._parts: list[str] = []
        self._in_heading = False

    def flush(self) -> None:
        text = " ".join("".join(self._parts).split())
        self._parts = []
        if not text:
            return
        if self._in_heading:
            self.heading = text
            self.headings.append(text)
        else:
            self.blocks.append((self.heading, text))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.BLOCKS or tag in self.HEADINGS:
            self.flush()
            self._in_heading = tag in self.HEADINGS
        elif tag == "br":
            self._parts.append("\n")
        elif tag in ("td", "th"):
            self._parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.BLOCKS or tag in self.HEADINGS:
            self.flush()
            self._in_heading = False

    def handle_data(self, data: str) -> None:
        self._parts.append(data)


_DAY = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?s?\.?"
_DAY_RANGE = rf"{_DAY}(?:\s*(?:-|–|—|to|through|until|till)\s*{_DAY})?"
_DAYS = rf"{_DAY_RANGE}(?:\s*(?:,|and|&)\s*{_DAY_RANGE})*"
_TIME = (
    r"(?:\d{1,2}(?:[:.]\d{2})?\s*(?:a\.?m\.?|p\.?m\.?)(?![a-z])|\d{1,2}[:.]\d{2}"
    r"|12\s*noon|noon|midday|midnight)"
)
_TIME_RANGE = rf"{_TIME}\s*(?:-|–|—|to|until|till)\s*{_TIME}"
_TIMES = rf"{_TIME_RANGE}(?:\s*(?:,|and|&)\s*{_TIME_RANGE})*"
_RULE = re.compile(
    rf"\b(?P<days>{_DAYS})\s*(?:[:,]\s*)?(?:from\s+)?(?:(?P<times>{_TIMES})|(?P<closed>closed))",
    re.IGNORECASE,
)
_DAY_TOKEN = re.compile(rf"\b{_DAY}(?![a-z])", re.IGNORECASE)
_TIME_TOKEN = re.compile(rf"(?<![\d:.]){_TIME}", re.IGNORECASE)
_HOLIDAYS = re.compile(r"\b(?:public|bank) holidays?\b", re.IGNORECASE)
#: A statement of hours about these is not about visiting the office.
_NOT_VISITING = re.compile(r"\b(?:tele)?phone|\bcall\b|\blines?\b|e-?mail", re.IGNORECASE)
_OSM_DAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
_DAY_INDEX = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}

Hours = tuple[tuple[str, str], ...]  # () means closed


def _day_numbers(spec: str) -> list[int]:
    days: list[int] = []
    for piece in re.split(r"\s*(?:,|\band\b|&)\s*", spec, flags=re.IGNORECASE):
        ends = [_DAY_INDEX[m.group()[:3].lower()] for m in _DAY_TOKEN.finditer(piece)]
        if len(ends) == 1:
            days.append(ends[0])
        elif len(ends) == 2:
            first, last = ends
            span = range(first, last + 1) if first <= last else [*range(first, 7), *range(last + 1)]
            days.extend(span)
    return days


def _clock(value: str) -> str:
    """ "8am" → "08:00", "4:30pm" → "16:30", "16:30" → "16:30", "noon" → "12:00"."""
    text = re.sub(r"([ap])\.?m\.?$", r"\1m", value.lower().replace(" ", ""))
    if "noon" in text or text == "midday":
        return "12:00"
    if text == "midnight":
        return "24:00"
    match = re.fullmatch(r"(\d{1,2})(?:[:.](\d{2}))?(am|pm)?", text)
    if match is None:
        raise ValueError(value)
    hour, minute, half = int(match.group(1)), int(match.group(2) or 0), match.group(3)
    if half:
        if not 1 <= hour <= 12:
            raise ValueError(value)
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59:
        raise ValueError(value)
    return f"{hour:02d}:{minute:02d}"


def _time_ranges(text: str) -> Hours:
    ranges = []
    for match in re.finditer(_TIME_RANGE, text, re.IGNORECASE):
        start_text, end_text = re.findall(_TIME, match.group(), re.IGNORECASE)
        start, end = _clock(start_text), _clock(end_text)
        if end <= start:
            raise ValueError(match.group())  # "8.30-4.30": a 12-hour clock without am/pm
        ranges.append((start, end))
    return tuple(ranges)


def _block_rules(text: str) -> dict[int, Hours] | None:
    """The weekly hours one block states, {} when it states none, None when it mentions days
    and times this reader does not fully understand."""
    rules: dict[int, Hours] = {}
    rest = text
    for match in _RULE.finditer(text):
        try:
            hours: Hours = () if match.group("closed") else _time_ranges(match.group("times"))
        except ValueError:
            return None
        for day in _day_numbers(match.group("days")):
            if day in rules and rules[day] != hours:
                return None
            rules[day] = hours
        rest = rest.replace(match.group(), " ", 1)
    if not rules:
        return {} if not (_DAY_TOKEN.search(text) and _TIME_TOKEN.search(text)) else None
    if _DAY_TOKEN.search(rest) or _TIME_TOKEN.search(rest):
        return None  # a day or a time left over: something said that was not understood
    return rules


def _osm_syntax(week: dict[int, Hours]) -> str:
    """{0: ((08:00, 16:30),), …} → "Mo-Th 08:00-16:30; Fr 08:00-13:00"."""
    groups: dict[Hours, list[int]] = {}
    for day in sorted(week):
        groups.setdefault(week[day], []).append(day)
    rules = []
    for hours, days in sorted(groups.items(), key=lambda item: item[1][0]):
        runs: list[list[int]] = []
        for day in days:
            if runs and runs[-1][-1] == day - 1:
                runs[-1].append(day)
            else:
                runs.append([day])
        spans = []
        for run in runs:
            if len(run) >= 3:
                spans.append(f"{_OSM_DAYS[run[0]]}-{_OSM_DAYS[run[-1]]}")
            else:
                spans.extend(_OSM_DAYS[day] for day in run)
        times = ",".join(f"{start}-{end}" for start, end in hours) if hours else "off"
        rules.append(f"{','.join(spans)} {times}")
    return "; ".join(rules)


@dataclass
class AccessText:
    """What `access_and_opening_times` gives: hours in OpenStreetMap syntax ("" when none is
    stated unambiguously), its headings, its paragraphs, and what could not be kept."""

    opening_hours: str
    headings: list[str]
    paragraphs: list[str]
    warnings: list[str]


def opening_hours_from_html(html: str) -> AccessText:
    """Convert plain English weekly hours ("Monday to Friday, 8am to 4:30pm", "Mon-Thu
    08:00-16:30, Fri 08:00-13:00") into OpenStreetMap opening_hours syntax.

    Only a statement read whole is converted: a day or a time left over in a sentence, a
    12-hour time without am/pm, or two statements giving the same day different hours (the
    embassy's and the visa section's, say) leave the hours empty, with a warning. Free text
    never goes into the field. Lists of dated public holidays are not converted: "PH" in
    the syntax means the host country's holidays, and an embassy's list mixes the host's
    with the UK's, for one year only."""
    parser = _Blocks()
    parser.feed(plain_text(html).replace("\n", " "))
    parser.close()
    parser.flush()
    warnings: list[str] = []
    week: dict[int, Hours] = {}
    unclear: list[str] = []
    for heading, text in parser.blocks:
        if _HOLIDAYS.search(heading):
            continue  # dated closures, see above
        rules = _block_rules(text)
        if rules and _NOT_VISITING.search(text):
            # "Telephone enquiries: Monday to Friday, 9am to 5pm" are a line's hours.
            warnings.append(f"hours of a phone line not taken as opening hours: {text[:120]!r}")
            continue
        if rules is None:
            unclear.append(text)
            continue
        for day, hours in rules.items():
            if day in week and week[day] != hours:
                unclear.append(text)
            week[day] = hours
    if any(_HOLIDAYS.search(heading) for heading in parser.headings):
        warnings.append(
            "public holiday closures not converted (a dated list; opening_hours 'PH' means "
            "the host country's holidays, which such a list does not match)"
        )
    result = ""
    if unclear:
        shown = "; ".join(repr(text[:120]) for text in unclear[:3])
        warnings.append(f"opening hours not converted (not stated unambiguously): {shown}")
    elif week:
        result = _osm_syntax(week)
        if not opening_hours.validate(result):  # a bug here, not in the data
            warnings.append(f"opening hours {result!r} refused by the opening_hours parser")
            result = ""
    paragraphs = [text for _heading, text in parser.blocks]
    return AccessText(result, parser.headings, paragraphs, warnings)
