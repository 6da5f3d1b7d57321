"""Search gives the same answers on every database: a snapshot of the rankings.

CI runs the suite on SQLite and again on PostgreSQL; both runs must give exactly the committed
top five (ids and scores) for the project's 1,142 held-out and regression queries. After a
deliberate change to the ranking, write the snapshot again with

    CHANCERY_UPDATE_RANKING_SNAPSHOT=1 .venv/bin/pytest chancery/search/tests/test_same_everywhere.py
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from django.conf import settings

from .rankings import top_ten

pytestmark = pytest.mark.django_db

QUERIES = [
    Path(settings.BASE_DIR) / "tests" / "search" / "holdout-queries.jsonl",
    Path(settings.BASE_DIR) / "tests" / "search" / "regression-queries.jsonl",
]
SNAPSHOT = Path(settings.BASE_DIR) / "tests" / "search" / "ranking-snapshot.json"


def rankings() -> dict[str, list[list[object]]]:
    out: dict[str, list[list[object]]] = {}
    for path in QUERIES:
        for line in path.read_text(encoding="utf-8").splitlines():
            query = json.loads(line)["query"]
            out[query] = [[qid, round(score, 3)] for qid, score, _ in top_ten(query)[:5]]
    return out


def test_rankings_are_the_committed_ones() -> None:
    got = rankings()
    if os.environ.get("CHANCERY_UPDATE_RANKING_SNAPSHOT"):
        lines = [
            f"{json.dumps(query, ensure_ascii=False)}: {json.dumps(got[query])}"
            for query in sorted(got)
        ]
        SNAPSHOT.write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")
        pytest.skip(f"wrote {SNAPSHOT}")
    expected = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    assert set(got) == set(expected)
    changed = [query for query in expected if got[query] != expected[query]]
    details = "\n".join(
        f"{query!r}: expected {expected[query]}, got {got[query]}" for query in changed[:10]
    )
    assert not changed, (
        f"{len(changed)} rankings differ from {SNAPSHOT.name} (update it after a deliberate "
        f"change, see this module's docstring):\n{details}"
    )
