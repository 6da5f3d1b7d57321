"""Search results as plain data, for the JSON API and the HTML page alike."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from .engine import CountryEntry
from .services import SearchResult


def _country(entry: CountryEntry) -> dict[str, str]:
    return {"code": entry.code, "name": entry.name, "slug": entry.slug}


def search_payload(result: SearchResult) -> dict[str, Any]:
    """The answer as JSON-ready data; the page adds labels to it before rendering."""
    countries = result.index.countries
    return {
        "query": result.query,
        "truncated": result.truncated,
        "notices": result.notices,
        "interpretation": result.interpretation,
        "results": [
            {
                "id": hit.mission.public_id,
                "wikidata_id": hit.mission.wikidata_id,
                "name": hit.mission.name,
                "kind": hit.mission.kind,
                "sending_country": _country(countries[hit.mission.sending_id]),
                "host_country": _country(countries[hit.mission.host_id]),
                # Where it stands: Hong Kong for a consulate-general the source files under China.
                "territory": _country(countries[hit.mission.place_id]),
                "city": hit.mission.city,
                "url": reverse("directory:mission", args=[hit.mission.slug]),
                "score": hit.score,
                "why": hit.why,
            }
            for hit in result.hits
        ],
    }
