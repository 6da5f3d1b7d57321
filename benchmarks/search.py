"""Search figures for `make bench`: accuracy, server-side latency, index memory and build time.

Accuracy is measured on the development query set (../shared/eval/dev-queries.jsonl), on the
project's own held-out set (tests/search/holdout-queries.jsonl), on its regression set of
other pairs, phrasings and languages (tests/search/regression-queries.jsonl), and on the two
sets of the languages and phenomena added later (tests/search/languages-*-queries.jsonl), per
language. Latency is the time Django takes to answer GET /api/v1/search in-process (no
network), over every query three times. The index's memory includes the morphological
dictionaries loaded with it. Targets: accuracy@1 ≥ 0.95 overall and in every language;
p95 ≤ 10 ms; index ≤ 150 MB.
"""

from __future__ import annotations

import gc
import json
import statistics
import tempfile
import time
import tracemalloc
from collections import defaultdict
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
QUERY_SETS = (
    ("dev", ROOT.parent / "shared" / "eval" / "dev-queries.jsonl"),
    ("holdout", ROOT / "tests" / "search" / "holdout-queries.jsonl"),
    ("regress", ROOT / "tests" / "search" / "regression-queries.jsonl"),
    ("lang-dev", ROOT / "tests" / "search" / "languages-dev-queries.jsonl"),
    ("lang-hold", ROOT / "tests" / "search" / "languages-holdout-queries.jsonl"),
    ("lang-dev2", ROOT / "tests" / "search" / "languages-dev2-queries.jsonl"),
    ("lang-dev3", ROOT / "tests" / "search" / "languages-dev3-queries.jsonl"),
    ("lang-dev4", ROOT / "tests" / "search" / "languages-dev4-queries.jsonl"),
    ("lang-hold2", ROOT / "tests" / "search" / "languages-holdout2-queries.jsonl"),
    ("lang-dev5", ROOT / "tests" / "search" / "languages-dev5-queries.jsonl"),
    ("lang-dev6", ROOT / "tests" / "search" / "languages-dev6-queries.jsonl"),
    ("lang-dev7", ROOT / "tests" / "search" / "languages-dev7-queries.jsonl"),
    ("lang-dev8", ROOT / "tests" / "search" / "languages-dev8-queries.jsonl"),
    ("lang-hold3", ROOT / "tests" / "search" / "languages-holdout3-queries.jsonl"),
    ("lang-dev9", ROOT / "tests" / "search" / "languages-dev9-queries.jsonl"),
    ("lang-dev10", ROOT / "tests" / "search" / "languages-dev10-queries.jsonl"),
    ("lang-dev11", ROOT / "tests" / "search" / "languages-dev11-queries.jsonl"),
    ("lang-dev12", ROOT / "tests" / "search" / "languages-dev12-queries.jsonl"),
    ("lang-hold4", ROOT / "tests" / "search" / "languages-holdout4-queries.jsonl"),
    ("lang-dev13", ROOT / "tests" / "search" / "languages-dev13-queries.jsonl"),
    ("lang-dev14", ROOT / "tests" / "search" / "languages-dev14-queries.jsonl"),
    ("lang-hold5", ROOT / "tests" / "search" / "languages-holdout5-queries.jsonl"),
    ("lang-dev15", ROOT / "tests" / "search" / "languages-dev15-queries.jsonl"),
    ("lang-dev16", ROOT / "tests" / "search" / "languages-dev16-queries.jsonl"),
    ("lang-dev17", ROOT / "tests" / "search" / "languages-dev17-queries.jsonl"),
    ("lang-hold6", ROOT / "tests" / "search" / "languages-holdout6-queries.jsonl"),
    ("lang-dev18", ROOT / "tests" / "search" / "languages-dev18-queries.jsonl"),
    ("lang-hold7", ROOT / "tests" / "search" / "languages-holdout7-queries.jsonl"),
    ("lang-dev19", ROOT / "tests" / "search" / "languages-dev19-queries.jsonl"),
    ("lang-dev20", ROOT / "tests" / "search" / "languages-dev20-queries.jsonl"),
    ("lang-hold8", ROOT / "tests" / "search" / "languages-holdout8-queries.jsonl"),
    ("lang-dev21", ROOT / "tests" / "search" / "languages-dev21-queries.jsonl"),
    ("lang-dev22", ROOT / "tests" / "search" / "languages-dev22-queries.jsonl"),
    ("lang-hold9", ROOT / "tests" / "search" / "languages-holdout9-queries.jsonl"),
    ("lang-dev23", ROOT / "tests" / "search" / "languages-dev23-queries.jsonl"),
    ("lang-dev24", ROOT / "tests" / "search" / "languages-dev24-queries.jsonl"),
    ("lang-dev25", ROOT / "tests" / "search" / "languages-dev25-queries.jsonl"),
    ("lang-hold10", ROOT / "tests" / "search" / "languages-holdout10-queries.jsonl"),
    ("lang-dev26", ROOT / "tests" / "search" / "languages-dev26-queries.jsonl"),
    ("lang-dev27", ROOT / "tests" / "search" / "languages-dev27-queries.jsonl"),
    ("lang-hold11", ROOT / "tests" / "search" / "languages-holdout11-queries.jsonl"),
    ("lang-dev28", ROOT / "tests" / "search" / "languages-dev28-queries.jsonl"),
    ("lang-dev29", ROOT / "tests" / "search" / "languages-dev29-queries.jsonl"),
    ("lang-dev30", ROOT / "tests" / "search" / "languages-dev30-queries.jsonl"),
    ("lang-hold12", ROOT / "tests" / "search" / "languages-holdout12-queries.jsonl"),
    ("lang-dev31", ROOT / "tests" / "search" / "languages-dev31-queries.jsonl"),
    ("lang-dev32", ROOT / "tests" / "search" / "languages-dev32-queries.jsonl"),
    ("lang-hold13", ROOT / "tests" / "search" / "languages-holdout13-queries.jsonl"),
    ("lang-dev33", ROOT / "tests" / "search" / "languages-dev33-queries.jsonl"),
    ("lang-dev34", ROOT / "tests" / "search" / "languages-dev34-queries.jsonl"),
    ("lang-hold14", ROOT / "tests" / "search" / "languages-holdout14-queries.jsonl"),
    ("lang-dev35", ROOT / "tests" / "search" / "languages-dev35-queries.jsonl"),
    ("lang-dev36", ROOT / "tests" / "search" / "languages-dev36-queries.jsonl"),
)


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))]


def run(client) -> None:
    from django.conf import settings

    from chancery.directory.models import Mission
    from chancery.lexicon import sources, store
    from chancery.search import services

    def cold() -> None:
        """Forget the index and the lexicon, as a fresh process starts."""
        services._state = services._State()
        store._state = store._State()

    settings.CHANCERY_SEARCH_RECHECK_SECONDS = 5.0  # as in production
    services.warm()  # name caches on disk, imports
    cold()
    with tempfile.TemporaryDirectory() as nothing_kept:
        kept_dir = sources.cache_dir
        sources.cache_dir = lambda: Path(nothing_kept)  # the vocabulary is built, not loaded
        start = time.perf_counter()
        services.warm()
        build = time.perf_counter() - start
        sources.cache_dir = kept_dir
    cold()
    services.warm()  # keeps the vocabulary under var/cache
    cold()
    start = time.perf_counter()
    services.warm()
    loaded = time.perf_counter() - start
    cold()
    gc.collect()
    tracemalloc.start()
    services.warm()
    gc.collect()
    size = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    print(f"search index build:  {build:6.2f} s   (vocabulary built in a child process, missions)")
    print(f"search index load:   {loaded:6.2f} s   (vocabulary kept under var/cache, missions)")
    print(f"search index memory: {size / 2**20:6.1f} MB (target ≤ 150 MB)")

    mission = Mission.objects.earliest("pk")
    mission.save()
    start = time.perf_counter()
    services.warm()
    print(f"rebuild after a save:{time.perf_counter() - start:6.2f} s")

    for label, path in QUERY_SETS:
        if not path.exists():
            print(f"search {label}: {path} not found, skipped")
            continue
        queries = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        hits: defaultdict[str, list[bool]] = defaultdict(list)
        by_language: defaultdict[str, list[bool]] = defaultdict(list)
        timings: list[float] = []
        for _ in range(3):
            for item in queries:
                start = time.perf_counter()
                response = client.get(f"/api/v1/search?q={quote(item['query'])}&limit=5")
                timings.append((time.perf_counter() - start) * 1000)
                if _ == 0:
                    results = response.json()["results"]
                    right = bool(results) and results[0]["wikidata_id"] in item["expect"]
                    hits[item["kind"]].append(right)
                    by_language[item.get("lang", "?")].append(right)
        overall = sum(sum(v) for v in hits.values()) / sum(len(v) for v in hits.values())
        worst_kind, worst = min(
            ((kind, sum(v) / len(v)) for kind, v in hits.items()), key=lambda kv: kv[1]
        )
        print(
            f"search {label:<8} {len(queries):4d} queries: accuracy@1 {overall:.3f} "
            f"(lowest kind: {worst_kind} {worst:.3f}); latency p50 "
            f"{statistics.median(timings):5.1f} ms, p95 {_percentile(timings, 95):5.1f} ms, "
            f"max {max(timings):5.1f} ms"
        )
        if len(by_language) > 1:
            languages = ", ".join(
                f"{language} {sum(v) / len(v):.2f}" for language, v in sorted(by_language.items())
            )
            print(f"  per language: {languages}")
