"""Who-can-help figures for `make bench`: server time per answer (target ≤ 30 ms).

Each case is asked 30 times in-process (no network), with the fragment cache on as in
production (the page cache off, so every page is rendered); the first call, which loads the
offline reverse geocoder, is reported separately.
"""

from __future__ import annotations

import statistics
import time

CASES = (
    "/api/v1/assist?nationality=AU&lat=-8.65&lon=115.22",
    "/api/v1/assist?nationality=FR&country=RU&city=Saint%20Petersburg",
    "/api/v1/assist?nationality=US&country=IR",
    "/api/v1/assist?nationality=EE&country=BO",
    "/api/v1/assist?nationality=DE&country=CN",
    "/help/?nationality=netherlands&country=indonesia&city=Denpasar",
    "/from/germany/in/russia/",
)


def run(client) -> None:
    from django.conf import settings

    settings.CHANCERY_FRAGMENT_CACHE_SECONDS = 60  # the default, as in production
    start = time.perf_counter()
    response = client.get(CASES[0])
    assert response.status_code == 200, response.content[:300]
    print(f"assist first call (loads the geocoder): {(time.perf_counter() - start) * 1000:7.1f} ms")
    for url in CASES:
        timings = []
        for _ in range(30):
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        print(
            f"GET {url:<66} median {statistics.median(timings):5.1f} ms, "
            f"max {max(timings):5.1f} ms (target ≤ 30 ms)"
        )
