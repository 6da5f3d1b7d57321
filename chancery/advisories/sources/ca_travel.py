"""Canada: Global Affairs Canada's travel-advice open data (index JSON).

`data.<ISO>.advisory-state` maps to our level: 0 "Take normal security precautions" → 1,
1 "Exercise a high degree of caution" → 2, 2 "Avoid non-essential travel" → 3,
3 "Avoid all travel" → 4. The verbatim wording is `eng.advisory-text`.
Open Government Licence – Canada.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from chancery.ingest.safe_json import JSONError, load_json

from .base import AdvisoryItem, FeedError, ItemError, ParsedFeed, checked_date

NAME = "ca"
ISSUER = "CA"
LABEL = "Government of Canada (travel.gc.ca)"
DEFAULT_URL = "https://data.international.gc.ca/travel-voyage/index-alpha-eng.json"
SITE_URL = "https://travel.gc.ca/"
ATTRIBUTION = "Contains information licensed under the Open Government Licence – Canada."
LEVEL_MAPPING = {
    1: "Take normal security precautions",
    2: "Exercise a high degree of caution",
    3: "Avoid non-essential travel",
    4: "Avoid all travel",
}
_STATES = {0: 1, 1: 2, 2: 3, 3: 4}
OTTAWA = ZoneInfo("America/Toronto")


def _text(value: Any) -> str:
    """A JSON value meant as text: strings as they are, anything else as nothing."""
    return value if isinstance(value, str) else ""


def _date(raw: Any) -> tuple[dt.datetime | None, str]:
    if isinstance(raw, dict):
        raw = raw.get("date") or ""
    if not isinstance(raw, str) or not raw:
        return None, ""
    for parse in (
        dt.datetime.fromisoformat,
        lambda s: dt.datetime.strptime(s, "%Y-%m-%d %H:%M:%S"),
    ):
        try:
            value = parse(raw)
            # The feed's dates carry no zone: they are Ottawa time.
            return (value if value.tzinfo else value.replace(tzinfo=OTTAWA)), raw
        except ValueError:
            continue
    return None, raw


def parse(data: bytes, now: dt.datetime) -> ParsedFeed:
    try:
        document = load_json(data)
    except JSONError as exc:
        raise FeedError(str(exc)) from exc
    entries = document.get("data") if isinstance(document, dict) else None
    if not isinstance(entries, dict) or not entries:
        raise FeedError("changed format: expected an object with a non-empty 'data' object")
    parsed = ParsedFeed()
    for key, entry in sorted(entries.items()):
        if not isinstance(entry, dict):
            parsed.errors.append(ItemError(key, "entry is not an object"))
            continue
        english = entry.get("eng")
        if not isinstance(english, dict):
            english = {}
        label = _text(english.get("name")) or _text(entry.get("country-eng")) or key
        code = _text(entry.get("country-iso")).upper()
        if len(code) != 2 or not code.isalpha():
            parsed.errors.append(ItemError(label, f"no ISO code (country-iso={code!r})"))
            continue
        state = entry.get("advisory-state")
        if not isinstance(state, int) or isinstance(state, bool) or state not in _STATES:
            parsed.errors.append(ItemError(label, f"unknown advisory-state {state!r}"))
            continue
        slug = _text(english.get("url-slug"))
        if not slug:
            parsed.errors.append(ItemError(label, "no url-slug"))
            continue
        value, raw = _date(entry.get("date-published"))
        published, note = checked_date(value, raw, now)
        parsed.items.append(
            AdvisoryItem(
                key=label,
                destinations=[code],
                level=_STATES[state],
                level_text=_text(english.get("advisory-text")) or LEVEL_MAPPING[_STATES[state]],
                title=f"{label}: travel advice",
                summary_html=_text(english.get("recent-updates")),
                source_url=f"https://travel.gc.ca/destinations/{slug}",
                published_at=published,
                updated_at=published,
                date_note=note,
            )
        )
    return parsed
