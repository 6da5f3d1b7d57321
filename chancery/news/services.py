"""Writing articles: render and sanitise the body, tag the countries, read feeds.

A feed is read with feedparser, after refusing what no news feed needs (entity declarations,
more than `MAX_FEED_BYTES`). Entries are deduplicated on their GUID, their link and the hash
of their content; their HTML is sanitised with nh3; their source is kept for attribution. A
broken or hostile feed is reported and touches nothing else.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import feedparser
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import slugify
from markdown_it import MarkdownIt

from chancery.core.sanitize import clean_html
from chancery.ingest.fetch import FetchError, local_copy

from .models import Article, ArticleCountry, ArticleStatus, BodyFormat, FeedSource
from .tagging import capitals, tag_text

MAX_FEED_BYTES = 5 * 1024 * 1024
MAX_ENTRIES = 500
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False})
_ENTITY_DECLARATION = re.compile(r"<!ENTITY", re.IGNORECASE)


def declares_entities(data: bytes) -> bool:
    """Whether an XML document declares entities anywhere, in whichever Unicode encoding."""
    encodings = ["utf-8"]
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in data[:200]:
        encodings = ["utf-16", "utf-16-le", "utf-16-be", "utf-32"]
    return any(
        _ENTITY_DECLARATION.search(data.decode(encoding, errors="ignore")) for encoding in encodings
    )


class NewsFeedError(Exception):
    """The feed cannot be used; nothing was changed."""


def render_body(body: str, body_format: str) -> str:
    """The body as sanitised HTML (Markdown is rendered first, with raw HTML disabled)."""
    html = _markdown.render(body or "") if body_format == BodyFormat.MARKDOWN else body or ""
    return clean_html(html)


def unique_slug(title: str, exclude_pk: int | None = None) -> str:
    base = slugify(title)[:180] or "article"
    slug, n = base, 2
    taken = Article.objects.exclude(pk=exclude_pk).filter(slug__startswith=base)
    existing = set(taken.values_list("slug", flat=True))
    while slug in existing:
        slug, n = f"{base}-{n}", n + 1
    return slug


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
    article.body_html = render_body(article.body, article.body_format)
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
    path = Path(location).expanduser()
    try:
        with local_copy(str(path) if path.exists() else location, progress=False) as local:
            if local.stat().st_size > MAX_FEED_BYTES:
                raise NewsFeedError(
                    f"{local.stat().st_size:,} bytes: larger than the {MAX_FEED_BYTES:,} allowed"
                )
            return local.read_bytes()
    except FetchError as exc:
        raise NewsFeedError(str(exc)) from exc


def _entry_date(entry: feedparser.FeedParserDict, now: dt.datetime) -> dt.datetime:
    for key in ("published_parsed", "updated_parsed"):
        parsed = entry.get(key)
        if parsed:
            try:
                value = dt.datetime.fromtimestamp(calendar.timegm(parsed), tz=dt.UTC)
            except (OverflowError, OSError, ValueError):
                continue  # a date outside what computers count: ignored
            if dt.datetime(1990, 1, 1, tzinfo=dt.UTC) <= value <= now + dt.timedelta(days=1):
                return value
    return now


def parse_feed(data: bytes) -> feedparser.FeedParserDict:
    if declares_entities(data):
        raise NewsFeedError("refused: the feed declares XML entities (possible entity bomb)")
    parsed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=False)
    if not parsed.entries:
        reason = getattr(parsed, "bozo_exception", None)
        raise NewsFeedError(f"no entries{f' ({reason})' if reason else ''}")
    return parsed


def news_import(location: str, *, source: FeedSource | None = None) -> FeedReport:
    """Add a feed's new entries as published articles; report the rest."""
    now = timezone.now()
    report = FeedReport(location=location)
    try:
        parsed = parse_feed(_read(location))
    except NewsFeedError as exc:
        if source is not None:
            FeedSource.objects.filter(pk=source.pk).update(last_fetched_at=now, last_error=str(exc))
        raise
    if getattr(parsed, "bozo", False):
        report.warnings.append(
            f"the feed is not well-formed ({parsed.bozo_exception}); read leniently"
        )
    feed_title = strip_tags(parsed.feed.get("title", "")) or (source.name if source else "")
    capital_names = capitals()
    with transaction.atomic():
        for entry in parsed.entries[:MAX_ENTRIES]:
            title = strip_tags(entry.get("title", "")).strip()[:300]
            link = entry.get("link", "")
            if not title:
                report.rejected.append(f"entry without a title ({link[:80] or 'no link'})")
                continue
            if link and not link.startswith(("https://", "http://")):
                report.rejected.append(f"{title[:80]}: link {link[:60]!r} is not http(s)")
                link = ""
            guid = (entry.get("id") or link or "")[:500]
            content = entry.get("content", [{}])[0].get("value") if entry.get("content") else None
            html = content or entry.get("summary", "")
            article = Article(
                title=title,
                summary=strip_tags(entry.get("summary", ""))[:600].strip() if content else "",
                body=html,
                body_format=BodyFormat.HTML,
                status=ArticleStatus.PUBLISHED,
                published_at=_entry_date(entry, now),
                author=strip_tags(entry.get("author", ""))[:200],
                source_name=feed_title[:200],
                source_url=link[:1000],
                feed=source,
                guid=guid,
            )
            article_prepare(article)
            # The same content or the same article link anywhere is a duplicate; a GUID only
            # within one feed (numeric GUIDs of two feeds may collide).
            duplicate = Article.objects.filter(content_hash=article.content_hash)
            if guid:
                duplicate = duplicate | Article.objects.filter(feed=source, guid=guid)
            if link:
                duplicate = duplicate | Article.objects.filter(source_url=link)
            if duplicate.exists():
                report.duplicates += 1
                continue
            article.save()
            tag_article(article, capital_names)
            report.added += 1
    if source is not None:
        FeedSource.objects.filter(pk=source.pk).update(
            last_fetched_at=now, last_error="", last_added=report.added
        )
    return report
