"""`make bench`: import and page speed on the real data, printed as figures.

Runs against a fresh SQLite file in a temporary folder unless BENCH_DATABASE_URL is set
(e.g. postgres://postgres@127.0.0.1:5432/chancery_bench — the database is emptied first).
Targets: first import ≤ 10 s, re-import ≤ 3 s, /in/russia/ ≤ 30 ms server time and ≤ 10 queries;
search targets are in `benchmarks/search.py`.
"""

from __future__ import annotations

import io
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CSV = ROOT.parent / "shared" / "data" / "wikidata-missions" / "missions-2022-11-16.csv"
PAGES = ("/in/russia/", "/from/germany/", "/from/germany/in/russia/", "/", "/countries/")
API = ("/api/v1/missions?host=RU&limit=100",)


def main() -> int:
    tmp = tempfile.TemporaryDirectory(prefix="chancery-bench-")
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL") or (
        f"sqlite:///{tmp.name}/bench.sqlite3"
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    csv_path = Path(os.environ.get("CHANCERY_MISSIONS_CSV") or DEFAULT_CSV)
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(f"database: {engine}; file: {csv_path}")
    call_command("migrate", verbosity=0)
    if engine != "sqlite3":
        call_command("flush", interactive=False, verbosity=0)

    def timed_import() -> float:
        start = time.perf_counter()
        call_command(
            "ingest_missions",
            file=str(csv_path),
            no_progress=True,
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
        return time.perf_counter() - start

    first = timed_import()
    second = timed_import()
    print(f"first import:        {first:6.2f} s   (target ≤ 10 s)")
    print(f"re-import:           {second:6.2f} s   (target ≤ 3 s)")
    contact_sources(call_command)

    client = Client(HTTP_HOST="127.0.0.1")
    for url in PAGES + API:
        client.get(url)  # warm caches and connections
        timings = []
        for _ in range(20):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        print(
            f"GET {url:<40} median {statistics.median(timings):6.1f} ms, "
            f"p90 {sorted(timings)[int(len(timings) * 0.9) - 1]:6.1f} ms, "
            f"{len(queries)} queries, {len(response.content) // 1024} KiB"
        )
    from benchmarks import assist, search

    search.run(client)
    assist.run(client)
    tmp.cleanup()
    return 0


def contact_sources(call_command: Any) -> None:
    """The contact sources on their shared samples: how long, and the coverage they give."""
    from django.conf import settings

    samples = settings.SHARED_DATA_DIR
    runs = (
        ("ingest_osm", samples / "osm-embassies-singapore-sample/embassies-sg-20241120-1.geojson"),
        (
            "ingest_govuk_offices",
            samples / "govuk-fcdo-content-samples/worldwide_office-british-embassy-manila.json",
        ),
    )
    for command, path in runs:
        if not path.exists():
            continue
        start = time.perf_counter()
        call_command(command, file=str(path), stdout=io.StringIO(), stderr=io.StringIO())
        print(f"{command + ' (sample):':<21}{time.perf_counter() - start:6.2f} s")
    out = io.StringIO()
    call_command("source_coverage", json=True, stdout=out)
    coverage = json.loads(out.getvalue())
    print("source coverage (share of active missions): " + json.dumps(coverage, sort_keys=True))


if __name__ == "__main__":
    raise SystemExit(main())
