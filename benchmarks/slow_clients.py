"""Slow readers and busy exporters against a running server, with /healthz timed meanwhile.

A slow reader opens a connection, asks for the GeoJSON export and reads a few bytes a second,
as a phone on a poor network (or someone doing it on purpose) does; an exporter downloads the
whole exports in a loop. While they run, /healthz is asked for ten times a second on a new
connection each time, as a load balancer does, and its latency is recorded. Each client runs in
its own process, so the measuring process's own timings are not skewed by theirs, at a lower
priority (nice 10): real clients run on other machines, and on this one their downloads should
not take the CPU the server needs to answer.

    python -m benchmarks.slow_clients http://127.0.0.1:8000 [seconds]
"""

from __future__ import annotations

import multiprocessing
import os
import socket
import statistics
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

EXPORTS = ("/exports/missions.csv", "/exports/missions.json", "/exports/missions.geojson")
#: A reader this slow holds its connection for hours on a 10 MB export.
SLOW_BYTES, SLOW_PAUSE = 16, 0.5
#: The clients' scheduling priority: below the server's, as if they ran on other machines.
CLIENT_NICENESS = 10
#: A /healthz answer slower than this counts as down (and is recorded at this value).
HEALTH_TIMEOUT = 10.0


@dataclass
class Latencies:
    """/healthz latencies in milliseconds, and how many did not answer in time."""

    values: list[float]
    failures: int

    def quantile(self, q: float) -> float:
        ordered = sorted(self.values)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")

    @property
    def median(self) -> float:
        return statistics.median(self.values) if self.values else float("nan")

    def summary(self) -> str:
        return (
            f"median {self.median:.1f} ms, p95 {self.quantile(0.95):.1f} ms, "
            f"max {max(self.values, default=float('nan')):.1f} ms, "
            f"{len(self.values)} asked, {self.failures} unanswered or failed"
        )


def _slow_reader(base: str, path: str, until: float) -> None:
    os.nice(CLIENT_NICENESS)
    parts = urlsplit(base)
    while time.monotonic() < until:
        with socket.socket() as sock:
            # A small receive window, so the server's send blocks early, as on a slow link.
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            sock.settimeout(HEALTH_TIMEOUT)
            try:
                sock.connect((parts.hostname, parts.port or 80))
                sock.sendall(f"GET {path} HTTP/1.1\r\nHost: {parts.netloc}\r\n\r\n".encode("ascii"))
                while time.monotonic() < until:
                    if not sock.recv(SLOW_BYTES):
                        break
                    time.sleep(SLOW_PAUSE)
            except OSError:
                time.sleep(SLOW_PAUSE)


def _exporter(base: str, index: int, until: float, done: multiprocessing.SimpleQueue) -> None:
    os.nice(CLIENT_NICENESS)
    count = errors = 0
    while time.monotonic() < until:
        path = EXPORTS[(index + count + errors) % len(EXPORTS)]
        headers = {"Accept-Encoding": "gzip"} if (index + count) % 2 else {}
        try:
            request = urllib.request.Request(base + path, headers=headers)
            with urllib.request.urlopen(request, timeout=60) as response:
                while response.read(1 << 16):
                    pass
            count += 1
        except (OSError, urllib.error.HTTPError):
            errors += 1
            time.sleep(0.2)
    done.put((count, errors))


def health_latencies(base: str, seconds: float, interval: float = 0.1) -> Latencies:
    values: list[float] = []
    failures = 0
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=HEALTH_TIMEOUT) as response:
                response.read()
                ok = response.status == 200
        except (OSError, urllib.error.HTTPError):
            ok = False
        elapsed = (time.perf_counter() - started) * 1000
        values.append(min(elapsed, HEALTH_TIMEOUT * 1000))
        failures += not ok
        time.sleep(max(0.0, interval - elapsed / 1000))
    return Latencies(values, failures)


def under_slow_clients(
    base: str, seconds: float = 20, readers: int = 4, exporters: int = 4
) -> tuple[Latencies, int, int]:
    """/healthz latencies while `readers` slow readers and `exporters` exporters run.

    Returns the latencies, the exports completed and the exports that failed."""
    context = multiprocessing.get_context("fork")
    done = context.SimpleQueue()
    settle = 2.0
    until = time.monotonic() + settle + seconds
    clients = [
        context.Process(target=_slow_reader, args=(base, EXPORTS[2], until), daemon=True)
        for _ in range(readers)
    ] + [
        context.Process(target=_exporter, args=(base, index, until, done), daemon=True)
        for index in range(exporters)
    ]
    for client in clients:
        client.start()
    try:
        time.sleep(settle)  # the slow readers have sent their requests and hold their answers
        latencies = health_latencies(base, seconds)
    finally:
        for client in clients:
            client.join(timeout=HEALTH_TIMEOUT + 60)
            if client.is_alive():
                client.terminate()
    completed = failed = 0
    for _ in range(exporters):
        if done.empty():
            break
        count, errors = done.get()
        completed, failed = completed + count, failed + errors
    return latencies, completed, failed


def main() -> int:
    base = sys.argv[1].rstrip("/")
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 20.0
    quiet = health_latencies(base, 3)
    print(f"/healthz alone: {quiet.summary()}")
    latencies, completed, failed = under_slow_clients(base, seconds)
    print(
        f"/healthz with 4 slow readers and 4 exporters ({seconds:.0f} s): {latencies.summary()}; "
        f"exports completed {completed}, failed {failed}"
    )
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    raise SystemExit(main())
