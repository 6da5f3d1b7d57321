"""Fixtures for the news tests: a feed server on 127.0.0.1, users, the tagger's capitals."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from .helpers import FIXTURES


class FeedServer:
    """Serves the fixture files at /<name>, and anything put in `routes` (path → status, body)."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[int, bytes]] = {}
        self.requests: list[str] = []
        routes, requests = self.routes, self.requests

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                requests.append(self.path)
                if self.path in routes:
                    status, body = routes[self.path]
                else:
                    file = FIXTURES / self.path.lstrip("/")
                    ok = "/" not in self.path.lstrip("/") and file.is_file()
                    status, body = (200, file.read_bytes()) if ok else (404, b"Not Found")
                self.send_response(status)
                self.send_header("Content-Type", "application/xml")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    server = FeedServer()
    thread = threading.Thread(
        target=server.server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
    )
    thread.start()
    try:
        yield server
    finally:
        server.server.shutdown()
        server.server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user(
        "editor", "editor@example.org", "pw", is_staff=True
    )


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.org", "pw")
