"""Atom feeds of advisory changes: /advisories/changes.atom and /advisories/<country>/changes.atom.

The feeds are read with xml.etree and checked against the required elements of RFC 4287, and
also with feedparser when it is installed.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.test import Client

from chancery.advisories.services import advisories_import

from .helpers import CA_SAMPLE, READ_CA, UsItem, us_rss, write

try:
    import feedparser
except ImportError:  # pragma: no cover - optional
    feedparser = None

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def _parse_atom(client: Client, url: str) -> ET.Element:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{required}") is not None, required
    assert root.find(f"{ATOM}link[@rel='alternate']") is not None
    assert root.find(f"{ATOM}link[@rel='self']") is not None
    dt.datetime.fromisoformat(root.findtext(f"{ATOM}updated"))
    ids = []
    for entry in root.findall(f"{ATOM}entry"):
        for required in ("id", "title", "updated"):
            assert entry.findtext(f"{ATOM}{required}"), required
        dt.datetime.fromisoformat(entry.findtext(f"{ATOM}updated"))
        assert entry.find(f"{ATOM}link").get("href")
        ids.append(entry.findtext(f"{ATOM}id"))
    assert len(ids) == len(set(ids)), "entry ids must be unique"
    return root


def _titles(root: ET.Element) -> list[str]:
    return [entry.findtext(f"{ATOM}title") for entry in root.findall(f"{ATOM}entry")]


@pytest.fixture
def changes(tmp_path: Path) -> None:
    """Russia level 3 → 4 and Germany updated (US), plus the Canada sample."""
    first = us_rss(UsItem("Russia", "RS", 3), UsItem("Germany", "GM", 2))
    second = us_rss(
        UsItem("Russia", "RS", 4, pub_date="Wed, 08 Oct 2025"),
        UsItem("Germany", "GM", 2, pub_date="Wed, 08 Oct 2025"),
    )
    advisories_import("us", write(tmp_path / "1.xml", first), now=READ_CA - dt.timedelta(days=2))
    advisories_import("us", write(tmp_path / "2.xml", second), now=READ_CA - dt.timedelta(days=1))
    advisories_import("ca", str(CA_SAMPLE), now=READ_CA)


@pytest.mark.usefixtures("changes")
def test_site_feed_lists_every_change(client: Client) -> None:
    root = _parse_atom(client, "/advisories/changes.atom")
    titles = _titles(root)
    assert len(titles) == 2 + 2 + 6
    assert "Russia: United States — Level 4: Do Not Travel (level 3 → 4)" in titles
    assert "Russia: United States — Level 3: Reconsider Travel (new)" in titles
    assert "Germany: United States — Level 2: Exercise Increased Caution (updated)" in titles
    assert "Russia: Canada — Avoid all travel (new)" in titles
    assert (
        "Thailand: Canada — Exercise a high degree of caution (with regional advisories) (new)"
        in (titles)
    )
    links = {e.find(f"{ATOM}link").get("href") for e in root.findall(f"{ATOM}entry")}
    assert "http://testserver/advisories/russia/" in links


@pytest.mark.usefixtures("changes")
def test_country_feed_has_only_that_countrys_changes(client: Client) -> None:
    root = _parse_atom(client, "/advisories/russia/changes.atom")
    titles = _titles(root)
    assert len(titles) == 3
    assert all(title.startswith("Russia: ") for title in titles)
    assert "Russia" in root.findtext(f"{ATOM}title")
    root = _parse_atom(client, "/advisories/thailand/changes.atom")
    assert _titles(root) == [
        "Thailand: Canada — Exercise a high degree of caution (with regional advisories) (new)"
    ]
    # A country code works as well as a slug.
    assert len(_titles(_parse_atom(client, "/advisories/RU/changes.atom"))) == 3


@pytest.mark.usefixtures("changes")
def test_feed_entries_carry_the_sanitised_summary(client: Client) -> None:
    root = _parse_atom(client, "/advisories/thailand/changes.atom")
    (entry,) = root.findall(f"{ATOM}entry")
    summary = entry.findtext(f"{ATOM}summary") or entry.findtext(f"{ATOM}content") or ""
    assert "armed clashes" in summary
    assert "<script" not in summary.lower()
    assert "javascript:" not in summary.lower()


def test_empty_feeds_are_valid(client: Client) -> None:
    assert _titles(_parse_atom(client, "/advisories/changes.atom")) == []
    assert _titles(_parse_atom(client, "/advisories/japan/changes.atom")) == []


@pytest.mark.usefixtures("changes")
def test_pages_link_to_their_feeds(client: Client) -> None:
    index = client.get("/advisories/").content.decode()
    assert 'type="application/atom+xml"' in index
    assert 'href="/advisories/changes.atom"' in index
    country = client.get("/advisories/russia/").content.decode()
    assert 'href="/advisories/russia/changes.atom"' in country


@pytest.mark.skipif(feedparser is None, reason="feedparser is not installed")
@pytest.mark.usefixtures("changes")
def test_feedparser_reads_valid_atom(client: Client) -> None:
    for url, count in [("/advisories/changes.atom", 10), ("/advisories/russia/changes.atom", 3)]:
        parsed = feedparser.parse(client.get(url).content)
        assert parsed.bozo == 0, parsed.get("bozo_exception")
        assert parsed.version == "atom10"
        assert len(parsed.entries) == count
        for entry in parsed.entries:
            assert entry.id and entry.title and entry.link and entry.updated_parsed
    parsed = feedparser.parse(client.get("/advisories/russia/changes.atom").content)
    assert {entry.title.split(":")[0] for entry in parsed.entries} == {"Russia"}
