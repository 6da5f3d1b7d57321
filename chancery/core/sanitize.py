"""HTML from elsewhere (advisory feeds, news feeds, editors' Markdown): keep its formatting,
drop anything active (scripts, iframes, event handlers, javascript: URLs, styles)."""

from __future__ import annotations

import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ul",
    "ol",
    "li",
    "a",
    "h2",
    "h3",
    "h4",
    "blockquote",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


def clean_html(html: str) -> str:
    """Sanitised HTML: safe tags only, links with http(s) or mailto, opened without referrer."""
    cleaned = nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    # Empty emphasis left by the source ("<b></b>") says nothing.
    for tag in ("b", "i", "strong", "em"):
        cleaned = cleaned.replace(f"<{tag}></{tag}>", "")
    return cleaned.strip()
