"""`make bench-load`: requests/s and latency under wrk (32 connections), with references.

Rows: the cached and uncached country hub, a mission page, search, the edge (nginx cache);
references: a bare Django view returning the same bytes (the Python ceiling, same gunicorn),
nginx serving the same HTML as a static file (the ceiling for any server), and Datasette serving
the same missions CSV (a country's table, a search). Uses the database `make prepare` filled.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DURATION = os.environ.get("BENCH_DURATION", "10s")
CONNECTIONS = os.environ.get("BENCH_CONNECTIONS", "32")
WORKERS = os.environ.get("BENCH_WORKERS", "2")


def free_port() -> int:
    """A port nothing listens on: within BENCH_PORTS (e.g. 18300-18399) when it is set, so that
    several people can run benchmarks on one machine, else any the system gives."""
    low, _, high = os.environ.get("BENCH_PORTS", "0").partition("-")
    for port in range(int(low), int(high or low) + 1):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            if port == 0 or port not in _given:
                _given.add(port)
                return s.getsockname()[1]
    raise SystemExit(f"no free port in BENCH_PORTS={os.environ['BENCH_PORTS']}")


#: Ports already handed out: a server may not be listening on one yet.
_given: set[int] = set()


def wait(url: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server exited: {process.returncode}")
        try:
            urllib.request.urlopen(url, timeout=5).read()
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"{url} did not answer")


def gunicorn(
    module: str, env: dict[str, str], *, config: str | None = "config/gunicorn.conf.py"
) -> tuple[subprocess.Popen, str]:
    """gunicorn as `make run` starts it (its config file), without the access log."""
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            *(["--config", config] if config else []),
            "--preload",
            "--workers",
            WORKERS,
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            module,
        ],
        cwd=ROOT,
        env={**os.environ, "GUNICORN_ACCESS_LOG": "", **env},
        stdout=subprocess.DEVNULL,
    )
    return process, f"http://127.0.0.1:{port}"


def wrk_figure(pattern: str, out: str) -> re.Match[str]:
    """The line of wrk's report that `pattern` reads. wrk always prints these lines, so a
    miss means its report changed, and the figures cannot be trusted."""
    match = re.search(pattern, out)
    if match is None:
        raise RuntimeError(f"wrk's report has no line matching {pattern!r}:\n{out}")
    return match


def wrk(url: str) -> tuple[float, float, float, int]:
    result = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    )
    out = result.stdout
    rps = float(wrk_figure(r"Requests/sec:\s+([\d.]+)", out).group(1))

    def percentile(p: str) -> float:
        match = wrk_figure(rf"\s{p}%\s+([\d.]+)(us|ms|s)", out)
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return rps, percentile("50"), percentile("99"), int(errors.group(1)) if errors else 0


def worker_memory(process: subprocess.Popen) -> list[tuple[float, float, float]]:
    """(RSS, PSS, private) in MB for each worker of a gunicorn master, from smaps_rollup.

    RSS counts the pages a worker shares with the master (the search index, built before
    the fork) in full; PSS splits them among the sharers; private is the worker's own.
    """
    children = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(process.pid)], capture_output=True, text=True
    ).stdout.split()
    figures = []
    for pid in children:
        fields: dict[str, int] = {}
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
                name, value, *_ = line.split()
                fields[name.rstrip(":")] = int(value)
        except OSError:
            continue
        private = fields.get("Private_Clean", 0) + fields.get("Private_Dirty", 0)
        figures.append((fields["Rss"] / 1024, fields["Pss"] / 1024, private / 1024))
    return figures


def datasette(tmp: Path) -> tuple[subprocess.Popen, str] | None:
    """Datasette serving the same missions CSV (as SQLite, with full-text search on names)."""
    if not shutil.which("datasette", path=str(Path(sys.executable).parent)):
        return None
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()
    from django.conf import settings

    database = tmp / "missions.db"
    bin_dir = Path(sys.executable).parent
    subprocess.run(
        [
            bin_dir / "sqlite-utils",
            "insert",
            database,
            "missions",
            settings.CHANCERY_MISSIONS_CSV,
            "--csv",
            "--delimiter",
            ";",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    subprocess.run(
        [
            bin_dir / "sqlite-utils",
            "enable-fts",
            database,
            "missions",
            "operator",
            "country",
            "city",
            "type",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    port = free_port()
    process = subprocess.Popen(
        [bin_dir / "datasette", "serve", database, "--port", str(port), "--host", "127.0.0.1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return process, f"http://127.0.0.1:{port}"


def row(label: str, url: str, reference: float | None = None) -> float:
    # Warm up with wrk itself, for a second: the same request headers as the measured run
    # (a cache keyed on Vary: Accept-Encoding holds wrk's variant, as a warm CDN would).
    subprocess.run(["wrk", "-t1", "-c1", "-d1s", url], capture_output=True, check=True)
    rps, p50, p99, errors = wrk(url)
    share = f"  {rps / reference:5.0%} of the Python ceiling" if reference else ""
    print(
        f"{label:<34} {rps:9.0f} req/s  p50 {p50:6.1f} ms  p99 {p99:6.1f} ms  non-2xx {errors}{share}"
    )
    return rps


def main() -> int:
    if not shutil.which("wrk"):
        print("wrk is not installed (apt-get install wrk)")
        return 1
    base_env = {"DJANGO_SETTINGS_MODULE": "config.settings.dev", "WEB_CONCURRENCY": WORKERS}
    cached, cached_url = gunicorn("config.wsgi", {**base_env, "CHANCERY_PAGE_CACHE_SECONDS": "300"})
    uncached, uncached_url = gunicorn(
        "config.wsgi", {**base_env, "CHANCERY_PAGE_CACHE_SECONDS": "0"}
    )
    processes = [cached, uncached]
    tmp = Path(tempfile.mkdtemp(prefix="chancery-load-"))
    tmp.chmod(0o755)  # nginx workers run as another user
    try:
        wait(cached_url + "/healthz", cached)
        wait(uncached_url + "/healthz", uncached)
        body = urllib.request.urlopen(cached_url + "/in/russia/", timeout=30).read()
        (tmp / "index.html").write_bytes(body)
        bare, bare_url = gunicorn(
            "benchmarks.bare:application",
            {"BENCH_BODY_FILE": str(tmp / "index.html")},
            config=None,
        )
        processes.append(bare)
        wait(bare_url + "/", bare)
        print(
            f"wrk: {CONNECTIONS} connections, {DURATION} per row; gunicorn with {WORKERS} workers"
        )
        ceiling = row("reference: bare Django view", bare_url + "/")
        row("/in/russia/ (cached)", cached_url + "/in/russia/", ceiling)
        row("/in/russia/ (uncached)", uncached_url + "/in/russia/")
        row(
            "/missions/<slug>/ (cached)",
            cached_url + "/missions/embassy-of-germany-in-russia/",
            ceiling,
        )
        row(
            "/api/v1/search?q=… (uncached)", uncached_url + "/api/v1/search?q=German+embassy+Moscow"
        )
        if shutil.which("nginx"):
            port = free_port()
            conf = tmp / "nginx.conf"
            conf.write_text(
                f"worker_processes 2; pid {tmp}/nginx.pid; error_log {tmp}/error.log; daemon off;\n"
                "events { worker_connections 1024; }\n"
                f"http {{ access_log off; server {{ listen 127.0.0.1:{port}; root {tmp}; }} }}\n"
            )
            nginx = subprocess.Popen(["nginx", "-c", str(conf), "-p", str(tmp)])
            processes.append(nginx)
            time.sleep(1)
            static_ceiling = row(
                "reference: nginx, same HTML static", f"http://127.0.0.1:{port}/index.html"
            )
            edge_port = free_port()
            edge = subprocess.Popen(
                [sys.executable, "deploy/serve_edge.py"],
                cwd=ROOT,
                env={
                    **os.environ,
                    **base_env,
                    "PORT": str(edge_port),
                    "APP_PORT": str(free_port()),
                    "EDGE_RUN_DIR": str(tmp / "edge"),
                    "EDGE_TTL": "10",
                },
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            processes.append(edge)
            wait(f"http://127.0.0.1:{edge_port}/healthz", edge)
            rps = row("edge: nginx cache → /in/russia/", f"http://127.0.0.1:{edge_port}/in/russia/")
            print(f"{'':34} {rps / static_ceiling:5.0%} of the nginx ceiling (goal ≥ 50%)")
        served = datasette(tmp)
        if served is None:
            print("reference: Datasette — not installed (pip install -e '.[bench]')")
        else:
            process, url = served
            processes.append(process)
            wait(url + "/-/versions.json", process)
            row("reference: Datasette, country table", url + "/missions/missions?country=Russia")
            row(
                "reference: Datasette, search",
                url + "/missions/missions?_search=German+embassy+Moscow",
            )
        for label, process in (("cached", cached), ("uncached", uncached)):
            figures = ", ".join(
                f"RSS {rss:.0f} / PSS {pss:.0f} / private {own:.0f} MB"
                for rss, pss, own in worker_memory(process)
            )
            print(f"memory per worker ({label}): {figures}  (goal: RSS ≤ 200 MB)")
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
