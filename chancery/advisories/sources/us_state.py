"""United States: the Department of State's travel-advisory RSS feed.

Levels are the State Department's own four, read from the `Threat-Level` category (or the
title): Level 1 "Exercise Normal Precautions" → 1, Level 2 "Exercise Increased Caution" → 2,
Level 3 "Reconsider Travel" → 3, Level 4 "Do Not Travel" → 4.

Countries come from the `Country-Tag` category, which holds FIPS 10-4 codes, not ISO ones
(AU is Austria, AS Australia): `data/fips_to_iso.tsv` maps them. Hong Kong and Macau carry no
tag and are read from the title; the Israel item also covers the West Bank and Gaza. Bonaire,
Sint Eustatius and Saba have an item each under the feed's own tag A1, and ISO 3166-1 counts
them as one place (BQ): their items are read as one advisory, in parts.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from collections.abc import Iterable
from functools import cache
from html import escape
from pathlib import Path
from xml.etree.ElementTree import Element

from chancery.core import tables
from chancery.countries.resolution import iso_for_name
from chancery.ingest.safe_xml import XMLMalformed, XMLRefused, read_xml

from .base import AdvisoryItem, FeedError, ItemError, ParsedFeed, checked_date

NAME = "us"
ISSUER = "US"
LABEL = "United States Department of State"
DEFAULT_URL = "https://travel.state.gov/_res/rss/TAsTWs.xml"
SITE_URL = "https://travel.state.gov/"
ATTRIBUTION = "Source: U.S. Department of State, travel.state.gov (public domain)."
LEVEL_MAPPING = {
    1: "Level 1: Exercise Normal Precautions",
    2: "Level 2: Exercise Increased Caution",
    3: "Level 3: Reconsider Travel",
    4: "Level 4: Do Not Travel",
}

_LEVEL = re.compile(r"Level\s*([1-4])\s*:\s*([^<]+)", re.IGNORECASE)
_FIPS_TABLE = Path(__file__).resolve().parent.parent / "data" / "fips_to_iso.tsv"
#: Places named in a title that cover more than one country.
_TITLE_EXTRAS = {"west bank": "PS", "gaza": "PS"}
#: Tags the feed gives to several items, one for each part of a single ISO place (A1: Bonaire,
#: Sint Eustatius and Saba, ISO BQ). Any other tag seen twice is a duplicate, reported as such.
PARTS_OF_ONE_PLACE = frozenset({"A1"})


@cache
def fips_to_iso() -> dict[str, list[str]]:
    """FIPS 10-4 code → ISO alpha-2 codes (several for the feed's grouped tags such as A3)."""
    table: dict[str, list[str]] = {}
    for _number, cells in tables.rows(_FIPS_TABLE):
        if len(cells) >= 2 and cells[1].strip():
            table[cells[0].strip().upper()] = cells[1].split()
    return table


def _text(element: Element, tag: str) -> str:
    found = element.find(tag)
    return (found.text or "").strip() if found is not None else ""


def _date(raw: str) -> dt.datetime | None:
    if not raw:
        return None
    try:
        return email.utils.parsedate_to_datetime(raw)
    except (TypeError, ValueError):
        pass
    for pattern in ("%a, %d %b %Y", "%d %b %Y"):
        try:
            return dt.datetime.strptime(raw.strip(), pattern).replace(tzinfo=dt.UTC)
        except ValueError:
            continue
    return None


def _destinations(tag: str, place: str) -> tuple[list[str], str]:
    """ISO codes for an item, and a reason when none can be found."""
    if tag:
        codes = fips_to_iso().get(tag.upper())
        if not codes:
            return [], f"unknown Country-Tag {tag!r}"
        codes = list(codes)
    else:
        code = iso_for_name(place)
        if not code:
            return [], f"no Country-Tag, and the title's place {place!r} is not a known country"
        codes = [code]
    lowered = place.lower()
    for words, code in _TITLE_EXTRAS.items():
        if words in lowered and code not in codes:
            codes.append(code)
    return codes, ""


def _place(title: str) -> str:
    """The place a title names: "Bonaire - Level 1: …" → "Bonaire"."""
    return re.split(r"\s+-\s+Level\s*[1-4]", title, maxsplit=1, flags=re.IGNORECASE)[0].strip()


def _joined(parts: list[AdvisoryItem]) -> AdvisoryItem:
    """One advisory from the items for the parts of one place: the highest level (the first
    part's on a tie), each part's summary under its name with a link to its own page, and the
    newest date."""
    worst = max(parts, key=lambda p: p.level)
    places = [_place(p.title) for p in parts]
    summary = "".join(
        f"<h3>{escape(place)}: {escape(part.level_text)}</h3>{part.summary_html}"
        f'<p><a href="{escape(part.source_url)}">{escape(part.title)}</a></p>'
        for place, part in zip(places, parts, strict=True)
    )
    newest = max((p.published_at for p in parts if p.published_at is not None), default=None)
    return AdvisoryItem(
        key=" + ".join(p.key for p in parts),
        destinations=worst.destinations,
        level=worst.level,
        level_text=worst.level_text,
        title=f"{', '.join(places)} - {worst.level_text}",
        summary_html=summary,
        source_url=worst.source_url,
        published_at=newest,
        updated_at=newest,
        date_note="; ".join(p.date_note for p in parts if p.date_note),
    )


def _join_parts(items: Iterable[tuple[str, AdvisoryItem]]) -> list[AdvisoryItem]:
    """The items in feed order, those of one place's parts joined where its first part was."""
    joined: list[AdvisoryItem | list[AdvisoryItem]] = []
    groups: dict[str, list[AdvisoryItem]] = {}
    for tag, item in items:
        if tag in PARTS_OF_ONE_PLACE:
            if tag not in groups:
                groups[tag] = []
                joined.append(groups[tag])
            groups[tag].append(item)
        else:
            joined.append(item)
    return [
        entry if isinstance(entry, AdvisoryItem) else _joined(entry) if len(entry) > 1 else entry[0]
        for entry in joined
    ]


def parse(data: bytes, now: dt.datetime) -> ParsedFeed:
    try:
        root = read_xml(data).root
    except XMLRefused as exc:
        raise FeedError(f"refused: {exc}") from exc
    except XMLMalformed as exc:
        raise FeedError(f"malformed XML: {exc}") from exc
    channel = root.find("channel")
    if root.tag != "rss" or channel is None:
        raise FeedError(f"changed format: expected <rss><channel>, found <{root.tag}>")
    items = channel.findall("item")
    if not items:
        raise FeedError("changed format: the feed has no <item>")
    parsed = ParsedFeed()
    read: list[tuple[str, AdvisoryItem]] = []
    for element in items:
        title = _text(element, "title")
        key = title or _text(element, "guid") or "(item without title)"
        categories = {
            (c.get("domain") or ""): (c.text or "").strip() for c in element.findall("category")
        }
        level_match = _LEVEL.search(categories.get("Threat-Level", "")) or _LEVEL.search(title)
        if not level_match:
            parsed.errors.append(ItemError(key, "no advisory level in its category or title"))
            continue
        level = int(level_match.group(1))
        level_text = f"Level {level}: {level_match.group(2).strip()}"
        tag = categories.get("Country-Tag", "")
        destinations, problem = _destinations(tag, _place(title))
        if problem:
            parsed.errors.append(ItemError(key, problem))
            continue
        link = _text(element, "link")
        if not link.startswith("https://"):
            parsed.errors.append(ItemError(key, f"link is not an https URL: {link[:80]!r}"))
            continue
        raw_date = _text(element, "pubDate")
        published, note = checked_date(_date(raw_date), raw_date, now)
        read.append(
            (
                tag.upper(),
                AdvisoryItem(
                    key=key,
                    destinations=destinations,
                    level=level,
                    level_text=level_text,
                    title=title,
                    summary_html=_text(element, "description"),
                    source_url=link,
                    published_at=published,
                    updated_at=published,
                    date_note=note,
                ),
            )
        )
    parsed.items = _join_parts(read)
    parsed.joined = len(read) - len(parsed.items)
    return parsed
