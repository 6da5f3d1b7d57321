"""Article bodies: Markdown rendered to HTML, raw HTML neutralised, feed HTML sanitised."""

from __future__ import annotations

import pytest

from chancery.news.models import Article, BodyFormat
from chancery.news.services import article_prepare, render_body

from .helpers import make_article, unsafe_body, unsafe_parts

MARKDOWN = BodyFormat.MARKDOWN
HTML = BodyFormat.HTML


def test_markdown_is_rendered() -> None:
    body = (
        "The embassy **reopened** on *Monday*.\n\n"
        "## Opening hours\n\n"
        "- Mondays\n- Thursdays\n\n"
        "1. Book\n2. Come\n\n"
        "> Quoted\n\n"
        'See [the embassy](https://example.org/embassy "Embassy").'
    )
    html = render_body(body, MARKDOWN)
    assert "<p>The embassy <strong>reopened</strong> on <em>Monday</em>.</p>" in html
    assert "<h2>Opening hours</h2>" in html
    assert "<ul>\n<li>Mondays</li>\n<li>Thursdays</li>\n</ul>" in html
    assert "<ol>" in html and "<li>Book</li>" in html
    assert "<blockquote>" in html
    assert (
        '<a href="https://example.org/embassy" title="Embassy" rel="noopener noreferrer nofollow">'
        "the embassy</a>"
    ) in html
    assert unsafe_body(html) == []


def test_an_empty_body_renders_empty() -> None:
    assert render_body("", MARKDOWN) == ""
    assert render_body("", HTML) == ""


@pytest.mark.parametrize(
    "raw",
    [
        "<script>xss(1)</script>",
        '<img src="x" onerror="xss(2)">',
        '<iframe src="https://evil.example.com/"></iframe>',
        "<style>body { display: none }</style>",
        '<a href="javascript:xss(3)">click</a>',
        '<div onclick="xss(4)">click</div>',
        '<p>Inline <b onmouseover="xss(5)">bold</b></p>',
    ],
)
def test_raw_html_in_markdown_is_shown_as_text(raw: str) -> None:
    html = render_body(f"Before\n\n{raw}\n\nAfter {raw} inline", MARKDOWN)
    assert unsafe_body(html) == []
    assert unsafe_parts(html) == []
    assert "&lt;" in html  # escaped, visible as text, not interpreted
    assert "<p>Before</p>" in html


@pytest.mark.parametrize(
    "link",
    [
        "[x](javascript:xss(1))",
        "[x](JAVASCRIPT:xss(2))",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        "[x](vbscript:xss(3))",
        "<javascript:xss(4)>",
        "![x](javascript:xss(5))",
        "[x][ref]\n\n[ref]: javascript:xss(6)",
    ],
)
def test_dangerous_markdown_links_are_not_links(link: str) -> None:
    html = render_body(link, MARKDOWN)
    assert unsafe_body(html) == []
    assert "href" not in html or 'href="http' in html


def test_markdown_images_are_dropped_not_hotlinked() -> None:
    html = render_body("![map](https://tracker.example.com/pixel.png)", MARKDOWN)
    assert "<img" not in html and "tracker.example.com" not in html


def test_html_bodies_are_sanitised_not_escaped() -> None:
    html = render_body("<p>Hello <b>world</b><script>xss(1)</script></p><h1>x</h1>", HTML)
    assert "<b>world</b>" in html
    assert unsafe_body(html) == []


@pytest.mark.django_db
def test_article_prepare_renders_on_save_and_fills_slug_and_hash() -> None:
    article = Article(title="Opening hours change", body="**Now** open <script>x</script>")
    article_prepare(article)
    assert article.body_html.startswith("<p><strong>Now</strong> open &lt;script&gt;")
    assert article.slug == "opening-hours-change"
    assert len(article.content_hash) == 64
    other = Article(title="Opening hours change", body="Different")
    article.save()
    article_prepare(other)
    assert other.slug == "opening-hours-change-2"
    assert other.content_hash != article.content_hash


@pytest.mark.django_db
def test_markdown_article_page_shows_the_rendered_body(client) -> None:
    article = make_article(
        "A Markdown article",
        body="Hello **world**\n\n<script>xss(1)</script>\n\n[bad](javascript:xss(2))",
    )
    page = client.get(article.get_absolute_url()).content.decode()
    assert "<strong>world</strong>" in page
    assert unsafe_parts(page) == []
