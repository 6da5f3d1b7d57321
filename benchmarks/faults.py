"""`make fault-test`: the site under faults, on PostgreSQL (needs pg_ctlcluster and wrk).

1. wrk at 64 connections for 60 s (BENCH_FAULT_SECONDS) against cached and uncached pages:
   every answer must be 2xx.
2. PostgreSQL stopped mid-run (pg_ctlcluster … stop): requests get 503 with Retry-After, never
   a traceback; when it is started again, the site recovers by itself.
3. SIGTERM to gunicorn while requests are in flight: they complete (graceful drain).
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

from benchmarks.load import free_port, gunicorn, wait

PG_URL = os.environ.get("PG_URL", "postgres://postgres@127.0.0.1:5432/chancery_bench")
CLUSTER = os.environ.get("PG_CLUSTER", "15 main").split()
SECONDS = os.environ.get("BENCH_FAULT_SECONDS", "60")


def fetch(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def main() -> int:
    env = {"DJANGO_SETTINGS_MODULE": "config.settings.dev", "DATABASE_URL": PG_URL}
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v0"], env={**os.environ, **env}, check=True
    )
    subprocess.run(
        [sys.executable, "manage.py", "ingest_missions", "--if-empty", "--no-progress"],
        env={**os.environ, **env},
        check=True,
    )
    app, base = gunicorn("config.wsgi", env)
    ok = True
    try:
        wait(base + "/healthz", app)
        for path in ("/in/russia/", "/api/v1/search?q=German+embassy+Moscow"):
            out = subprocess.run(
                ["wrk", "-t2", "-c64", f"-d{SECONDS}s", base + path],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
            rps = re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)
            count = int(errors.group(1)) if errors else 0
            print(f"wrk 64 connections {SECONDS}s {path}: {rps} req/s, non-2xx {count}")
            ok &= count == 0

        subprocess.run(["pg_ctlcluster", *CLUSTER, "stop", "-m", "fast"], check=True)
        try:
            time.sleep(1)
            status, headers, body = fetch(base + "/from/germany/in/russia/")
            print(
                f"database stopped: {status}, Retry-After {headers.get('Retry-After')}, "
                f"traceback shown: {b'Traceback' in body}"
            )
            ok &= (
                status == 503
                and headers.get("Retry-After") is not None
                and b"Traceback" not in body
            )
        finally:
            subprocess.run(["pg_ctlcluster", *CLUSTER, "start"], check=True)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            status, _, _ = fetch(base + "/from/france/in/russia/")
            if status == 200:
                break
            time.sleep(0.5)
        print(f"database back: {status}")
        ok &= status == 200

        # Two streamed exports in flight (each worker has sent its headers), then SIGTERM:
        # both must finish whole. A request still waiting in the listen queue is not in
        # flight; the load balancer retries it elsewhere.
        results: list[object] = []
        started = [threading.Event(), threading.Event()]

        def slow_request(started: threading.Event) -> None:
            try:
                with urllib.request.urlopen(base + "/exports/missions.csv", timeout=60) as r:
                    started.set()
                    body = r.read()
                    complete = body.count(b"\n") > 1000 and body.endswith(b"\n")
                    results.append(r.status if complete else f"cut at {len(body)} bytes")
            except OSError as exc:
                results.append(f"{type(exc).__name__}: {exc}")
            finally:
                started.set()

        threads = [threading.Thread(target=slow_request, args=(event,)) for event in started]
        for thread in threads:
            thread.start()
        for event in started:
            event.wait(timeout=30)
        app.send_signal(signal.SIGTERM)
        for thread in threads:
            thread.join(timeout=60)
        print(f"SIGTERM during requests: {results}")
        ok &= results == [200, 200]
    finally:
        if app.poll() is None:
            app.send_signal(signal.SIGTERM)
            app.wait(timeout=60)
    print("all faults handled" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    free_port()
    raise SystemExit(main())
