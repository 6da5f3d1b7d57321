"""Feeds in: RSS and Atom, deduplication, attribution, dates, and the ingest_news command."""

from __future__ import annotations

import contextlib
import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections
from django.utils import timezone

from chancery.ingest.models import ImportKind, ImportRun
from chancery.news import services
from chancery.news.management.commands.ingest_news import Command
from chancery.news.models import Article, ArticleStatus, BodyFormat, FeedSource
from chancery.news.services import NewsFeedError, news_import

from .helpers import (
    NOT_A_FEED,
    NOTES,
    WIRE,
    WIRE_DATES,
    WIRE_REPOSTED,
    WIRE_SAME_GUID,
    WIRE_SAME_LINK,
    unsafe_body,
)

pytestmark = pytest.mark.django_db


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


# --- RSS and Atom -----------------------------------------------------------------------------


def test_rss_items_become_published_articles_with_their_source() -> None:
    report = news_import(str(WIRE))
    assert (report.added, report.duplicates, report.rejected) == (3, 0, [])
    kenya = Article.objects.get(guid="embassy-wire-0001")
    assert kenya.title == "Kenya opens a new consular section"
    assert kenya.status == ArticleStatus.PUBLISHED and kenya.is_visible
    assert kenya.body_format == BodyFormat.HTML
    assert kenya.source_name == "Embassy Wire"
    assert kenya.source_url == "https://wire.example.org/2025/10/kenya-consular-section"
    assert kenya.author == "A. Correspondent"
    assert kenya.published_at == utc(2025, 10, 13, 9, 30)
    assert "<b>Nairobi</b>" in kenya.body_html and unsafe_body(kenya.body_html) == []
    assert kenya.slug == "kenya-opens-a-new-consular-section"
    assert len(kenya.content_hash) == 64
    assert kenya.feed is None


def test_rss_items_are_tagged() -> None:
    news_import(str(WIRE))
    tagged = {
        a.guid: sorted(a.countries.values_list("iso_alpha2", flat=True))
        for a in Article.objects.all()
    }
    assert tagged == {
        "embassy-wire-0001": ["KE"],  # "Kenya" in the title, "Nairobi" twice in the body
        "embassy-wire-0002": ["DE", "FR"],
        "embassy-wire-0003": ["JP"],
    }


def test_rss_dates_with_a_time_zone_are_converted() -> None:
    news_import(str(WIRE))
    assert Article.objects.get(guid="embassy-wire-0002").published_at == utc(2025, 10, 12, 16)


def test_atom_entries_become_articles_with_content_summary_and_author() -> None:
    report = news_import(str(NOTES))
    assert report.added == 2
    brazil = Article.objects.get(guid="tag:notes.example.net,2025:brazil-evisa")
    assert brazil.source_name == "Consular Notes"
    assert brazil.source_url == "https://notes.example.net/brazil-evisa"
    assert brazil.author == "C. Writer"
    assert brazil.summary == "Brazil widens the scheme to more travellers."
    assert "would cover more travellers" in brazil.body_html
    assert '<a href="https://notes.example.net/faq"' in brazil.body_html
    assert brazil.published_at == utc(2025, 10, 14, 8)
    assert list(brazil.countries.values_list("iso_alpha2", flat=True)) == ["BR"]
    canada = Article.objects.get(guid="tag:notes.example.net,2025:canada-reopens")
    assert canada.published_at == utc(2025, 10, 13, 14, 45)  # <updated> when not <published>


def test_links_in_feed_bodies_open_without_referrer() -> None:
    news_import(str(NOTES))
    body = Article.objects.get(guid="tag:notes.example.net,2025:brazil-evisa").body_html
    assert 'rel="noopener noreferrer nofollow"' in body


# --- Deduplication ----------------------------------------------------------------------------


def test_importing_the_same_feed_twice_adds_nothing() -> None:
    news_import(str(WIRE))
    before = list(Article.objects.values_list("pk", "title", "updated_at"))
    again = news_import(str(WIRE))
    assert (again.added, again.duplicates) == (0, 3)
    assert list(Article.objects.values_list("pk", "title", "updated_at")) == before


def test_same_content_under_another_guid_and_link_is_a_duplicate() -> None:
    news_import(str(WIRE))
    report = news_import(str(WIRE_REPOSTED))
    assert (report.added, report.duplicates) == (0, 1)
    assert not Article.objects.filter(guid="mirror-987").exists()


def test_same_guid_with_new_content_is_a_duplicate() -> None:
    news_import(str(WIRE))
    report = news_import(str(WIRE_SAME_GUID))
    assert (report.added, report.duplicates) == (0, 1)
    original = Article.objects.get(guid="embassy-wire-0001")
    assert original.title == "Kenya opens a new consular section"  # not overwritten


def test_same_link_under_another_guid_is_a_duplicate() -> None:
    news_import(str(WIRE))
    report = news_import(str(WIRE_SAME_LINK))
    assert (report.added, report.duplicates) == (0, 1)
    assert Article.objects.count() == 3


def test_duplicates_inside_one_feed_are_added_once(tmp_path) -> None:
    item = (
        "<item><title>Twice</title><link>https://x.example.org/twice</link>"
        "<guid>twice</guid><description>Same.</description></item>"
    )
    path = tmp_path / "twice.rss"
    path.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
        f"{item}{item}</channel></rss>"
    )
    report = news_import(str(path))
    assert (report.added, report.duplicates) == (1, 1)


def test_two_articles_with_the_same_title_get_distinct_slugs(tmp_path) -> None:
    items = "".join(
        f"<item><title>Embassy news</title><link>https://x.example.org/{n}</link>"
        f"<guid>same-title-{n}</guid><description>Text {n}.</description></item>"
        for n in range(3)
    )
    path = tmp_path / "same-title.rss"
    path.write_text(f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>')
    assert news_import(str(path)).added == 3
    assert sorted(Article.objects.values_list("slug", flat=True)) == [
        "embassy-news",
        "embassy-news-2",
        "embassy-news-3",
    ]


# --- Dates ------------------------------------------------------------------------------------


def test_missing_bogus_old_and_future_dates_fall_back_to_the_import_time() -> None:
    before = timezone.now()
    news_import(str(WIRE_DATES))
    after = timezone.now()
    dates = dict(Article.objects.values_list("guid", "published_at"))
    for guid in ("dates-none", "dates-bogus", "dates-1970", "dates-future"):
        assert before <= dates[guid] <= after, guid
    assert dates["dates-no-time"] == utc(2025, 10, 9)
    # all of them are visible at once: none is hidden in the future or buried in 1970
    assert Article.objects.visible().count() == 5


def test_an_entry_without_a_title_is_rejected(tmp_path) -> None:
    path = tmp_path / "untitled.rss"
    path.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
        "<item><link>https://x.example.org/1</link><description>No title.</description></item>"
        "<item><title>Titled</title><link>https://x.example.org/2</link></item>"
        "</channel></rss>"
    )
    report = news_import(str(path))
    assert report.added == 1
    assert len(report.rejected) == 1 and "without a title" in report.rejected[0]


def test_a_web_page_is_not_a_feed() -> None:
    with pytest.raises(NewsFeedError, match="an HTML page"):
        news_import(str(NOT_A_FEED))
    assert Article.objects.count() == 0


def test_well_formed_xml_without_entries_is_not_a_feed(tmp_path) -> None:
    path = tmp_path / "sitemap.xml"
    path.write_text(
        '<?xml version="1.0"?><urlset><url><loc>https://x.example/</loc></url></urlset>'
    )
    with pytest.raises(NewsFeedError, match="no entries"):
        news_import(str(path))
    assert Article.objects.count() == 0


def test_a_missing_file_is_an_error() -> None:
    with pytest.raises(NewsFeedError, match="no such file"):
        news_import("/nonexistent/feed.rss")


# --- URLs -------------------------------------------------------------------------------------


def test_a_feed_is_read_from_a_url(feed_server) -> None:
    report = news_import(f"{feed_server.url}/embassy-wire.rss")
    assert report.added == 3
    assert feed_server.requests == ["/embassy-wire.rss"]


def test_an_http_error_is_a_feed_error(feed_server) -> None:
    feed_server.routes["/boom"] = (500, b"Internal Server Error")
    with pytest.raises(NewsFeedError, match="500"):
        news_import(f"{feed_server.url}/boom")
    with pytest.raises(NewsFeedError, match="404"):
        news_import(f"{feed_server.url}/missing.rss")
    assert Article.objects.count() == 0


def test_a_network_failure_is_a_feed_error() -> None:
    """The test run blocks the internet: the connection fails like an unreachable host would."""
    with pytest.raises(NewsFeedError):
        news_import("https://feeds.example.com/news.rss")


# --- The ingest_news command ------------------------------------------------------------------


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("ingest_news", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_command_feed_reads_one_feed() -> None:
    out, _ = run("--feed", str(WIRE))
    assert "3 added, 0 already here, 0 rejected" in out
    out, _ = run("--feed", str(WIRE))
    assert "0 added, 3 already here" in out


def test_every_reading_is_an_import_run_of_its_address() -> None:
    run("--feed", str(WIRE))
    with pytest.raises(CommandError):
        run("--feed", str(NOT_A_FEED))
    read, failed = ImportRun.objects.filter(kind=ImportKind.NEWS).order_by("pk")
    assert (read.location, read.ok, read.rows_read, read.created) == (str(WIRE), True, 3, 3)
    assert (failed.location, failed.ok) == (str(NOT_A_FEED), False)
    assert "not a feed" in failed.error


def test_an_importer_bug_is_recorded_as_the_failed_run(monkeypatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(services, "tag_article", broken)
    source = FeedSource.objects.create(name="Wire", url=str(WIRE))
    with pytest.raises(CommandError, match="1 feed"):
        run("--all")
    last = FeedSource.objects.get(pk=source.pk).last_run
    assert last is not None and not last.ok
    assert last.error == "unexpected error: RuntimeError('a bug')"
    assert (last.created, Article.objects.count()) == (0, 0)


def test_command_feed_of_a_broken_feed_exits_non_zero_with_a_message(capsys, monkeypatch) -> None:
    # run_from_argv closes the connections afterwards: not the test's, inside its transaction
    monkeypatch.setattr(connections, "close_all", lambda: None)
    with pytest.raises(SystemExit) as exc:
        Command().run_from_argv(["manage.py", "ingest_news", "--feed", str(NOT_A_FEED)])
    assert exc.value.code != 0
    err = capsys.readouterr().err
    assert str(NOT_A_FEED) in err and "not a feed" in err and "nothing was changed" in err
    with pytest.raises(CommandError, match="no such file"):
        run("--feed", "/nonexistent/feed.rss")


def test_command_needs_feed_or_all() -> None:
    with pytest.raises(CommandError):
        run()


@pytest.fixture
def sources(feed_server) -> dict[str, FeedSource]:
    """Four sources, read in name order: a broken one first, two good ones, a disabled one."""
    return {
        "broken": FeedSource.objects.create(name="A broken feed", url=str(NOT_A_FEED)),
        "wire": FeedSource.objects.create(name="B Embassy Wire", url=str(WIRE)),
        "notes": FeedSource.objects.create(
            name="C Consular Notes", url=f"{feed_server.url}/consular-notes.atom"
        ),
        "disabled": FeedSource.objects.create(
            name="D Disabled", url=str(WIRE_DATES), enabled=False
        ),
    }


def test_command_all_reads_enabled_sources_and_survives_a_broken_one(sources) -> None:
    started = timezone.now()
    with pytest.raises(CommandError, match="1 feed"):
        run("--all")
    assert Article.objects.filter(feed=sources["wire"]).count() == 3
    assert Article.objects.filter(feed=sources["notes"]).count() == 2
    assert not Article.objects.filter(guid__startswith="dates-").exists()  # disabled: not read
    assert Article.objects.count() == 5
    last = {s: FeedSource.objects.get(pk=source.pk).last_run for s, source in sources.items()}
    for name in ("broken", "wire", "notes"):
        assert last[name] is not None
        assert last[name].started_at >= started
    assert last["disabled"] is None
    assert not last["broken"].ok and "not a feed" in last["broken"].error
    assert last["wire"].ok and last["notes"].ok
    assert last["wire"].error == last["notes"].error == ""
    assert (last["wire"].created, last["notes"].created) == (3, 2)
    assert last["broken"].created == 0


def test_command_all_reports_each_source(sources) -> None:
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError):
        call_command("ingest_news", "--all", stdout=out, stderr=err)
    assert "B Embassy Wire: 3 added" in out.getvalue()
    assert "C Consular Notes: 2 added" in out.getvalue()
    assert "A broken feed: refused: an HTML page" in err.getvalue()


def test_command_all_second_run_adds_nothing_and_clears_a_fixed_error(sources, feed_server) -> None:
    with pytest.raises(CommandError):
        run("--all")
    fixed = f"{feed_server.url}/embassy-wire-dates.rss"
    FeedSource.objects.filter(pk=sources["broken"].pk).update(url=fixed)
    out, _ = run("--all")  # nothing fails now: no error
    assert "B Embassy Wire: 0 added, 3 already here" in out
    fixed_run = FeedSource.objects.get(pk=sources["broken"].pk).last_run
    assert (fixed_run.ok, fixed_run.error, fixed_run.created) == (True, "", 5)
    wire_run = FeedSource.objects.get(pk=sources["wire"].pk).last_run
    assert (wire_run.created, wire_run.unchanged) == (0, 3)


def test_command_all_survives_a_feed_that_breaks_the_importer(tmp_path) -> None:
    """Not only a refused feed: whatever one feed does, the others are read and it is recorded."""
    edge = tmp_path / "edge.rss"
    edge.write_text(
        '<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        "<channel><title>Edge</title><item><title>Edge of time</title>"
        "<link>https://edge.example.org/1</link>"
        "<dc:date>9999-12-31T23:59:59-14:00</dc:date></item></channel></rss>"
    )
    FeedSource.objects.create(name="A edge", url=str(edge))
    wire = FeedSource.objects.create(name="B Embassy Wire", url=str(WIRE))
    with contextlib.suppress(CommandError):
        run("--all")
    assert Article.objects.filter(feed=wire).count() == 3
    assert FeedSource.objects.get(name="A edge").last_run is not None


def test_command_all_with_no_sources_does_nothing() -> None:
    out, err = run("--all")
    assert (out, err) == ("", "")
    assert Article.objects.count() == 0


# --- Links in imported bodies -----------------------------------------------------------------

RELATIVE_LINKS_RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Ministry Notes</title><link>https://ministry.example.org/</link>
<description>Notes</description>
<item><title>Visa appointments move online</title>
<link>https://ministry.example.org/news/2025/visas.html</link>
<guid isPermaLink="false">ministry-0001</guid>
<pubDate>Mon, 13 Oct 2025 09:30:00 GMT</pubDate>
<description>&lt;p&gt;Book on &lt;a href="/consular/appointments"&gt;the appointments page&lt;/a&gt;
or read &lt;a href="forms.html"&gt;the forms&lt;/a&gt;.&lt;/p&gt;</description>
</item></channel></rss>"""


def test_relative_links_in_a_feed_entry_lead_to_the_entry_site(tmp_path) -> None:
    feed = tmp_path / "ministry.rss"
    feed.write_bytes(RELATIVE_LINKS_RSS)
    news_import(str(feed))
    article = Article.objects.get(guid="ministry-0001")
    assert 'href="https://ministry.example.org/consular/appointments"' in article.body_html
    assert 'href="https://ministry.example.org/news/2025/forms.html"' in article.body_html
    assert 'href="/consular' not in article.body_html


def test_an_editors_article_keeps_links_to_this_site() -> None:
    article = Article(
        title="Where to find help",
        body="See [the Russia page](/in/russia/).",
        body_format=BodyFormat.MARKDOWN,
        source_url="https://elsewhere.example.org/story",
    )
    services.article_prepare(article)
    assert 'href="/in/russia/"' in article.body_html
