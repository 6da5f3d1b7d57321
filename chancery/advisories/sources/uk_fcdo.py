"""United Kingdom: FCDO travel advice through the GOV.UK Content API.

Each country is one content item (`https://www.gov.uk/api/content/foreign-travel-advice/<slug>`,
schema `travel_advice`). Its `details.alert_status` list maps to our level by the most severe
status (GOV.UK's standard sentences are the verbatim level):

- no status → 1 ("No FCDO advice against travel" — our wording: GOV.UK shows no alert);
- `avoid_all_but_essential_travel_to_parts` → 2;
- `avoid_all_travel_to_parts` → 3;
- `avoid_all_but_essential_travel_to_whole_country` → 3;
- `avoid_all_travel_to_whole_country` → 4.

The text is Crown copyright under the Open Government Licence v3.0, shown with its attribution.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from chancery.countries.resolution import iso_for_name
from chancery.ingest.fetch import FetchError, fetch_bytes
from chancery.ingest.safe_json import JSONError, load_json

from .base import AdvisoryItem, FeedError, ItemError, ParsedFeed, checked_date

NAME = "uk"
ISSUER = "GB"
LABEL = "United Kingdom Foreign, Commonwealth & Development Office"
DEFAULT_URL = "https://www.gov.uk/api/content/foreign-travel-advice"
SITE_URL = "https://www.gov.uk/"
ATTRIBUTION = (
    "Contains public sector information licensed under the Open Government Licence v3.0 "
    "(FCDO travel advice, GOV.UK)."
)
ALERT_LEVELS = {
    "avoid_all_but_essential_travel_to_parts": (
        2,
        "FCDO advises against all but essential travel to parts of the country",
    ),
    "avoid_all_travel_to_parts": (3, "FCDO advises against all travel to parts of the country"),
    "avoid_all_but_essential_travel_to_whole_country": (
        3,
        "FCDO advises against all but essential travel to the whole country",
    ),
    "avoid_all_travel_to_whole_country": (
        4,
        "FCDO advises against all travel to the whole country",
    ),
}
NO_ALERT = (1, "No FCDO advice against travel")
LEVEL_MAPPING = {1: NO_ALERT[1], **{level: text for level, text in ALERT_LEVELS.values()}}


def read_directory(path: Path, *, max_bytes: int) -> bytes:
    """Several content items saved as files: one JSON array of them, at most `max_bytes` read
    in all."""
    items = []
    remaining = max_bytes
    for file in sorted(path.glob("*.json")):
        try:
            data = fetch_bytes(str(file), max_bytes=remaining)
            items.append(load_json(data))
        except FetchError as exc:
            raise FeedError(f"{file.name}: {exc.problem} (all files together)") from exc
        except JSONError as exc:
            raise FeedError(f"{file.name}: {exc}") from exc
        remaining -= len(data)
    return json.dumps(items).encode()


def _date(raw: Any) -> dt.datetime | None:
    if not isinstance(raw, str) or not raw:
        return None
    try:
        return dt.datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        return None


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _text(value: Any) -> str:
    """A JSON value meant as text: strings as they are, anything else (a number, a list, an
    object where the schema has a string) as nothing."""
    return value if isinstance(value, str) else ""


def _item(document: Any, now: dt.datetime) -> AdvisoryItem | ItemError:
    if not isinstance(document, dict):
        return ItemError("(not an object)", "expected a GOV.UK content item")
    key = _text(document.get("title")) or _text(document.get("base_path")) or "(untitled item)"
    if document.get("schema_name") != "travel_advice":
        return ItemError(key, f"schema {document.get('schema_name')!r} is not travel_advice")
    details = _mapping(document.get("details"))
    country = _mapping(details.get("country"))
    synonyms = country.get("synonyms")
    if not isinstance(synonyms, list):
        synonyms = []
    names = [n for n in (country.get("name"), *synonyms, country.get("slug")) if _text(n)]
    code = next(
        (
            iso_for_name(n.replace("-", " "))
            for n in names
            if n and iso_for_name(n.replace("-", " "))
        ),
        None,
    )
    if not code:
        return ItemError(key, f"country {country.get('name')!r} is not a known country")
    statuses = details.get("alert_status") or []
    if not isinstance(statuses, list) or not all(isinstance(s, str) for s in statuses):
        return ItemError(key, "alert_status is not a list of names")
    unknown = [s for s in statuses if s not in ALERT_LEVELS]
    if unknown:
        return ItemError(key, f"unknown alert status {unknown[0]!r}")
    level, text = max((ALERT_LEVELS[s] for s in statuses), default=NO_ALERT)
    parts = details.get("parts") or []
    if not isinstance(parts, list) or not all(isinstance(p, dict) for p in parts):
        return ItemError(key, "details.parts is not a list of objects")
    summary = next((_text(p.get("body")) for p in parts if p.get("slug") == "summary"), "")
    base_path = _text(document.get("base_path"))
    if not base_path.startswith("/"):
        return ItemError(key, "no base_path")
    raw_updated = document.get("public_updated_at") or ""
    updated, note = checked_date(_date(raw_updated), str(raw_updated), now)
    published, _ = checked_date(_date(document.get("first_published_at")), "", now)
    return AdvisoryItem(
        key=key,
        destinations=[code],
        level=level,
        level_text=text,
        title=_text(document.get("title")) or key,
        summary_html=summary,
        source_url=f"https://www.gov.uk{base_path}",
        published_at=published,
        updated_at=updated,
        date_note=note,
    )


def parse(data: bytes, now: dt.datetime) -> ParsedFeed:
    try:
        document = load_json(data)
    except JSONError as exc:
        raise FeedError(str(exc)) from exc
    if isinstance(document, dict) and document.get("schema_name") == "travel_advice_index":
        raise FeedError(
            "this is the travel-advice index, which holds no alert statuses: give the countries' "
            "content items (a file, a directory of them, or their URLs)"
        )
    documents = document if isinstance(document, list) else [document]
    if not documents:
        raise FeedError("no content items")
    parsed = ParsedFeed()
    for entry in documents:
        result = _item(entry, now)
        if isinstance(result, ItemError):
            parsed.errors.append(result)
        else:
            parsed.items.append(result)
    if not parsed.items and parsed.errors:
        raise FeedError(f"no usable item: {parsed.errors[0].key}: {parsed.errors[0].reason}")
    return parsed
