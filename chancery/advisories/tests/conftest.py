"""Fixtures for the advisories tests: a local HTTP server for the feed-fetching paths."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from .helpers import UsItem, us_rss

#: path → (status, body) served by `feed_server`.
ROUTES: dict[str, tuple[int, bytes]] = {
    "/feed.xml": (
        200,
        us_rss(UsItem("Germany", "GM", 2), UsItem("Russia", "RS", 4)),
    ),
    "/boom": (500, b"<html><body>Internal Server Error</body></html>"),
    "/forbidden": (403, b"Forbidden"),
}


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        status, body = ROUTES.get(self.path, (404, b"Not Found"))
        self.send_response(status)
        self.send_header("Content-Type", "application/xml" if status == 200 else "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def feed_server() -> Iterator[str]:
    """The base URL of a server on 127.0.0.1 answering ROUTES (404 for anything else)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
