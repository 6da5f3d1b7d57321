"""Paths to the real feeds and small hand-made feeds for the advisories tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from django.conf import settings
from django.db.models import QuerySet

from chancery.advisories.models import Advisory, AdvisoryVersion
from chancery.ingest.models import ImportKind, ImportRun

SHARED_DATA = Path(settings.BASE_DIR).parent / "shared" / "data"
US_DIR = SHARED_DATA / "us-state-travel-advisories"
US_1007 = US_DIR / "TAsTWs-2025-10-07.xml"
US_1014 = US_DIR / "TAsTWs-2025-10-14.xml"
UK_DIR = SHARED_DATA / "govuk-fcdo-content-samples"
UK_ALBANIA = UK_DIR / "travel_advice-albania-2017.json"
UK_TURKEY = UK_DIR / "travel_advice-turkey-2017.json"
UK_INDEX = UK_DIR / "travel_advice_index.json"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CA_SAMPLE = FIXTURES / "canada-index-sample.json"

#: When the 10-07 snapshot was read (the channel's dc:date is 2025-10-07T21:08:05Z).
READ_1007 = dt.datetime(2025, 10, 7, 22, 0, tzinfo=dt.UTC)
#: When the 10-14 snapshot was read (dc:date 2025-10-14T14:48:04Z).
READ_1014 = dt.datetime(2025, 10, 14, 15, 0, tzinfo=dt.UTC)
#: When the Canada sample was generated (metadata.generated: 2025-10-14 06:00:03 Ottawa).
READ_CA = dt.datetime(2025, 10, 14, 12, 0, tzinfo=dt.UTC)

US_LEVELS = {
    1: "Exercise Normal Precautions",
    2: "Exercise Increased Caution",
    3: "Reconsider Travel",
    4: "Do Not Travel",
}


@dataclass
class UsItem:
    """One <item> in the State Department's RSS shape (see the README of the real feeds)."""

    place: str
    tag: str | None  # the FIPS Country-Tag; None for no tag at all (as Hong Kong)
    level: int
    pub_date: str = "Tue, 07 Oct 2025"
    description: str = "<p>Advice.</p>"
    link: str | None = None
    title: str | None = None
    threat_level: str | None = None  # the Threat-Level category text; default from `level`

    def xml(self) -> str:
        words = US_LEVELS.get(self.level, "Unknown")
        title = (
            self.title if self.title is not None else f"{self.place} - Level {self.level}: {words}"
        )
        threat = (
            self.threat_level if self.threat_level is not None else f"Level {self.level}: {words}"
        )
        slug = self.place.lower().replace(" ", "-")
        link = self.link or (
            "https://travel.state.gov/content/travel/en/traveladvisories/traveladvisories/"
            f"{slug}-travel-advisory.html"
        )
        tag = (
            f'<category domain="Country-Tag">{escape(self.tag)}</category>'
            if self.tag is not None
            else ""
        )
        return (
            "<item>"
            f"<title>{escape(title)}</title>"
            f"<link>{escape(link)}</link>"
            f"<pubDate>{escape(self.pub_date)}</pubDate>"
            f"<description><![CDATA[{self.description}]]></description>"
            f'<category domain="Threat-Level">{escape(threat)}</category>'
            f"{tag}"
            '<category domain="Keyword">advisory</category>'
            f"<guid>{escape(link)}</guid>"
            "</item>"
        )


def us_rss(*items: UsItem) -> bytes:
    """A feed in the shape of https://travel.state.gov/_res/rss/TAsTWs.xml."""
    body = "".join(item.xml() for item in items)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss xmlns:dc="http://purl.org/dc/elements/1.1/" version="2.0"><channel>'
        "<title>travel.state.gov: Travel Advisories</title>"
        "<link>https://travel.state.gov/content/travel/en/traveladvisories/traveladvisories.html"
        "</link><description>Test feed.</description>"
        f"{body}</channel></rss>"
    ).encode()


def write(path: Path, data: bytes) -> str:
    path.write_bytes(data)
    return str(path)


@dataclass(frozen=True)
class Snapshot:
    """What the stored advisories look like, to prove that a failed run changed nothing."""

    advisories: int
    versions: int
    current: frozenset[tuple[int, int | None, dt.datetime | None]]


def snapshot() -> Snapshot:
    return Snapshot(
        advisories=Advisory.objects.count(),
        versions=AdvisoryVersion.objects.count(),
        current=frozenset(Advisory.objects.values_list("pk", "current_id", "last_seen_at")),
    )


def advisory_runs() -> QuerySet[ImportRun]:
    return ImportRun.objects.filter(kind=ImportKind.ADVISORIES)


def last_run() -> ImportRun:
    run = advisory_runs().order_by("-pk").first()
    assert run is not None
    return run


def current(code: str, issuer: str = "US") -> AdvisoryVersion:
    """The current version of `issuer`'s advisory on the country with ISO code `code`."""
    advisory = Advisory.objects.select_related("current").get(
        destination__iso_alpha2=code, issuer__iso_alpha2=issuer
    )
    assert advisory.current is not None
    return advisory.current
