"""Search results as plain data, for the JSON API and the HTML page alike."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from chancery.directory.models import Mission
from chancery.directory.naming import display_name, local_town

from .engine import CountryEntry, Hit
from .services import SearchResult


def _country(entry: CountryEntry) -> dict[str, str]:
    return {"code": entry.code, "name": entry.name, "slug": entry.slug}


def _shown(hits: list[Hit], language: str) -> dict[int, tuple[str, str]]:
    """Each hit's name and town in `language` (the index holds them as stored, in English)."""
    if language == "en" or not hits:
        return {}
    missions = Mission.objects.select_related(
        "sending_country", "host_country", "territory"
    ).in_bulk([hit.mission.pk for hit in hits])
    return {
        pk: (display_name(mission, language), local_town(mission, language) if mission.city else "")
        for pk, mission in missions.items()
    }


def search_payload(result: SearchResult, language: str = "en") -> dict[str, Any]:
    """The answer as JSON-ready data, names and towns in `language`; the page adds labels to
    it before rendering."""
    countries = result.index.countries
    shown = _shown(result.hits, language)
    return {
        "query": result.query,
        "truncated": result.truncated,
        "notices": result.notices,
        "interpretation": result.interpretation,
        "results": [
            {
                "id": hit.mission.public_id,
                "wikidata_id": hit.mission.wikidata_id,
                "name": shown.get(hit.mission.pk, (hit.mission.name,))[0],
                "kind": hit.mission.kind,
                "sending_country": _country(countries[hit.mission.sending_id]),
                "host_country": _country(countries[hit.mission.host_id]),
                # Where it stands: Hong Kong for a consulate-general the source files under China.
                "territory": _country(countries[hit.mission.place_id]),
                "city": shown[hit.mission.pk][1] if hit.mission.pk in shown else hit.mission.city,
                "url": reverse("directory:mission", args=[hit.mission.slug]),
                "score": hit.score,
                "why": hit.why,
            }
            for hit in result.hits
        ],
    }
