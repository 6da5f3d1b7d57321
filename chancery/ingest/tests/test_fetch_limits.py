"""Downloads: public addresses only (after DNS and on every redirect), pinned to the address
that was checked, streamed within a size limit, and errors that tell nothing about internal
ports."""

from __future__ import annotations

import ipaddress
import re
import shutil
import socket
import ssl
import subprocess
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import CommandError, call_command

from chancery.ingest import fetch
from chancery.ingest.fetch import FetchError, address_problem, fetch_bytes, local_copy
from chancery.ingest.management.commands import ingest_missions

MB = 1024 * 1024
BIG = 52 * MB
#: What the kernel may buffer between the two ends of a loopback connection (both socket
#: buffers at their largest), on top of what the client read.
IN_FLIGHT = 16 * MB
#: A public address the tests pretend is a web server; connections to it reach the local one.
PUBLIC = "93.184.215.14"


class Server:
    """A local web server that records what it was asked and how many bytes it sent."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, str]] = []  # (path, Host header)
        self.sent = 0
        self.done = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.requests.append((self.path, self.headers.get("Host", "")))
                path = urlsplit(self.path).path
                query = parse_qs(urlsplit(self.path).query)
                if path == "/feed.xml":
                    self._answer(200, b"<rss/>")
                elif path == "/redirect":
                    self.send_response(302)
                    self.send_header("Location", query["to"][0])
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                elif path == "/loop":
                    self.send_response(301)
                    self.send_header("Location", "/loop")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                elif path in ("/big", "/big-declared"):
                    self._flood(declared=path == "/big-declared")
                else:
                    self._answer(404, b"Not Found")

            def _answer(self, status: int, body: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def _flood(self, *, declared: bool) -> None:
                """52 MB of feed-like bytes, counted as they leave."""
                self.send_response(200)
                self.send_header("Content-Type", "application/xml")
                if declared:
                    self.send_header("Content-Length", str(BIG))
                else:
                    self.send_header("Connection", "close")
                self.end_headers()
                chunk = b"<!-- padding -->" * 4096  # 64 KiB
                try:
                    while server.sent < BIG:
                        self.wfile.write(chunk)
                        server.sent += len(chunk)
                except OSError:
                    pass  # the client hung up: what it wanted to show
                finally:
                    server.done.set()
                    self.close_connection = True

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"


@pytest.fixture
def server() -> Iterator[Server]:
    running = Server()
    thread = threading.Thread(
        target=running.httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
    )
    thread.start()
    try:
        yield running
    finally:
        running.httpd.shutdown()
        running.httpd.server_close()
        thread.join(timeout=5)


@pytest.fixture
def public_only(settings) -> None:
    """Production's rule: private and loopback addresses refused."""
    settings.CHANCERY_FETCH_ALLOW_PRIVATE = False


class FakeDNS:
    """Answers for host names the tests make up; every question about them is recorded."""

    def __init__(self) -> None:
        self.answers: dict[str, list[str]] = {}
        self.asked: list[str] = []
        self._real = socket.getaddrinfo

    def getaddrinfo(self, host, port, *args, **kwargs):
        if host not in self.answers:
            return self._real(host, port, *args, **kwargs)
        self.asked.append(host)
        return [
            (socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port))
            for a in self.answers[host]
        ]


@pytest.fixture
def dns(monkeypatch: pytest.MonkeyPatch) -> FakeDNS:
    fake = FakeDNS()
    monkeypatch.setattr(socket, "getaddrinfo", fake.getaddrinfo)
    return fake


@pytest.fixture
def public_server(monkeypatch: pytest.MonkeyPatch, server: Server) -> list[str]:
    """Connections to PUBLIC reach the local server, as if it were on the internet; returns
    the addresses connected to."""
    real_pool = fetch._pool
    connected: list[str] = []

    def pool(target, address):
        connected.append(str(address))
        if str(address) == PUBLIC:
            address = ipaddress.ip_address("127.0.0.1")
        return real_pool(target, address)

    monkeypatch.setattr(fetch, "_pool", pool)
    return connected


def _failure(call: Callable[[], object]) -> str:
    with pytest.raises(FetchError) as raised:
        call()
    return str(raised.value)


# --- Which addresses --------------------------------------------------------------------------

REFUSED = [
    "127.0.0.1",
    "127.1.2.3",
    "10.0.0.1",
    "172.16.5.4",
    "192.168.1.1",
    "100.64.0.1",
    "169.254.169.254",
    "169.254.170.2",
    "169.254.1.1",
    "100.100.100.200",
    "168.63.129.16",
    "0.0.0.0",
    "224.0.0.1",
    "240.0.0.1",
    "255.255.255.255",
    "::1",
    "::",
    "fe80::1",
    "fc00::1",
    "fd00:ec2::254",
    "fec0::1",
    "ff02::1",
    "::ffff:127.0.0.1",
    "::ffff:169.254.169.254",
    "2002:7f00:1::1",  # 6to4 around 127.0.0.1
    "64:ff9b::a00:1",  # NAT64 around 10.0.0.1
    "2001:db8::1",
]


@pytest.mark.parametrize("address", REFUSED)
def test_internal_addresses_are_refused(address: str) -> None:
    assert address_problem(ipaddress.ip_address(address), allow_private=False)


@pytest.mark.parametrize("address", ["93.184.215.14", "8.8.8.8", "2606:4700:4700::1111"])
def test_public_addresses_are_allowed(address: str) -> None:
    assert address_problem(ipaddress.ip_address(address), allow_private=False) == ""


@pytest.mark.parametrize(
    ("address", "allowed"),
    [
        ("127.0.0.1", True),
        ("10.0.0.1", True),
        ("fd12:3456::1", True),
        ("169.254.169.254", False),
        ("fd00:ec2::254", False),
        ("100.100.100.200", False),
        ("169.254.1.1", False),
        ("224.0.0.1", False),
        ("0.0.0.0", False),
    ],
)
def test_the_setting_opens_private_networks_but_never_metadata(address: str, allowed: bool) -> None:
    problem = address_problem(ipaddress.ip_address(address), allow_private=True)
    assert (problem == "") is allowed, problem


@pytest.mark.usefixtures("public_only")
@pytest.mark.parametrize("host", ["127.0.0.1", "10.0.0.1", "169.254.169.254", "[::1]"])
def test_an_internal_url_is_refused_before_connecting(server: Server, host: str) -> None:
    message = _failure(lambda: fetch_bytes(f"http://{host}:{server.port}/feed.xml", max_bytes=MB))
    assert "refused" in message and "public addresses" in message
    assert server.requests == []


@pytest.mark.usefixtures("public_only")
def test_the_error_is_the_same_for_an_open_and_a_closed_internal_port(server: Server) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    messages = {
        port: _failure(lambda p=port: fetch_bytes(f"http://127.0.0.1:{p}/x", max_bytes=MB))
        for port in (server.port, closed)
    }
    assert messages[server.port].replace(str(server.port), "PORT") == messages[closed].replace(
        str(closed), "PORT"
    )
    assert server.requests == []


@pytest.mark.usefixtures("public_only")
@pytest.mark.parametrize(
    "answers",
    [["10.1.2.3"], ["127.0.0.1"], ["169.254.169.254"], ["fd00::5"], [PUBLIC, "10.1.2.3"]],
    ids=["private", "loopback", "metadata", "unique-local", "one-of-two-private"],
)
def test_a_host_name_resolving_to_an_internal_address_is_refused(
    dns: FakeDNS, public_server: list[str], answers: list[str]
) -> None:
    dns.answers["intranet.example.org"] = answers
    message = _failure(lambda: fetch_bytes("http://intranet.example.org/feed.xml", max_bytes=MB))
    assert "intranet.example.org resolves to" in message and "refused" in message
    assert public_server == []  # no connection at all


@pytest.mark.usefixtures("public_only")
@pytest.mark.parametrize(
    "internal",
    [
        "http://127.0.0.1:{port}/feed.xml",
        "http://10.0.0.1/feed.xml",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]:{port}/feed.xml",
        "http://[fd00:ec2::254]/latest/meta-data/",
        "http://metadata.example.org/",
    ],
)
def test_a_redirect_to_an_internal_address_is_refused(
    server: Server, dns: FakeDNS, public_server: list[str], internal: str
) -> None:
    dns.answers["feeds.example.org"] = [PUBLIC]
    dns.answers["metadata.example.org"] = ["169.254.169.254"]
    target = internal.format(port=server.port)
    url = f"http://feeds.example.org:{server.port}/redirect?to={target}"
    message = _failure(lambda: fetch_bytes(url, max_bytes=MB))
    assert "refused" in message and f"after a redirect to {target}" in message
    assert len(server.requests) == 1
    assert public_server == [PUBLIC]  # the internal hop was never connected to


def test_a_closed_port_is_reported_plainly_where_private_addresses_are_allowed() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    url = f"http://127.0.0.1:{closed}/feed.xml"
    assert _failure(lambda: fetch_bytes(url, max_bytes=MB)) == (
        f"{url}: could not be fetched (could not connect)"
    )


def test_redirects_are_followed_a_few_times_only(server: Server) -> None:
    message = _failure(lambda: fetch_bytes(f"{server.url}/loop", max_bytes=MB))
    assert "more than 5 redirects" in message
    assert len(server.requests) == 6


def test_a_redirect_to_a_public_address_is_followed(server: Server) -> None:
    assert fetch_bytes(f"{server.url}/redirect?to=/feed.xml", max_bytes=MB) == b"<rss/>"


def test_the_connection_goes_to_the_address_that_was_checked(
    server: Server, dns: FakeDNS, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DNS is asked once: a second answer (rebinding the name to an internal address) is never
    used; the server is still addressed by the name."""
    dns.answers["feeds.example.org"] = ["127.0.0.1"]
    first_answer = dns.getaddrinfo

    def rebinding(host, port, *args, **kwargs):
        infos = first_answer(host, port, *args, **kwargs)
        if host == "feeds.example.org":
            dns.answers[host] = ["10.66.66.66"]
        return infos

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    assert fetch_bytes(f"http://feeds.example.org:{server.port}/feed.xml", max_bytes=MB) == (
        b"<rss/>"
    )
    assert dns.asked == ["feeds.example.org"]
    assert server.requests == [("/feed.xml", f"feeds.example.org:{server.port}")]


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A self-signed certificate and key for feeds.example.org, in one PEM file."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    folder = tmp_path_factory.mktemp("tls")
    pem = folder / "feeds.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            "-subj", "/CN=feeds.example.org",
            "-addext", "subjectAltName=DNS:feeds.example.org",
            "-keyout", str(folder / "key.pem"), "-out", str(folder / "cert.pem"),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    pem.write_bytes((folder / "cert.pem").read_bytes() + (folder / "key.pem").read_bytes())
    return pem


@pytest.fixture
def tls_server(server: Server, certificate: Path) -> Iterator[tuple[int, list[str]]]:
    """The test server's pages over TLS on another port; yields the port and the SNI names."""
    names: list[str] = []
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(certificate)
    context.sni_callback = lambda sock, name, ctx: names.append(name or "")
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), server.httpd.RequestHandlerClass)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.01})
    thread.start()
    try:
        yield httpd.server_address[1], names
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def test_tls_is_checked_against_the_name_while_connecting_to_the_checked_address(
    dns: FakeDNS,
    tls_server: tuple[int, list[str]],
    server: Server,
    certificate: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    port, names = tls_server
    dns.answers["feeds.example.org"] = ["127.0.0.1"]
    dns.answers["other.example.org"] = ["127.0.0.1"]
    url = f"https://feeds.example.org:{port}/feed.xml"
    assert "TLS failed: self-signed certificate" in _failure(lambda: fetch_bytes(url, max_bytes=MB))

    monkeypatch.setenv("SSL_CERT_FILE", str(certificate))  # trust the test's certificate
    assert fetch_bytes(url, max_bytes=MB) == b"<rss/>"
    assert names[-1] == "feeds.example.org"
    assert server.requests[-1] == ("/feed.xml", f"feeds.example.org:{port}")

    other = f"https://other.example.org:{port}/feed.xml"
    message = _failure(lambda: fetch_bytes(other, max_bytes=MB))
    assert "TLS failed: hostname 'other.example.org' doesn't match" in message, message


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("file:///etc/passwd", "only http and https"),
        ("ftp://example.org/feed.xml", "only http and https"),
        ("gopher://127.0.0.1:70/", "only http and https"),
        ("http://user:pw@example.org/feed.xml", "user name"),
        ("http://example.org\\@127.0.0.1/feed.xml", "backslash"),
        ("http://exa mple.org/feed.xml", "space"),
        ("http://example.org:99999/feed.xml", "port"),
    ],
)
def test_urls_of_other_kinds_are_refused(url: str, words: str) -> None:
    assert words in _failure(lambda: fetch_bytes(url, max_bytes=MB))


# --- Size -------------------------------------------------------------------------------------


def test_a_huge_body_is_cut_off_after_the_limit(server: Server) -> None:
    message = _failure(lambda: fetch_bytes(f"{server.url}/big", max_bytes=MB))
    assert "larger than the 1,048,576 bytes allowed" in message
    assert server.done.wait(10)
    assert server.sent < MB + IN_FLIGHT < BIG


def test_a_huge_declared_length_is_refused_before_reading(server: Server) -> None:
    message = _failure(lambda: fetch_bytes(f"{server.url}/big-declared", max_bytes=MB))
    assert f"{BIG:,} bytes, larger than the 1,048,576 bytes allowed" in message
    assert server.done.wait(10)
    assert server.sent < IN_FLIGHT < BIG


def test_a_download_to_a_file_is_cut_off_too(server: Server) -> None:
    with pytest.raises(FetchError, match="larger than"):  # noqa: SIM117
        with local_copy(f"{server.url}/big", max_bytes=MB, progress=False):
            pytest.fail("the download should have been refused")
    assert server.done.wait(10)
    assert server.sent < MB + IN_FLIGHT


def test_a_local_file_over_the_limit_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "big.xml"
    with path.open("wb") as handle:
        handle.truncate(BIG)  # sparse: 52 MB that were never written
    assert "larger than" in _failure(lambda: fetch_bytes(str(path), max_bytes=MB))
    with pytest.raises(FetchError, match="larger than"):  # noqa: SIM117
        with local_copy(str(path), max_bytes=MB, progress=False):
            pass


def test_a_device_is_not_a_file() -> None:
    """/dev/zero never ends: it is refused as not being a file rather than read."""
    assert re.search("no such file", _failure(lambda: fetch_bytes("/dev/zero", max_bytes=MB)))


def test_a_local_file_keeps_its_path(tmp_path: Path) -> None:
    path = tmp_path / "missions.csv"
    path.write_text("a,b\n")
    with local_copy(str(path), max_bytes=MB, progress=False) as local:
        assert local == path


# --- The missions file ------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_missions_file_has_a_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(ingest_missions, "MAX_MISSIONS_BYTES", 10)
    path = tmp_path / "missions.csv"
    path.write_text("x" * 100)
    with pytest.raises(CommandError, match="larger than the 10 bytes allowed"):
        call_command("ingest_missions", file=str(path), no_progress=True)


@pytest.mark.django_db
@pytest.mark.usefixtures("public_only")
def test_the_missions_url_is_refused_at_an_internal_address(server: Server) -> None:
    with pytest.raises(CommandError, match="refused: it is a loopback address"):
        call_command("ingest_missions", file=f"{server.url}/missions.csv", no_progress=True)
    assert server.requests == []
