"""Hostile feeds: malformed XML, wrong encodings, huge feeds, entity bombs, XSS payloads."""

from __future__ import annotations

import contextlib
import time

import feedparser
import pytest
from django.test import Client
from django.utils import timezone

from chancery.news import services
from chancery.news.models import Article, FeedSource
from chancery.news.services import NewsFeedError, news_import

from .helpers import (
    BILLION_LAUGHS,
    EXTERNAL_ENTITY,
    HOSTILE_TAKEOVER,
    HOSTILE_XSS,
    MALFORMED,
    WIRE,
    rss,
    rss_item,
    unsafe_body,
    unsafe_parts,
)

pytestmark = pytest.mark.django_db


def stored_text() -> str:
    """Every text field of every article, to look for payloads and expansions."""
    return "\n".join(
        "\n".join(str(v) for v in row)
        for row in Article.objects.values_list(
            "title", "summary", "body", "body_html", "author", "source_name", "source_url", "guid"
        )
    )


# --- XSS --------------------------------------------------------------------------------------


def test_xss_payloads_never_reach_body_html() -> None:
    report = news_import(str(HOSTILE_XSS))
    assert report.added == 3  # and the two entries whose link is not http(s) are rejected
    for article in Article.objects.all():
        assert unsafe_body(article.body_html) == [], article.title
        lowered = article.body_html.lower()
        for marker in ("<script", "<iframe", "<style", "<svg", "<object", "<embed", "<form"):
            assert marker not in lowered, (article.title, marker)
        for marker in ("javascript:", "vbscript:", "data:", "onerror", "onclick", "onload"):
            assert marker not in lowered, (article.title, marker)


def test_the_safe_parts_of_a_hostile_body_survive() -> None:
    news_import(str(HOSTILE_XSS))
    body = Article.objects.get(guid="hostile-1").body_html
    assert "<p>Italy and Italy again.</p>" in body
    assert '<a href="https://safe.example.org/" rel="noopener noreferrer nofollow">' in body
    assert "safe link" in body


def test_xss_in_titles_summaries_and_source_names_is_plain_text() -> None:
    news_import(str(HOSTILE_XSS))
    first = Article.objects.get(guid="hostile-1")
    assert "<" not in first.title and "script" not in first.title.lower()
    assert first.title.endswith("Italy signs a treaty with Italy's neighbours")
    assert "<" not in first.source_name
    content = Article.objects.get(guid="hostile-5")
    assert "<" not in content.summary and "xss(" not in content.summary


def test_entries_with_javascript_and_data_links_are_rejected_not_published() -> None:
    report = news_import(str(HOSTILE_XSS))
    assert not Article.objects.filter(guid__in=["hostile-2", "hostile-3"]).exists()
    assert sum("is not http(s)" in r for r in report.rejected) == 2
    assert not Article.objects.exclude(source_url="").exclude(source_url__startswith="https://")


def test_xss_payloads_never_reach_the_article_page() -> None:
    news_import(str(HOSTILE_XSS))
    client = Client()
    for article in Article.objects.all():
        response = client.get(article.get_absolute_url())
        assert response.status_code == 200
        assert unsafe_parts(response.content.decode()) == [], article.title


def test_xss_payloads_never_reach_the_outgoing_feeds() -> None:
    news_import(str(HOSTILE_XSS))
    for url in ("/news/feed.rss", "/news/feed.atom", "/news/italy/feed.rss"):
        parsed = feedparser.parse(Client().get(url).content, sanitize_html=False)
        assert parsed.entries, url
        for entry in parsed.entries:
            assert unsafe_parts(entry.get("summary", "")) == [], (url, entry.title)
            assert unsafe_parts(entry.get("content", [{}])[0].get("value", "")) == []


def test_hostile_feed_does_not_touch_other_feeds_articles() -> None:
    wire = FeedSource.objects.create(name="Embassy Wire", url=str(WIRE))
    hostile = FeedSource.objects.create(name="Hostile", url=str(HOSTILE_TAKEOVER))
    news_import(str(WIRE), source=wire)
    before = {
        a.pk: (a.title, a.body_html, a.source_url, a.guid, a.feed_id, a.updated_at)
        for a in Article.objects.all()
    }
    tags_before = sorted(Article.countries.through.objects.values_list("article", "country"))
    report = news_import(str(HOSTILE_TAKEOVER), source=hostile)
    # A GUID counts only within its own feed: the item claiming another feed's GUID is the
    # hostile feed's own new article; the one reusing another feed's link is a duplicate.
    assert (report.added, report.duplicates) == (1, 1)
    after = {
        a.pk: (a.title, a.body_html, a.source_url, a.guid, a.feed_id, a.updated_at)
        for a in Article.objects.filter(pk__in=before)
    }
    assert after == before
    assert sorted(
        Article.countries.through.objects.filter(article__in=before).values_list(
            "article", "country"
        )
    ) == (tags_before)
    for path in (MALFORMED, HOSTILE_XSS, BILLION_LAUGHS):
        with contextlib.suppress(NewsFeedError):
            news_import(str(path), source=hostile)
    for pk, values in before.items():
        a = Article.objects.get(pk=pk)
        assert (a.title, a.body_html, a.source_url, a.guid, a.feed_id, a.updated_at) == values


# --- Malformed XML and encodings --------------------------------------------------------------


def test_malformed_xml_is_read_leniently_or_refused_without_crashing() -> None:
    try:
        report = news_import(str(MALFORMED))
    except NewsFeedError:
        assert Article.objects.count() == 0
        return
    assert report.warnings and "not well-formed" in report.warnings[0]
    for article in Article.objects.all():
        assert unsafe_body(article.body_html) == [], article.title
        assert "<script" not in article.body_html.lower()
        assert "<iframe" not in article.body_html.lower()
        assert "onerror" not in article.body_html.lower()
        assert "<" not in article.title


def test_a_truncated_feed_does_not_crash(tmp_path) -> None:
    data = WIRE.read_bytes()
    for cut in (10, 200, len(data) // 2, len(data) - 20):
        path = tmp_path / f"cut-{cut}.rss"
        path.write_bytes(data[:cut])
        with contextlib.suppress(NewsFeedError):
            news_import(str(path))
    for article in Article.objects.all():
        assert unsafe_body(article.body_html) == []


def test_binary_garbage_is_refused(tmp_path) -> None:
    path = tmp_path / "garbage.rss"
    path.write_bytes(bytes(range(256)) * 40)
    with pytest.raises(NewsFeedError):
        news_import(str(path))
    assert Article.objects.count() == 0


def test_latin1_bytes_declared_as_utf8_are_read_without_crashing(tmp_path) -> None:
    feed = rss(rss_item(1, title="Côte d'Ivoire: café diplomacy in Abidjan"))
    path = tmp_path / "latin1.rss"
    path.write_bytes(feed.encode("latin-1"))  # declares UTF-8
    report = news_import(str(path))
    assert report.added == 1
    assert report.warnings  # the wrong declaration is reported
    title = Article.objects.get().title
    assert title == "Côte d'Ivoire: café diplomacy in Abidjan"


def test_utf8_bytes_declared_as_utf16_do_not_crash(tmp_path) -> None:
    feed = rss(rss_item(1, title="Côte d'Ivoire"), encoding="UTF-16")
    path = tmp_path / "liar.rss"
    path.write_bytes(feed.encode("utf-8"))
    with contextlib.suppress(NewsFeedError):
        news_import(str(path))
    for article in Article.objects.all():
        assert unsafe_body(article.body_html) == []


def test_a_real_utf16_feed_is_read(tmp_path) -> None:
    feed = rss(rss_item(1, title="Côte d'Ivoire and Côte d'Ivoire"), encoding="UTF-16")
    path = tmp_path / "utf16.rss"
    path.write_bytes(feed.encode("utf-16"))
    assert news_import(str(path)).added == 1
    assert Article.objects.get().title == "Côte d'Ivoire and Côte d'Ivoire"


def test_windows1252_declared_feed_is_decoded(tmp_path) -> None:
    feed = rss(rss_item(1, title="São Tomé’s “new” embassy"), encoding="windows-1252")
    path = tmp_path / "cp1252.rss"
    path.write_bytes(feed.encode("cp1252"))
    news_import(str(path))
    assert Article.objects.get().title == "São Tomé’s “new” embassy"


@pytest.mark.parametrize(
    "date",
    [
        "<pubDate>Fri, 31 Dec 9999 23:59:59 -1400</pubDate>",
        "<dc:date>9999-12-31T23:59:59-14:00</dc:date>",  # past year 9999 once in UTC
        "<dc:date>0001-01-01T00:00:00+14:00</dc:date>",  # before year 1 once in UTC
        "<pubDate>Mon, 01 Jan 0001 00:00:00 +1400</pubDate>",
    ],
)
def test_dates_at_the_edge_of_the_calendar_do_not_crash(tmp_path, date: str) -> None:
    path = tmp_path / "edge.rss"
    path.write_text(
        '<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        "<channel><title>Edge</title><item><title>Edge of time</title>"
        f"<link>https://edge.example.org/1</link>{date}<description>x</description></item>"
        "</channel></rss>"
    )
    before = timezone.now()
    assert news_import(str(path)).added == 1
    assert before <= Article.objects.get().published_at <= timezone.now()


# --- Size limit -------------------------------------------------------------------------------


def test_a_feed_over_the_size_limit_is_refused(tmp_path) -> None:
    path = tmp_path / "huge.rss"
    filler = "<!-- " + "x" * services.MAX_FEED_BYTES + " -->"
    path.write_text(rss(rss_item(1), filler))
    assert path.stat().st_size > services.MAX_FEED_BYTES
    with pytest.raises(NewsFeedError, match="larger than"):
        news_import(str(path))
    assert Article.objects.count() == 0


def test_a_feed_over_the_size_limit_is_refused_from_a_url(feed_server) -> None:
    body = rss(rss_item(1), "<!-- " + "x" * services.MAX_FEED_BYTES + " -->").encode()
    feed_server.routes["/huge.rss"] = (200, body)
    with pytest.raises(NewsFeedError, match="larger than"):
        news_import(f"{feed_server.url}/huge.rss")
    assert Article.objects.count() == 0


def test_a_feed_just_under_the_size_limit_is_read(tmp_path) -> None:
    path = tmp_path / "big.rss"
    base = rss(rss_item(1), "<!--  -->")
    filler = "<!-- " + "x" * (services.MAX_FEED_BYTES - len(base.encode())) + " -->"
    path.write_text(rss(rss_item(1), filler))
    assert path.stat().st_size == services.MAX_FEED_BYTES
    assert news_import(str(path)).added == 1


def test_only_the_first_entries_of_a_long_feed_are_read(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(services, "MAX_ENTRIES", 5)
    path = tmp_path / "long.rss"
    path.write_text(rss(*(rss_item(n) for n in range(12))))
    assert news_import(str(path)).added == 5


# --- Entity bombs and external entities -------------------------------------------------------


def _laughs() -> str:
    return BILLION_LAUGHS.read_text(encoding="utf-8")


def test_an_entity_bomb_is_refused() -> None:
    start = time.monotonic()
    with pytest.raises(NewsFeedError, match="entit"):
        news_import(str(BILLION_LAUGHS))
    assert time.monotonic() - start < 2
    assert Article.objects.count() == 0


def test_an_external_entity_is_refused() -> None:
    with pytest.raises(NewsFeedError, match="entit"):
        news_import(str(EXTERNAL_ENTITY))
    assert Article.objects.count() == 0


def test_an_entity_bomb_in_utf16_is_refused(tmp_path) -> None:
    path = tmp_path / "laughs-utf16.rss"
    path.write_bytes(_laughs().replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16"))
    with pytest.raises(NewsFeedError, match="entit"):
        news_import(str(path))
    assert Article.objects.count() == 0


def test_an_entity_bomb_after_a_long_comment_is_refused(tmp_path) -> None:
    """XML allows comments before the DOCTYPE: the entity declarations may start late."""
    text = _laughs().replace("<!DOCTYPE", "<!-- " + "padding " * 10_000 + "-->\n<!DOCTYPE", 1)
    path = tmp_path / "laughs-late.rss"
    path.write_text(text)
    with pytest.raises(NewsFeedError, match="entit"):
        news_import(str(path))
    assert Article.objects.count() == 0


@pytest.mark.parametrize("variant", ["utf16", "late"])
def test_a_disguised_entity_bomb_is_never_expanded(tmp_path, variant: str) -> None:
    """Whatever happens to a bomb that gets past the check, nothing is expanded or stored big."""
    text = _laughs()
    if variant == "utf16":
        data = text.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
    else:
        data = text.replace("<!DOCTYPE", "<!-- " + "padding " * 10_000 + "-->\n<!DOCTYPE").encode()
    path = tmp_path / f"laughs-{variant}.rss"
    path.write_bytes(data)
    start = time.monotonic()
    with contextlib.suppress(NewsFeedError):
        news_import(str(path))
    assert time.monotonic() - start < 5
    assert "lollol" not in stored_text()
    assert len(stored_text()) < 10_000


def test_an_external_entity_in_utf16_reads_no_local_file(tmp_path) -> None:
    text = EXTERNAL_ENTITY.read_text(encoding="utf-8")
    path = tmp_path / "xxe-utf16.rss"
    path.write_bytes(text.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16"))
    with contextlib.suppress(NewsFeedError):
        news_import(str(path))
    assert "root:" not in stored_text()


# --- The audit used above catches what it should ----------------------------------------------


@pytest.mark.parametrize(
    "markup",
    [
        "<script>xss(1)</script>",
        '<script src="https://evil.example.com/x.js"></script>',
        '<img src="x" onerror="xss(2)">',
        '<a href="javascript:xss(3)">x</a>',
        '<a href="&#106;avascript:xss(4)">x</a>',
        '<a href=" java&#x09;script:xss(5)">x</a>',
        '<a href="data:text/html,xss(6)">x</a>',
        '<iframe src="https://evil.example.com/"></iframe>',
        "<style>p{background:url(javascript:xss(7))}</style>",
        '<p style="background:url(javascript:xss(8))">x</p>',
        '<meta http-equiv="refresh" content="0;url=https://evil.example.com/">',
        '<svg onload="xss(9)"></svg>',
        '<form action="javascript:xss(10)"></form>',
    ],
)
def test_the_audit_catches_payloads(markup: str) -> None:
    assert unsafe_parts(markup)
    assert unsafe_body(markup)


def test_the_audit_accepts_sanitised_html() -> None:
    body = (
        '<p>Text <a href="https://example.org/" rel="noopener noreferrer nofollow">link</a>'
        " &lt;script&gt;xss(1)&lt;/script&gt;</p><ul><li>one</li></ul>"
    )
    assert unsafe_parts(body) == []
    assert unsafe_body(body) == []
    assert unsafe_body('<p style="color:red">x</p>')
    assert unsafe_body('<img src="https://example.org/x.png">')
