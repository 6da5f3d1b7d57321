"""Read an import source — a local path or an http(s) URL — within limits.

Every download the site makes goes through here: the missions file, the advisory feeds and the
news feeds, whose addresses editors type into the admin. So a URL is treated as untrusted:

- only http and https, without user names, backslashes or spaces;
- the host name is resolved once, and every address it resolves to must be public: loopback,
  private, link-local, unique-local, multicast, reserved and cloud-metadata addresses are refused
  before any connection is made (`CHANCERY_FETCH_ALLOW_PRIVATE` lets loopback and private
  networks through, for a feed server on the local network and for the tests; metadata,
  link-local, multicast and reserved addresses stay refused);
- the connection goes to the address that was checked, while the Host header, TLS SNI and the
  certificate check use the name, so a DNS answer that changes between the check and the
  connection cannot send the request elsewhere;
- redirects are followed here, at most `MAX_REDIRECTS`, each hop checked like the first;
- the body is streamed and abandoned as soon as it passes the caller's size limit (a declared
  Content-Length over it is refused before reading), within connect, read and total timeouts.

A refused address is refused before anything is sent to it, so the error says the same thing
whether a port there is open or closed. A local path is read as it is, after checking its size.
"""

from __future__ import annotations

import io
import ipaddress
import re
import socket
import ssl
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from urllib.parse import quote, urljoin, urlsplit

import urllib3
from django.conf import settings
from tqdm import tqdm
from urllib3 import exceptions as http_errors


def user_agent() -> str:
    """Who asks, as public services' policies want it said (Wikimedia's, the Overpass API's):
    the product and where to reach whoever runs this copy (`CHANCERY_CONTACT`, else the
    site's address)."""
    contact = settings.CHANCERY_CONTACT or f"+{settings.CHANCERY_SITE_URL}"
    return f"Chancery/0.1 (open embassy directory; {contact}) urllib3/{urllib3.__version__}"


CONNECT_TIMEOUT_SECONDS = 10
#: Longest silence between two packets of an answer.
READ_TIMEOUT_SECONDS = 30
#: Longest a whole download may take, however steadily a slow server drips it.
TOTAL_TIMEOUT_SECONDS = 300
MAX_REDIRECTS = 5
CHUNK_BYTES = 64 * 1024

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

#: Cloud metadata services: never fetched, whatever the settings say. Most answer on a
#: link-local address (refused anyway); these are listed because some are not, and because
#: CHANCERY_FETCH_ALLOW_PRIVATE must not open them.
METADATA_ADDRESSES: frozenset[IPAddress] = frozenset(
    ipaddress.ip_address(address)
    for address in (
        "169.254.169.254",  # AWS, Google Cloud, Azure, OpenStack, DigitalOcean, Oracle
        "169.254.170.2",  # AWS ECS task metadata
        "fd00:ec2::254",  # AWS over IPv6 (a unique-local address)
        "100.100.100.200",  # Alibaba Cloud (in the shared address space)
        "168.63.129.16",  # Azure WireServer (a public-looking address)
        "192.0.0.192",  # Oracle Cloud Classic
    )
)
#: Carrier-grade NAT space: not public, though Python does not count it as private.
SHARED_ADDRESS_SPACE = ipaddress.ip_network("100.64.0.0/10")
#: IPv6 prefix that translates to the IPv4 address in its last 32 bits.
NAT64_PREFIX = ipaddress.ip_network("64:ff9b::/96")

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")
_REDIRECTS = {301, 302, 303, 307, 308}
_DEFAULT_PORTS = {"http": 80, "https": 443}


class FetchError(Exception):
    """The source could not be read; nothing was changed. `str()` names the location."""

    def __init__(
        self, location: str, problem: str, *, status: int | None = None, retry_after: str = ""
    ) -> None:
        super().__init__(f"{location}: {problem}")
        self.location = location
        self.problem = problem
        #: The HTTP status when the server answered with an error, else None.
        self.status = status
        #: The answer's Retry-After header, as sent ("" when absent).
        self.retry_after = retry_after


class _Problem(Exception):
    """A problem with one hop of a download, turned into a FetchError for the first URL."""

    def __init__(self, problem: str, *, status: int | None = None, retry_after: str = "") -> None:
        super().__init__(problem)
        self.status = status
        self.retry_after = retry_after


def looks_like_url(location: str) -> bool:
    """Whether `location` is meant as a URL (any scheme), rather than a local path."""
    return bool(_SCHEME.match(location))


def is_url(location: str) -> bool:
    return location.lower().startswith(("http://", "https://"))


# --- Addresses --------------------------------------------------------------------------------


def address_problem(address: IPAddress, *, allow_private: bool = False) -> str:
    """What kind of address `address` is when the site may not connect to it; "" when it may."""
    if isinstance(address, ipaddress.IPv6Address):
        # An IPv6 address that carries an IPv4 one is judged by the IPv4 address it leads to.
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is None and address in NAT64_PREFIX:
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFF_FFFF)
        if embedded is not None:
            return address_problem(embedded, allow_private=allow_private)
    if address in METADATA_ADDRESSES:
        return "a cloud metadata address"
    if address.is_unspecified:
        return "an unspecified address"
    if address.is_multicast:
        return "a multicast address"
    if address.is_link_local:
        return "a link-local address"
    if getattr(address, "is_site_local", False):
        return "a site-local address"
    if address.is_loopback:
        return "" if allow_private else "a loopback address"
    if address.is_global:
        return ""
    if address.is_reserved:
        return "a reserved address"
    if address.is_private or address in SHARED_ADDRESS_SPACE:
        return "" if allow_private else "a private address"
    return "not a public address"


def _allow_private() -> bool:
    return bool(getattr(settings, "CHANCERY_FETCH_ALLOW_PRIVATE", False))


@dataclass(frozen=True)
class _Target:
    scheme: str
    host: str  # ASCII (IDNA) host name, or an IP address without brackets
    port: int
    path: str  # path and query, percent-encoded

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return host if self.port == _DEFAULT_PORTS[self.scheme] else f"{host}:{self.port}"


def _target(url: str) -> _Target:
    """The parts of a URL the site will fetch, or _Problem saying why it will not."""
    if any(ch == "\\" or ch.isspace() or ord(ch) < 0x20 or ord(ch) == 0x7F for ch in url):
        raise _Problem("the URL contains a backslash, a space or a control character")
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        raise _Problem("only http and https URLs are fetched")
    if "@" in parts.netloc:
        raise _Problem("a user name or password in the URL is not accepted")
    try:
        host, port = parts.hostname, parts.port
    except ValueError:
        raise _Problem("the URL's port is not a number between 0 and 65535") from None
    if not host:
        raise _Problem("the URL has no host name")
    try:
        ipaddress.ip_address(host)
    except ValueError:
        try:
            host = host.rstrip(".").encode("idna").decode("ascii")
        except UnicodeError:
            raise _Problem(f"{host!r} is not a valid host name") from None
    path = quote(parts.path or "/", safe="/%:@!$&'()*+,;=-._~")
    if parts.query:
        path += "?" + quote(parts.query, safe="/%:@!$&'()*+,;=-._~?")
    return _Target(scheme, host, port or _DEFAULT_PORTS[scheme], path)


def _addresses(host: str, port: int) -> list[IPAddress]:
    """The addresses of `host` (itself, when it is an IP address), as DNS answers once."""
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise _Problem("could not be fetched (the host name could not be resolved)") from None
    addresses: list[IPAddress] = []
    for family, _type, _proto, _name, sockaddr in infos:
        if family not in (socket.AF_INET, socket.AF_INET6):
            continue
        address = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise _Problem("could not be fetched (the host name has no address)")
    return addresses


def _resolve(target: _Target) -> list[IPAddress]:
    """Every address the host resolves to, each of which the site may connect to."""
    addresses = _addresses(target.host, target.port)
    allow_private = _allow_private()
    for address in addresses:
        kind = address_problem(address, allow_private=allow_private)
        if kind:
            subject = "it is" if str(address) == target.host else f"{target.host} resolves to"
            raise _Problem(
                f"refused: {subject} {kind}, and the site fetches only from public addresses"
            )
    return addresses


def url_problem(url: str) -> str:
    """Why the site would refuse to fetch `url` (its form or its host's addresses), or ""."""
    try:
        _resolve(_target(url))
    except _Problem as exc:
        return str(exc)
    return ""


# --- Downloads --------------------------------------------------------------------------------


def _pool(target: _Target, address: IPAddress) -> urllib3.HTTPConnectionPool:
    """A connection pool to the checked address; the name is kept for SNI and the certificate."""
    timeout = urllib3.Timeout(connect=CONNECT_TIMEOUT_SECONDS, read=READ_TIMEOUT_SECONDS)
    if target.scheme == "https":
        return urllib3.HTTPSConnectionPool(
            str(address),
            target.port,
            timeout=timeout,
            retries=False,
            cert_reqs="CERT_REQUIRED",
            server_hostname=target.host,
            assert_hostname=target.host,
        )
    return urllib3.HTTPConnectionPool(str(address), target.port, timeout=timeout, retries=False)


def _network_problem(exc: Exception) -> str:
    """A failure as a short reason that does not echo the operating system's words."""
    if isinstance(exc, http_errors.SSLError):
        inner = exc.args[0] if exc.args else exc
        detail = getattr(inner, "verify_message", "") or getattr(inner, "reason", "") or inner
        detail = " ".join(str(detail).split())[:200]
        return f"could not be fetched (TLS failed{f': {detail}' if detail else ''})"
    if isinstance(exc, http_errors.NewConnectionError):  # a subclass of ConnectTimeoutError
        return "could not be fetched (could not connect)"
    if isinstance(exc, http_errors.ConnectTimeoutError):
        return "could not be fetched (the connection timed out)"
    if isinstance(exc, http_errors.ReadTimeoutError):
        return "could not be fetched (the server stopped answering)"
    if isinstance(exc, http_errors.DecodeError):
        return "could not be fetched (the compressed answer could not be decoded)"
    return "could not be fetched (the connection broke off)"


def _request(
    target: _Target, addresses: list[IPAddress], headers: Mapping[str, str] | None = None
) -> urllib3.BaseHTTPResponse:
    """The answer from the first of `addresses` that accepts a connection; `headers` add to
    (or replace) the default ones, except Host."""
    failure: Exception | None = None
    for address in addresses:
        pool = _pool(target, address)
        try:
            return pool.urlopen(
                "GET",
                target.path,
                headers={
                    "User-Agent": user_agent(),
                    "Accept": "*/*",
                    "Accept-Encoding": "gzip, deflate",
                    **(headers or {}),
                    "Host": target.host_header,
                },
                redirect=False,
                retries=False,
                assert_same_host=False,
                preload_content=False,
                decode_content=True,
            )
        except (http_errors.NewConnectionError, http_errors.ConnectTimeoutError) as exc:
            failure = exc  # another address of the same host may answer
            pool.close()
        except (http_errors.HTTPError, ssl.SSLError, OSError) as exc:
            pool.close()
            raise _Problem(_network_problem(exc)) from exc
    assert failure is not None
    raise _Problem(_network_problem(failure)) from failure


def _too_large(size: int, max_bytes: int) -> str:
    return f"{size:,} bytes, larger than the {max_bytes:,} bytes allowed"


def _stream(
    response: urllib3.BaseHTTPResponse,
    sink: BinaryIO,
    *,
    max_bytes: int,
    deadline: float,
    progress: bool,
) -> None:
    declared = (response.headers.get("Content-Length") or "").strip()
    total = int(declared) if declared.isdigit() else None
    if total is not None and total > max_bytes:
        raise _Problem(_too_large(total, max_bytes))
    received = 0
    with tqdm(
        total=total, unit="B", unit_scale=True, desc="Downloading", disable=not progress
    ) as bar:
        while True:
            if time.monotonic() > deadline:
                raise _Problem(
                    f"could not be fetched (it took longer than {TOTAL_TIMEOUT_SECONDS} s)"
                )
            try:
                chunk = response.read1(CHUNK_BYTES)
            except (http_errors.HTTPError, OSError) as exc:
                raise _Problem(_network_problem(exc)) from exc
            if not chunk:
                return
            received += len(chunk)
            if received > max_bytes:
                raise _Problem(
                    f"larger than the {max_bytes:,} bytes allowed (stopped reading after "
                    f"{received:,} bytes)"
                )
            sink.write(chunk)
            bar.update(len(chunk))


def download(
    url: str,
    sink: BinaryIO,
    *,
    max_bytes: int,
    progress: bool = False,
    headers: Mapping[str, str] | None = None,
) -> None:
    """Write the body at `url` to `sink`, or raise FetchError naming `url` and the problem
    (with the HTTP status and Retry-After when the server answered with an error)."""
    deadline = time.monotonic() + TOTAL_TIMEOUT_SECONDS
    current = url
    try:
        for _hop in range(MAX_REDIRECTS + 1):
            target = _target(current)
            response = _request(target, _resolve(target), headers)
            try:
                if response.status in _REDIRECTS:
                    location = (response.headers.get("Location") or "").strip()
                    if not location:
                        raise _Problem(f"the server answered {response.status} without a Location")
                    following = urljoin(current, location)
                    if target.scheme == "https" and following.lower().startswith("http://"):
                        raise _Problem(f"refused: redirected from https to {following}")
                    current = following
                    continue
                if not 200 <= response.status < 300:
                    raise _Problem(
                        f"the server answered {response.status} {response.reason or ''}",
                        status=response.status,
                        retry_after=(response.headers.get("Retry-After") or "").strip(),
                    )
                _stream(response, sink, max_bytes=max_bytes, deadline=deadline, progress=progress)
                return
            finally:
                # Closed, never drained: the rest of a refused body is not read.
                response.close()
        raise _Problem(f"more than {MAX_REDIRECTS} redirects")
    except _Problem as exc:
        problem = str(exc).strip()
        if current != url:
            problem = f"{problem} (after a redirect to {current})"
        raise FetchError(url, problem, status=exc.status, retry_after=exc.retry_after) from exc


# --- Local paths and URLs alike ---------------------------------------------------------------


def _local_file(location: str, max_bytes: int) -> Path:
    path = Path(location).expanduser()
    if not path.is_file():
        raise FetchError(location, "no such file")
    size = path.stat().st_size
    if size > max_bytes:
        raise FetchError(location, _too_large(size, max_bytes))
    return path


def _check_scheme(location: str) -> None:
    if looks_like_url(location) and not is_url(location):
        raise FetchError(location, "only http and https URLs are fetched")


def fetch_bytes(
    location: str, *, max_bytes: int, headers: Mapping[str, str] | None = None
) -> bytes:
    """The content of a local file or URL, at most `max_bytes` long (`headers` go with a
    request over http)."""
    _check_scheme(location)
    if not is_url(location):
        path = _local_file(location, max_bytes)
        try:
            with path.open("rb") as handle:
                data = handle.read(max_bytes + 1)
        except OSError as exc:
            raise FetchError(location, f"could not be read ({exc.strerror})") from exc
        if len(data) > max_bytes:  # the file grew since it was measured
            raise FetchError(location, _too_large(len(data), max_bytes))
        return data
    sink = io.BytesIO()
    download(location, sink, max_bytes=max_bytes, headers=headers)
    return sink.getvalue()


@contextmanager
def local_copy(location: str, *, max_bytes: int, progress: bool = True) -> Iterator[Path]:
    """A local path for `location`: the file itself, or a URL downloaded to a temporary file."""
    _check_scheme(location)
    if not is_url(location):
        yield _local_file(location, max_bytes)
        return
    with tempfile.TemporaryDirectory(prefix="chancery-") as tmp:
        target = Path(tmp) / "download"
        with target.open("wb") as sink:
            download(location, sink, max_bytes=max_bytes, progress=progress)
        yield target
