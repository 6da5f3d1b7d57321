"""What every advisory source module gives the importer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from chancery.ingest.dates import date_problem


class FeedError(Exception):
    """The whole feed is unusable (unreadable, malformed, hostile or of a changed format)."""


@dataclass
class AdvisoryItem:
    """One advisory as the issuer publishes it, before it is matched to our countries."""

    key: str  # how to name the item in a report: its title or GUID
    destinations: list[str]  # ISO alpha-2 codes; one item may cover several places
    level: int  # 1–4, by the source's documented mapping
    level_text: str  # the issuer's words, verbatim
    title: str
    summary_html: str  # as published; sanitised by the importer
    source_url: str
    published_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    date_note: str = ""


@dataclass
class ItemError:
    key: str
    reason: str


@dataclass
class ParsedFeed:
    items: list[AdvisoryItem] = field(default_factory=list)
    errors: list[ItemError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: Items read into another one's advisory, as the parts of one place (see `us_state`).
    joined: int = 0


def checked_date(
    value: dt.datetime | None, raw: str, now: dt.datetime
) -> tuple[dt.datetime | None, str]:
    """A publication date, or None with the reason when it is bogus (before 1990, or later
    than tomorrow)."""
    if value is None:
        return None, f"unreadable date {raw!r} ignored" if raw else ""
    if value.tzinfo is None:  # "-0000" in RFC 822, no offset in ISO 8601: read as UTC
        value = value.replace(tzinfo=dt.UTC)
    problem = date_problem(value, now)
    if problem:
        return None, f"{problem} date {raw!r} ignored"
    return value, ""


def links_base(site_url: str, page_url: str) -> str:
    """Where an issuer's relative links lead from: the advisory's own page when it is on the
    issuer's site (SITE_URL), as a reader of that page would follow them ("#part" stays on
    it), and the site itself otherwise."""
    site, page = urlsplit(site_url), urlsplit(page_url)
    if page.scheme == site.scheme and page.netloc.lower() == site.netloc.lower():
        return page_url
    return site_url
