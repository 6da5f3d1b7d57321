"""The top ten for a query on the real data, computed once per test process.

The quality and snapshot tests ask the same 1,142 queries; they read only (the data they run
on is the imported snapshot, unchanged), so one answer per query serves both.
"""

from __future__ import annotations

from functools import cache

from chancery.search.services import search


@cache
def top_ten(query: str) -> tuple[tuple[str, float, str], ...]:
    """(Wikidata ID, score, mission name) of the first ten results."""
    return tuple(
        (hit.mission.wikidata_id, hit.score, hit.mission.name) for hit in search(query, 10).hits
    )
