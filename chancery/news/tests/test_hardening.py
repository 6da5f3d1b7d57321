"""Feeds that try harder: internal addresses and huge bodies, encodings that hide markup, HTML
that would stall the sanitiser, feeds of rejected entries, links that are not links."""

from __future__ import annotations

import io
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections

from chancery.core.sanitize import MAX_HTML_DEPTH
from chancery.news import services
from chancery.news.management.commands.ingest_news import Command
from chancery.news.models import Article, ArticleStatus, BodyFormat, FeedSource
from chancery.news.services import NewsFeedError, news_import

from .helpers import MALFORMED, WIRE, rss, rss_item
from .test_admin import form_data

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
LOL_DOCTYPE = '<!DOCTYPE rss [<!ENTITY lol "lol"><!ENTITY lol9 "&lol;&lol;&lol;">]>\n'


@pytest.fixture
def public_only(settings) -> None:
    """Production's rule: the site fetches only from public addresses."""
    settings.CHANCERY_FETCH_ALLOW_PRIVATE = False


def write(path: Path, data: str | bytes) -> str:
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return str(path)


def item(n: int, *, title: str | None = None, link: str | None = None, body: str = "") -> str:
    """An RSS item; `link` and `body` are text, escaped here."""
    link = f"https://generated.example.org/{n}" if link is None else link
    return (
        f"<item><title>{escape(title or f'Generated item {n}')}</title>"
        f"<link>{escape(link)}</link><guid>generated-{n}</guid>"
        "<pubDate>Mon, 13 Oct 2025 09:30:00 GMT</pubDate>"
        f"<description>{escape(body or f'Generated text number {n}.')}</description></item>"
    )


def ingest(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("ingest_news", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def exit_status(capsys, monkeypatch, *args: str) -> tuple[int, str]:
    """Run ingest_news as from the shell: its exit status and what it wrote to stderr."""
    monkeypatch.setattr(connections, "close_all", lambda: None)  # keep the test's transaction
    with pytest.raises(SystemExit) as exited:
        Command().run_from_argv(["manage.py", "ingest_news", *args])
    return int(exited.value.code or 0), capsys.readouterr().err


# --- Internal addresses and huge bodies -------------------------------------------------------


class FloodServer:
    """Answers every request with 52 MB, no length announced, counting what it sent."""

    def __init__(self) -> None:
        self.sent = 0
        self.done = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                self.send_header("Connection", "close")
                self.end_headers()
                chunk = b"<!-- padding -->" * 4096
                try:
                    self.wfile.write(rss(rss_item(1)).encode()[: -len("</channel></rss>")])
                    while server.sent < 52 * MB:
                        self.wfile.write(chunk)
                        server.sent += len(chunk)
                except OSError:
                    pass
                finally:
                    server.done.set()

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/news.rss"


@pytest.fixture
def flood() -> Iterator[FloodServer]:
    server = FloodServer()
    thread = threading.Thread(target=server.httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()
        thread.join(timeout=5)


def test_a_52_mb_feed_is_abandoned_at_the_limit(flood: FloodServer) -> None:
    with pytest.raises(NewsFeedError, match="larger than the 5,242,880"):
        news_import(flood.url)
    assert flood.done.wait(10)
    # What the client read, plus what the kernel buffers held: far from 52 MB.
    assert flood.sent < services.MAX_FEED_BYTES + 16 * MB
    assert Article.objects.count() == 0


@pytest.mark.usefixtures("public_only")
def test_feed_sources_at_internal_addresses_are_never_fetched(feed_server) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    open_source = FeedSource.objects.create(
        name="A open port", url=f"{feed_server.url}/embassy-wire.rss"
    )
    closed_source = FeedSource.objects.create(
        name="B closed port", url=f"http://127.0.0.1:{closed}/embassy-wire.rss"
    )
    metadata = FeedSource.objects.create(
        name="C metadata", url="http://169.254.169.254/latest/meta-data/"
    )
    with pytest.raises(CommandError, match="3 feed"):
        ingest("--all")
    assert feed_server.requests == []
    errors = [FeedSource.objects.get(pk=s.pk).last_run.error for s in (open_source, closed_source)]
    assert errors[0] == errors[1]  # an open port and a closed one look the same
    assert "refused" in errors[0] and "loopback" in errors[0]
    assert "metadata" in FeedSource.objects.get(pk=metadata.pk).last_run.error
    assert Article.objects.count() == 0


FEED_SOURCE_ADD = "/admin/news/feedsource/add/"


@pytest.mark.usefixtures("public_only")
@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("http://127.0.0.1:8399/feed.rss", "loopback"),
        ("http://[::1]/feed.rss", "loopback"),
        ("http://10.0.0.7/feed.rss", "private"),
        ("http://169.254.169.254/latest/meta-data/", "metadata"),
        ("http://intranet.example.org/feed.rss", "resolves to a private address"),
        ("/etc/passwd", "http:// or https://"),
        ("file:///etc/passwd", "http:// or https://"),
        ("gopher://feeds.example.org/", "http:// or https://"),
    ],
)
def test_the_admin_refuses_feed_addresses_the_site_would_not_fetch(
    client, superuser, monkeypatch: pytest.MonkeyPatch, url: str, words: str
) -> None:
    real = socket.getaddrinfo
    names = {"intranet.example.org": "10.0.0.8", "feeds.example.org": "93.184.215.14"}

    def getaddrinfo(host, port, *args, **kwargs):
        if host in names:
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (names[host], port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    client.force_login(superuser)
    response = client.post(FEED_SOURCE_ADD, {"name": "Wire", "url": url, "enabled": "on"})
    assert response.status_code == 200
    assert words in str(response.context["adminform"].form.errors["url"])
    assert not FeedSource.objects.exists()

    response = client.post(
        FEED_SOURCE_ADD,
        {"name": "Wire", "url": "https://feeds.example.org/news.rss", "enabled": "on"},
    )
    assert response.status_code == 302
    assert FeedSource.objects.get().url == "https://feeds.example.org/news.rss"


# --- Encodings and entities -------------------------------------------------------------------


def utf7_feed(title: str) -> bytes:
    """A UTF-7 feed whose DOCTYPE and markup are written in base64 ("+ADw-!ENTITY")."""
    hidden = {"<": "+ADw-", ">": "+AD4-", "&": "+ACY-", "[": "+AFs-", "]": "+AF0-"}
    body = LOL_DOCTYPE + rss(rss_item(1, title=title)).split("\n", 1)[1]
    header = '<?xml version="1.0" encoding="UTF-7"?>\n'
    return (header + "".join(hidden.get(ch, ch) for ch in body)).encode("ascii")


def test_a_utf7_feed_is_refused_and_its_entity_never_published(tmp_path, capsys, monkeypatch):
    path = write(tmp_path / "utf7.rss", utf7_feed("&lol9;"))
    with pytest.raises(NewsFeedError, match="UTF-7"):
        news_import(path)
    status, err = exit_status(capsys, monkeypatch, "--feed", path)
    assert status != 0
    assert path in err and "UTF-7" in err and "nothing was changed" in err
    assert Article.objects.count() == 0


@pytest.mark.parametrize("codec", ["cp037", "cp500"])
def test_an_ebcdic_feed_is_refused(tmp_path, codec: str) -> None:
    feed = rss(rss_item(1, title="&amp;lol9;"), encoding=codec)
    path = write(tmp_path / "ebcdic.rss", feed.encode(codec))
    with pytest.raises(NewsFeedError, match="EBCDIC"):
        news_import(path)
    assert Article.objects.count() == 0


@pytest.mark.parametrize("doctype", ["", LOL_DOCTYPE], ids=["undeclared", "declared"])
def test_an_article_titled_with_an_entity_is_never_published(
    tmp_path, capsys, monkeypatch, doctype: str
) -> None:
    head, rest = rss(rss_item(1), rss_item(2, title="&lol9;")).split("\n", 1)
    path = write(tmp_path / "lol.rss", f"{head}\n{doctype}{rest}")
    with pytest.raises(NewsFeedError, match="refused"):
        news_import(path)
    status, err = exit_status(capsys, monkeypatch, "--feed", path)
    assert status != 0 and "nothing was changed" in err
    assert Article.objects.count() == 0


def test_a_feed_that_is_not_well_formed_is_refused_with_its_line_and_column() -> None:
    with pytest.raises(NewsFeedError, match=r"not well-formed XML at line 4, column \d+"):
        news_import(str(MALFORMED))
    assert Article.objects.count() == 0


# --- Crashes ----------------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["title", "author"])
def test_markup_that_django_refuses_to_strip_rejects_the_entry(tmp_path, field: str) -> None:
    """A thousand unclosed "<a" make strip_tags raise SuspiciousOperation: a bad entry."""
    bad = escape("<a" * 1_100)
    entry = item(2, title="Second")
    if field == "title":
        entry = entry.replace("<title>Second</title>", f"<title>{bad}</title>")
    else:
        entry = entry.replace("</title>", f"</title><author>{bad}</author>")
    report = news_import(write(tmp_path / "strip.rss", rss(item(1), entry)))
    assert report.added == 1
    [rejected] = report.rejected
    assert f"the {field} has too many nested tags" in rejected
    assert ("generated.example.org/2" if field == "title" else "Second") in rejected


def test_an_unexpected_failure_is_one_line_naming_the_feed(tmp_path, monkeypatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire\nsecond line")

    monkeypatch.setattr(services, "tag_article", broken)
    path = write(tmp_path / "wire.rss", rss(item(1)))
    with pytest.raises(CommandError) as raised:
        ingest("--feed", path)
    message = str(raised.value)
    assert message.startswith(f"{path}: unexpected error") and "disk on fire" in message
    assert "\n" not in message and message.endswith("nothing was changed")
    assert Article.objects.count() == 0


# --- HTML the sanitiser should not be given ---------------------------------------------------


@pytest.mark.parametrize(
    ("depth", "words"),
    [(200_000, "characters of HTML"), (5_000, f"nested more than {MAX_HTML_DEPTH} deep")],
)
def test_an_entry_with_deeply_nested_html_is_rejected_and_the_rest_imported(
    tmp_path, depth: int, words: str
) -> None:
    deep = "<div>" * depth + "Italy" + "</div>" * depth
    feed = rss(item(1), item(2, title="Nested to the bottom", body=deep), item(3))
    report = news_import(write(tmp_path / "deep.rss", feed))
    assert report.added == 2
    assert len(report.rejected) == 1
    assert report.rejected[0].startswith("Nested to the bottom: ") and words in report.rejected[0]
    assert not Article.objects.filter(title="Nested to the bottom").exists()


ARTICLE_ADD = "/admin/news/article/add/"


@pytest.mark.parametrize(
    ("body", "body_format", "words"),
    [
        ("<div>" * 5_000 + "x" + "</div>" * 5_000, BodyFormat.HTML, "nested more than"),
        ("<div>" * 250_000, BodyFormat.HTML, "characters"),
        ("[a link](https://example.org/) " * 6_000, BodyFormat.MARKDOWN, "tags"),
    ],
    ids=["nested-html", "huge-html", "markdown-with-too-many-tags"],
)
def test_the_admin_refuses_a_body_the_sanitiser_would_choke_on(
    client, superuser, body: str, body_format: str, words: str
) -> None:
    client.force_login(superuser)
    response = client.post(ARTICLE_ADD, form_data(body=body, body_format=body_format))
    assert response.status_code == 200
    errors = str(response.context["adminform"].form.errors["body"])
    assert "cannot be published" in errors and words in errors
    assert not Article.objects.exists()


# --- Feeds whose every entry is rejected ------------------------------------------------------


def _all_rejected(tmp_path: Path) -> str:
    entries = [item(n, link=f"javascript:alert({n})") for n in range(1, 5)]
    return write(tmp_path / "rejected.rss", rss(*entries, item(5, title=" ")))


def test_a_feed_whose_entries_are_all_rejected_is_a_failed_fetch(tmp_path) -> None:
    path = _all_rejected(tmp_path)
    source = FeedSource.objects.create(name="Rejected wire", url=path)
    with pytest.raises(NewsFeedError, match=r"every entry was rejected \(5\)") as raised:
        news_import(path, source=source)
    assert "is not http(s)" in str(raised.value) and "and 2 more" in str(raised.value)
    run = FeedSource.objects.get(pk=source.pk).last_run
    assert run is not None and not run.ok and "every entry was rejected" in run.error
    assert (run.created, run.rejected) == (0, 5)
    assert Article.objects.count() == 0


def test_the_command_exits_non_zero_when_every_entry_is_rejected(
    tmp_path, capsys, monkeypatch
) -> None:
    path = _all_rejected(tmp_path)
    status, err = exit_status(capsys, monkeypatch, "--feed", path)
    assert status != 0 and "every entry was rejected (5)" in err
    FeedSource.objects.create(name="Rejected wire", url=path)
    FeedSource.objects.create(name="Wire", url=str(WIRE))
    with pytest.raises(CommandError, match="1 feed"):
        ingest("--all")
    assert Article.objects.count() == 3  # the other feed was read


def test_duplicates_and_rejections_without_additions_are_not_a_failure(tmp_path) -> None:
    first = write(tmp_path / "first.rss", rss(item(1), item(2)))
    assert news_import(first).added == 2
    again = write(tmp_path / "again.rss", rss(item(1), item(2), item(3, link="javascript:x")))
    report = news_import(again)
    assert (report.added, report.duplicates, len(report.rejected)) == (0, 2, 1)


# --- Links that are not http(s) ---------------------------------------------------------------


@pytest.mark.parametrize(
    "link",
    [
        "javascript:alert(1)",
        "  javascript:alert(1)",
        "\tjavascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "vbscript:msgbox(1)",
        "//evil.example/x",
        "/relative/path",
        "https:evil.example/x",
        "http://user@evil.example/",
        "https://wire.example.org\\@evil.example/",
        "https://wire.example.org/\u200b",
    ],
)
def test_an_entry_whose_link_is_not_http_is_not_published(tmp_path, link: str) -> None:
    feed = rss(item(1), item(2, title="The suspicious entry", link=link))
    report = news_import(write(tmp_path / "links.rss", feed))
    assert report.added == 1
    assert len(report.rejected) == 1 and report.rejected[0].startswith("The suspicious entry: ")
    assert not Article.objects.filter(title="The suspicious entry").exists()
    assert not Article.objects.filter(guid="generated-2").exists()


def test_an_atom_entry_with_a_javascript_link_is_not_published(tmp_path) -> None:
    feed = (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>Notes</title><id>urn:notes</id><updated>2025-10-13T09:00:00Z</updated>"
        '<entry><title>Bad</title><id>urn:1</id><link href="  javascript:alert(1)"/>'
        "<updated>2025-10-13T09:00:00Z</updated><summary>x</summary></entry>"
        '<entry><title>Good</title><id>urn:2</id><link href="https://notes.example.org/2"/>'
        "<updated>2025-10-13T09:00:00Z</updated><summary>y</summary></entry></feed>"
    )
    report = news_import(write(tmp_path / "notes.atom", feed))
    assert report.added == 1
    assert list(Article.objects.values_list("title", "status")) == [
        ("Good", ArticleStatus.PUBLISHED)
    ]
