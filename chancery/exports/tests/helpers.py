"""Independent reference computations and small factories for the open-data tests."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
from pathlib import Path
from typing import Any

from django.conf import settings
from django.http import HttpResponseBase
from django.test import Client
from django.utils import timezone

from chancery.advisories.models import Advisory, AdvisoryVersion, Level
from chancery.countries.models import Country
from chancery.news.models import Article, ArticleStatus

WIKIDATA_CSV = (
    Path(settings.BASE_DIR).parent
    / "shared"
    / "data"
    / "wikidata-missions"
    / "missions-2022-11-16.csv"
)
#: Sent as Origin by the CORS tests: any third-party web page.
ORIGIN = "https://maps.example.org"

#: Real missions of the 2022 snapshot used as fixed points.
GERMAN_EMBASSY_IN_RUSSIA = "Q4373990"  # Moscow, 55.71736, 37.517; no phone
COLOMBIAN_EMBASSY_IN_HUNGARY = "Q102005281"  # four jurisdictions besides Hungary, one phone
BELGIAN_EMBASSY_IN_RUSSIA = "Q4373974"  # one phone

MOSCOW = (55.7558, 37.6173)  # lat, lon (Red Square)
EARTH_RADIUS_KM = 6371.0088


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance, computed here in Python, independently of the SQL version."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, a)))


def entity(qid: str) -> str:
    return f"http://www.wikidata.org/entity/{qid}"


def wikidata_header() -> list[str]:
    """The Wikidata file's own columns (its header ends with a `;`: drop the empty 26th)."""
    with WIKIDATA_CSV.open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle, delimiter=";"))
    return [column for column in header if column]


def wikidata_row(qid: str) -> dict[str, str]:
    with WIKIDATA_CSV.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter=";"):
            if row["QID"] == entity(qid):
                return row
    raise LookupError(qid)


def body(response: HttpResponseBase) -> bytes:
    """The whole body, streamed or not."""
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)  # type: ignore[attr-defined]
    return response.content  # type: ignore[attr-defined]


def csv_rows(response: HttpResponseBase) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(body(response).decode("utf-8"), newline="")))


def json_body(response: HttpResponseBase) -> Any:
    return json.loads(body(response))


def api(client: Client, path: str, **params: object) -> dict[str, Any]:
    response = client.get(f"/api/v1{path}", params)
    assert response.status_code == 200, response.content
    return response.json()


def country(code: str) -> Country:
    return Country.objects.get(iso_alpha2=code)


def level_4_advisory(destination: str, issuer: str = "US") -> Advisory:
    """A current level-4 advisory by `issuer` on `destination`, made through the models."""
    now = timezone.now()
    advisory = Advisory.objects.create(
        destination=country(destination),
        issuer=country(issuer),
        source="us-state",
        last_seen_at=now,
    )
    version = AdvisoryVersion.objects.create(
        advisory=advisory,
        level=Level.DO_NOT_TRAVEL,
        level_text="Level 4: Do Not Travel",
        title=f"{advisory.destination.name} - Level 4: Do Not Travel",
        summary="<p>Do not travel.</p>",
        source_url="https://travel.state.gov/content/travel/en/traveladvisories.html",
        fetched_at=now,
        feed="test",
        content_hash=f"test-{destination}-{issuer}",
    )
    advisory.current = version
    advisory.save(update_fields=["current"])
    return advisory


def article(
    slug: str,
    *,
    status: str = ArticleStatus.PUBLISHED,
    published_at: dt.datetime | None = None,
    countries: tuple[str, ...] = (),
) -> Article:
    made = Article.objects.create(
        title=slug.replace("-", " ").capitalize(),
        slug=slug,
        summary=f"About {slug}.",
        body=f"Text of {slug}.",
        body_html=f"<p>Text of {slug}.</p>",
        status=status,
        published_at=published_at or timezone.now() - dt.timedelta(hours=1),
    )
    for code in countries:
        made.countries.add(country(code), through_defaults={"score": 1.0})
    return made
