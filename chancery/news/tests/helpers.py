"""Paths, article factories and an HTML audit for the news tests."""

from __future__ import annotations

import datetime as dt
import html
from html.parser import HTMLParser
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from chancery.core.sanitize import ALLOWED_ATTRIBUTES, ALLOWED_TAGS
from chancery.countries.models import Country
from chancery.news.models import Article, ArticleCountry, ArticleStatus, BodyFormat
from chancery.news.services import article_prepare

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = Path(settings.BASE_DIR).parent / "shared"
SEED_PAGE = SHARED / "reference" / "seed-page.txt"
US_ADVISORIES = SHARED / "data" / "us-state-travel-advisories" / "TAsTWs-2025-10-14.xml"

WIRE = FIXTURES / "embassy-wire.rss"
WIRE_DATES = FIXTURES / "embassy-wire-dates.rss"
WIRE_REPOSTED = FIXTURES / "embassy-wire-reposted.rss"
WIRE_SAME_GUID = FIXTURES / "embassy-wire-same-guid.rss"
WIRE_SAME_LINK = FIXTURES / "embassy-wire-same-link.rss"
NOTES = FIXTURES / "consular-notes.atom"
HOSTILE_XSS = FIXTURES / "hostile-xss.rss"
HOSTILE_TAKEOVER = FIXTURES / "hostile-takeover.rss"
MALFORMED = FIXTURES / "malformed.rss"
BILLION_LAUGHS = FIXTURES / "billion-laughs.rss"
EXTERNAL_ENTITY = FIXTURES / "external-entity.rss"
NOT_A_FEED = FIXTURES / "not-a-feed.html"


def country(code: str) -> Country:
    return Country.objects.get(iso_alpha2=code)


def ago(**kwargs: float) -> dt.datetime:
    return timezone.now() - dt.timedelta(**kwargs)


def ahead(**kwargs: float) -> dt.datetime:
    return timezone.now() + dt.timedelta(**kwargs)


def make_article(
    title: str,
    *,
    body: str = "Some text.",
    status: str = ArticleStatus.PUBLISHED,
    published_at: dt.datetime | None = None,
    countries: tuple[str, ...] = (),
    summary: str = "",
    body_format: str = BodyFormat.MARKDOWN,
    **extra: object,
) -> Article:
    """An article saved as the admin would (rendered body, slug, hash), with explicit tags."""
    article = Article(
        title=title,
        body=body,
        body_format=body_format,
        summary=summary,
        status=status,
        published_at=published_at or ago(hours=1),
        **extra,
    )
    article_prepare(article)
    article.save()
    for n, code in enumerate(countries):
        ArticleCountry.objects.create(article=article, country=country(code), score=5.0 - n)
    return article


def rss(*items: str, title: str = "Generated Wire", encoding: str = "UTF-8") -> str:
    return (
        f'<?xml version="1.0" encoding="{encoding}"?>\n'
        '<rss version="2.0"><channel>'
        f"<title>{title}</title><link>https://generated.example.org/</link>"
        "<description>Generated in a test.</description>"
        f"{''.join(items)}</channel></rss>"
    )


def rss_item(n: int, title: str | None = None, body: str | None = None) -> str:
    return (
        "<item>"
        f"<title>{title or f'Generated item {n}'}</title>"
        f"<link>https://generated.example.org/{n}</link>"
        f'<guid isPermaLink="false">generated-{n}</guid>'
        "<pubDate>Mon, 13 Oct 2025 09:30:00 GMT</pubDate>"
        f"<description>{body or f'Generated text number {n}.'}</description>"
        "</item>"
    )


# --- HTML audit -------------------------------------------------------------------------------

SAFE_SCHEMES = ("http://", "https://", "mailto:")
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "xlink:href",
    "background",
    "poster",
    "srcset",
}
#: Elements that have no business in a page built from a sanitised body.
FORBIDDEN_TAGS = {"iframe", "frame", "frameset", "object", "embed", "base", "svg", "math", "applet"}


class Audit(HTMLParser):
    """Every element of a piece of HTML, with its attributes, and the text of script/style."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.raw_text: list[str] = []
        self._in_raw = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}))
        # A JSON-LD block is data that is never run (and whose "<" are escaped): not audited.
        if tag in ("script", "style") and dict(attrs).get("type") != "application/ld+json":
            self._in_raw += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._in_raw:
            self._in_raw -= 1

    def handle_data(self, data: str) -> None:
        if self._in_raw:
            self.raw_text.append(data)


def audit(markup: str) -> Audit:
    parser = Audit()
    parser.feed(markup)
    parser.close()
    return parser


def _unsafe_url(value: str) -> bool:
    # What a browser would see: entities decoded, control characters and spaces dropped.
    url = "".join(ch for ch in html.unescape(value) if ch > " ").lower()
    return ":" in url.split("/")[0] and not url.startswith(SAFE_SCHEMES)


def unsafe_parts(markup: str, *, allowed_tags: set[str] | None = None) -> list[str]:
    """What in `markup` could run code or restyle the page; empty when it is safe.

    Harmless text (a payload shown as text, or inside a meta description) is not reported. With
    `allowed_tags`, any other element is reported too (for sanitised bodies).
    """
    found = audit(markup)
    problems = []
    for tag, attrs in found.elements:
        if allowed_tags is not None and tag not in allowed_tags:
            problems.append(f"<{tag}> is not an allowed tag")
        if tag in FORBIDDEN_TAGS:
            problems.append(f"<{tag} {attrs}>")
        if tag == "script" and not attrs.get("src", "/").startswith("/"):
            problems.append(f"<script src={attrs['src']!r}>")
        if tag == "meta" and "http-equiv" in attrs:
            problems.append(f"<meta {attrs}>")
        for name, value in attrs.items():
            if name.startswith("on"):
                problems.append(f"<{tag} {name}={value!r}>")
            if name == "style" and (allowed_tags is not None or "xss(" in value):
                problems.append(f"<{tag} style={value!r}>")
            if name in URL_ATTRIBUTES and _unsafe_url(value):
                problems.append(f"<{tag} {name}={value!r}>")
            if name == "srcdoc":
                problems.append(f"<{tag} srcdoc={value!r}>")
    for text in found.raw_text:
        if "xss(" in text:
            problems.append(f"script or style with a payload: {text.strip()[:80]!r}")
    return problems


def unsafe_body(body_html: str) -> list[str]:
    """`unsafe_parts` for a stored body: only the sanitiser's tags and attributes."""
    problems = unsafe_parts(body_html, allowed_tags=set(ALLOWED_TAGS))
    for tag, attrs in audit(body_html).elements:
        allowed = ALLOWED_ATTRIBUTES.get(tag, set()) | {"rel"}
        problems += [f"<{tag} {name}=...> is not allowed" for name in attrs if name not in allowed]
    return problems
