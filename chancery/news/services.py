"""Writing articles: render and sanitise the body, tag the countries, read feeds.

A feed is fetched within `MAX_FEED_BYTES` (chancery.ingest.fetch) and parsed safely first
(chancery.ingest.safe_xml: no DTD, no entities, strict encodings, well-formed); feedparser then
reads the document that was checked. An entry that cannot be published as it is (no title, a
link that is not http(s), HTML too large or too deeply nested to sanitise) is rejected: reported,
and not published. Entries are deduplicated on their GUID, their link and the hash of their
content; their HTML is sanitised with nh3; their source is kept for attribution. A broken or
hostile feed, or one whose every entry is rejected, is a failed fetch: reported, recorded as a
failed import run, and it touches nothing else.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field

import feedparser
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags
from markdown_it import MarkdownIt

from chancery.core.sanitize import MAX_HTML_CHARS, clean_html, html_problem
from chancery.core.slugs import slug_base, slug_unique_in
from chancery.core.weblinks import web_address_problem
from chancery.ingest.dates import date_problem
from chancery.ingest.fetch import FetchError, fetch_bytes
from chancery.ingest.models import ImportKind, ImportRun
from chancery.ingest.runs import import_run_fail, import_run_finish, import_run_start
from chancery.ingest.safe_xml import XMLError, read_xml

from .models import Article, ArticleCountry, ArticleStatus, BodyFormat, FeedSource
from .tagging import capitals, tag_text

#: How news runs are named among import runs: the importer reads RSS and Atom feeds.
SOURCE_NAME = "rss-atom"
MAX_FEED_BYTES = 5 * 1024 * 1024
MAX_ENTRIES = 500
#: How many rejected entries the error of a feed whose every entry was rejected names.
REASONS_NAMED = 3
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False})
_WEB_LINK = re.compile(r"https?://[^/?#]", re.IGNORECASE)


class NewsFeedError(Exception):
    """The feed cannot be used; nothing was changed."""


class EntryRejected(Exception):
    """One entry cannot be published; the message names it and says why."""


def _as_html(body: str, body_format: str) -> str:
    return _markdown.render(body or "") if body_format == BodyFormat.MARKDOWN else body or ""


def render_body(body: str, body_format: str, *, base_url: str = "") -> str:
    """The body as sanitised HTML (Markdown is rendered first, with raw HTML disabled); with
    `base_url`, relative links are read against that page.

    Raises HTMLTooComplex for a body `body_problem` refuses.
    """
    return clean_html(_as_html(body, body_format), base_url=base_url)


def body_problem(body: str, body_format: str) -> str:
    """Why a body cannot be sanitised (too large, too many tags, nested too deeply), or ""."""
    if len(body or "") > MAX_HTML_CHARS:
        return f"{len(body):,} characters, more than the {MAX_HTML_CHARS:,} allowed"
    return html_problem(_as_html(body, body_format))


def unique_slug(title: str, exclude_pk: int | None = None) -> str:
    """A slug for an article titled `title`, unique among the other articles."""
    base = slug_base(title, max_length=180, fallback="article")
    others = Article.objects.all() if exclude_pk is None else Article.objects.exclude(pk=exclude_pk)
    return slug_unique_in(others, base)


def article_text(article: Article) -> str:
    return "\n".join([article.title, article.summary, strip_tags(article.body_html)])


def tag_article(article: Article, capital_names: dict[int, str] | None = None) -> None:
    """Replace the tagger's tags (editors' own tags stay) with the text's countries."""
    excluded = set(article.excluded_countries or [])
    tags = [
        t
        for t in tag_text(article_text(article), capital_names=capital_names)
        if t.country_id not in excluded
    ]
    ArticleCountry.objects.filter(article=article, by_editor=False).delete()
    kept = set(ArticleCountry.objects.filter(article=article).values_list("country_id", flat=True))
    ArticleCountry.objects.bulk_create(
        [
            ArticleCountry(article=article, country_id=t.country_id, score=t.score)
            for t in tags
            if t.country_id not in kept
        ]
    )


def article_prepare(article: Article) -> None:
    """Fill the derived fields before saving: HTML body, slug, content hash."""
    # An article read from a feed (it keeps the entry's id) was written for its own page there:
    # its relative links lead somewhere on that site, not on this one.
    base_url = article.source_url if article.guid else ""
    article.body_html = render_body(article.body, article.body_format, base_url=base_url)
    if not article.slug:
        article.slug = unique_slug(article.title, article.pk)
    article.content_hash = hashlib.sha256(
        "\n".join([article.title, article.summary, article.body_html]).encode()
    ).hexdigest()


@dataclass
class FeedReport:
    location: str
    added: int = 0
    duplicates: int = 0
    rejected: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _read(location: str) -> bytes:
    try:
        return fetch_bytes(location, max_bytes=MAX_FEED_BYTES)
    except FetchError as exc:
        raise NewsFeedError(exc.problem) from exc


def _entry_date(entry: feedparser.FeedParserDict, now: dt.datetime) -> dt.datetime:
    for key in ("published_parsed", "updated_parsed"):
        parsed = entry.get(key)
        if parsed:
            try:
                value = dt.datetime.fromtimestamp(calendar.timegm(parsed), tz=dt.UTC)
            except (OverflowError, OSError, ValueError):
                continue  # a date outside what computers count: ignored
            if not date_problem(value, now):
                return value
    return now


def parse_feed(data: bytes) -> tuple[feedparser.FeedParserDict, list[str]]:
    """The feed's entries, read by feedparser from the document the safe parse checked, and
    warnings about it."""
    try:
        checked = read_xml(data)
    except XMLError as exc:
        raise NewsFeedError(f"refused: {exc}") from exc
    parsed = feedparser.parse(checked.data, sanitize_html=True, resolve_relative_uris=False)
    if not parsed.entries:
        reason = getattr(parsed, "bozo_exception", None)
        raise NewsFeedError(f"no entries{f' ({reason})' if reason else ''}")
    warnings = list(checked.warnings)
    if getattr(parsed, "bozo", False):
        warnings.append(f"feedparser: {parsed.bozo_exception}")
    return parsed, warnings


def _plain(value: object, what: str) -> str:
    """Text without tags; EntryRejected for markup that Django refuses to strip."""
    try:
        return strip_tags(str(value or ""))
    except SuspiciousOperation:
        raise EntryRejected(f"{what} has too many nested tags") from None


def link_problem(link: str) -> str:
    """Why an entry's link cannot be its source URL ("" when it can, or when there is none).

    Only an absolute http(s) URL is a link: not javascript:, data: or vbscript:, not a relative
    or scheme-relative one; and, like every address the site stores, nothing a browser would
    read differently (backslashes, a user name before the host, hidden characters).
    """
    if not link:
        return ""
    if not _WEB_LINK.match(link):
        return f"link {link[:60]!r} is not http(s)"
    problem = web_address_problem(link)
    return f"link {link[:60]!r} refused: {problem}" if problem else ""


def _article(
    entry: feedparser.FeedParserDict,
    *,
    now: dt.datetime,
    feed_title: str,
    source: FeedSource | None,
) -> Article:
    """The article an entry makes, prepared but not saved; EntryRejected if there is none."""
    raw_link = str(entry.get("link") or "")
    title = _plain(entry.get("title", ""), f"{raw_link[:80] or 'entry'}: the title").strip()[:300]
    if not title:
        raise EntryRejected(f"entry without a title ({raw_link[:80] or 'no link'})")
    link = raw_link.strip()
    problem = link_problem(link)
    if problem:
        raise EntryRejected(f"{title[:80]}: {problem}")
    content = entry.get("content", [{}])[0].get("value") if entry.get("content") else None
    html = content or entry.get("summary", "")
    problem = html_problem(html)
    if problem:
        raise EntryRejected(f"{title[:80]}: {problem}")
    article = Article(
        title=title,
        summary=_plain(entry.get("summary", ""), f"{title[:80]}: the summary")[:600].strip()
        if content
        else "",
        body=html,
        body_format=BodyFormat.HTML,
        status=ArticleStatus.PUBLISHED,
        published_at=_entry_date(entry, now),
        author=_plain(entry.get("author", ""), f"{title[:80]}: the author")[:200],
        source_name=feed_title[:200],
        source_url=link[:1000],
        feed=source,
        guid=(entry.get("id") or link or "")[:500],
    )
    article_prepare(article)
    return article


def _import_entries(
    parsed: feedparser.FeedParserDict,
    report: FeedReport,
    *,
    source: FeedSource | None,
    now: dt.datetime,
) -> None:
    try:
        feed_title = strip_tags(parsed.feed.get("title", "")) or (source.name if source else "")
    except SuspiciousOperation:
        raise NewsFeedError("the feed's title has too many nested tags") from None
    capital_names = capitals()
    with transaction.atomic():
        for entry in parsed.entries[:MAX_ENTRIES]:
            try:
                article = _article(entry, now=now, feed_title=feed_title, source=source)
            except EntryRejected as exc:
                report.rejected.append(str(exc))
                continue
            # The same content or the same article link anywhere is a duplicate; a GUID only
            # within one feed (numeric GUIDs of two feeds may collide).
            duplicate = Article.objects.filter(content_hash=article.content_hash)
            if article.guid:
                duplicate = duplicate | Article.objects.filter(feed=source, guid=article.guid)
            if article.source_url:
                duplicate = duplicate | Article.objects.filter(source_url=article.source_url)
            if duplicate.exists():
                report.duplicates += 1
                continue
            article.save()
            tag_article(article, capital_names)
            report.added += 1
    if report.rejected and not report.added and not report.duplicates:
        reasons = "; ".join(report.rejected[:REASONS_NAMED])
        more = len(report.rejected) - REASONS_NAMED
        raise NewsFeedError(
            f"every entry was rejected ({len(report.rejected)}): {reasons}"
            + (f"; and {more} more" if more > 0 else "")
        )


def news_import(location: str, *, source: FeedSource | None = None) -> FeedReport:
    """Add a feed's new entries as published articles; report the rest.

    NewsFeedError when the feed cannot be used at all, or when every entry was rejected. Each
    reading is recorded as an import run of `location`, a failed one with its error: that is
    what a feed source shows as its last reading.
    """
    now = timezone.now()
    report = FeedReport(location=location)
    run = import_run_start(ImportKind.NEWS, SOURCE_NAME, location, started_at=now)
    try:
        parsed, report.warnings = parse_feed(_read(location))
        _import_entries(parsed, report, source=source, now=now)
    except NewsFeedError as exc:
        _record(run, report, error=exc)
        raise
    except Exception as exc:  # a reader's bug must not cost the record of the failed run
        _record(run, report, error=f"unexpected error: {exc!r}"[:2000])
        raise
    _record(run, report)
    return report


def _record(run: ImportRun, report: FeedReport, *, error: object = None) -> None:
    run.rows_read = report.added + report.duplicates + len(report.rejected)
    run.created, run.unchanged = report.added, report.duplicates
    rejections = [{"reason": reason} for reason in report.rejected]
    if error is None:
        import_run_finish(run, rejections=rejections, warnings=report.warnings)
    else:
        # Entries written before the failure were rolled back: the run added nothing.
        run.created = run.unchanged = 0
        import_run_fail(run, error, rejections=rejections, warnings=report.warnings)
