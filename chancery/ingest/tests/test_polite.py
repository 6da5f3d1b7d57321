"""Asking public services politely: a User-Agent that says who asks, and waiting as long as a
busy service asks (Retry-After in seconds or as an HTTP date, within a cap)."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from chancery.ingest.fetch import FetchError
from chancery.ingest.polite import MAX_WAIT_SECONDS, polite_fetch, retry_wait, user_agent

#: An answer: status, headers, body.
Answer = tuple[int, dict[str, str], bytes]


@dataclass
class LocalServer:
    """A web server on 127.0.0.1 that answers with `respond(path)` and records each request's
    path and headers."""

    url: str
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)


@contextmanager
def local_server(respond: Callable[[str], Answer]) -> Iterator[LocalServer]:
    record = LocalServer(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            record.requests.append((self.path, dict(self.headers.items())))
            status, headers, body = respond(self.path)
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    record.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.01})
    thread.daemon = True
    thread.start()
    try:
        yield record
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def scripted(*answers: Answer) -> Callable[[str], Answer]:
    """Answers given in turn; the last one repeats."""
    queue = list(answers)
    return lambda _path: queue.pop(0) if len(queue) > 1 else queue[0]


@pytest.fixture(autouse=True)
def _local_allowed(settings) -> None:
    settings.CHANCERY_FETCH_ALLOW_PRIVATE = True


# --- retry_wait -------------------------------------------------------------------------------

NOW = dt.datetime(2025, 3, 1, 12, 0, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("retry_after", "attempt", "expected"),
    [
        ("7", 0, 7.0),
        (" 30 ", 3, 30.0),
        ("Sat, 01 Mar 2025 12:00:45 GMT", 0, 45.0),
        ("Sat, 01 Mar 2025 11:59:00 GMT", 0, 0.0),  # a date already past: no wait
        ("", 0, 2.0),
        ("", 2, 8.0),
        ("soon", 1, 4.0),  # garbage: the growing wait, as if nothing were said
        ("-5", 0, 2.0),
        ("3600", 0, MAX_WAIT_SECONDS),
        ("Sun, 02 Mar 2025 12:00:00 GMT", 0, MAX_WAIT_SECONDS),
        ("", 20, MAX_WAIT_SECONDS),
    ],
)
def test_retry_wait(retry_after: str, attempt: int, expected: float) -> None:
    assert retry_wait(retry_after, attempt, now=NOW) == pytest.approx(expected)


# --- polite_fetch -----------------------------------------------------------------------------


def test_retries_a_503_after_the_wait_the_server_asks_for() -> None:
    waits: list[float] = []
    answers = scripted((503, {"Retry-After": "3"}, b"busy"), (200, {}, b"ok"))
    with local_server(answers) as server:
        body = polite_fetch(f"{server.url}/data", max_bytes=1000, sleep=waits.append)

    assert body == b"ok"
    assert waits == [3.0]
    assert len(server.requests) == 2


def test_gives_up_after_the_last_attempt_with_the_status() -> None:
    waits: list[float] = []
    with local_server(scripted((503, {}, b"busy"))) as server, pytest.raises(FetchError) as caught:
        polite_fetch(f"{server.url}/data", max_bytes=1000, attempts=3, sleep=waits.append)

    assert caught.value.status == 503
    assert "503" in str(caught.value)
    assert len(server.requests) == 3
    assert waits == [2.0, 4.0]  # no Retry-After: the growing wait


def test_does_not_retry_a_refusal() -> None:
    waits: list[float] = []
    with (
        local_server(scripted((404, {}, b"Not Found"))) as server,
        pytest.raises(FetchError) as caught,
    ):
        polite_fetch(f"{server.url}/data", max_bytes=1000, sleep=waits.append)

    assert caught.value.status == 404
    assert len(server.requests) == 1
    assert waits == []


def test_says_who_asks() -> None:
    with local_server(scripted((200, {}, b"ok"))) as server:
        polite_fetch(f"{server.url}/data", max_bytes=1000, headers={"Accept": "text/plain"})

    _, headers = server.requests[0]
    assert headers["User-Agent"] == user_agent()
    assert headers["Accept"] == "text/plain"
