"""HTML from elsewhere (advisory feeds, news feeds, editors' Markdown): keep its formatting,
drop anything active (scripts, iframes, event handlers, javascript: URLs, styles).

The sanitiser builds the document tree as a browser would, and its time grows with the square
of the nesting: 200,000 nested <div>s take minutes. So `html_problem` looks at the markup first,
in linear time, and refuses what no article or advisory needs: more than `MAX_HTML_CHARS`
characters, more than `MAX_HTML_TAGS` tags, or elements nested more than `MAX_HTML_DEPTH` deep.
The tag count is what bounds the sanitiser's work, whatever tricks the markup plays; the depth
is estimated as a browser would nest the elements, closely enough to name the usual problem.
"""

from __future__ import annotations

import re
from functools import cache

import nh3

#: Limits for one piece of HTML (an article's body, an advisory's summary).
MAX_HTML_CHARS = 1_000_000
MAX_HTML_TAGS = 10_000
MAX_HTML_DEPTH = 100

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


class HTMLTooComplex(ValueError):
    """The HTML is too large or too deeply nested to be sanitised; the message says which."""


#: Elements that never have children.
_VOID = frozenset(
    "area base br col embed hr img image input keygen link meta param source track wbr".split()
)
#: Elements whose content is text up to their end tag: tags inside them are not tags.
_RAW_TEXT = frozenset(
    "script style textarea title xmp iframe noembed noframes noscript plaintext".split()
)
#: Elements that a browser closes when the same element starts again right inside them.
_SELF_CLOSING_ON_REPEAT = frozenset("p li dt dd option tr td th".split())
#: A start or end tag with its attributes; possessive, so that a stray quote cannot make the
#: scan backtrack.
_TAG = re.compile(r"""<(/?)([A-Za-z][^\s/>]*+)(?:[^>"']++|"[^"]*+"|'[^']*+')*+>?""")
_COMMENT_END = re.compile(r"--!?>")


@cache
def _raw_text_end(name: str) -> re.Pattern[str]:
    return re.compile(rf"</{name}[\s/>]", re.IGNORECASE)


def nesting_depth(html: str, *, limit: int = MAX_HTML_DEPTH) -> int:
    """How deeply a browser would nest the elements of `html`; counting stops past `limit`."""
    stack: list[str] = []
    deepest = 0
    position = 0
    while (start := html.find("<", position)) != -1:
        if html.startswith("<!--", start):
            if html.startswith(("<!-->", "<!--->"), start):
                position = html.index(">", start) + 1
                continue
            end = _COMMENT_END.search(html, start + 4)
            position = end.end() if end else len(html)
            continue
        tag = _TAG.match(html, start)
        if tag is None:
            # "<!…>", "<?…>" and "</ …>" are comments up to the next ">"; any other "<" is text.
            if html.startswith(("<!", "<?", "</"), start):
                close = html.find(">", start)
                position = len(html) if close == -1 else close + 1
            else:
                position = start + 1
            continue
        position = tag.end()
        closing, name = tag.group(1), tag.group(2).lower()
        if closing:
            if name in stack:
                del stack[len(stack) - 1 - stack[::-1].index(name) :]
        elif name in _RAW_TEXT:
            end = _raw_text_end(name).search(html, position)
            position = end.start() if end else len(html)
        elif name not in _VOID:
            if stack and stack[-1] == name and name in _SELF_CLOSING_ON_REPEAT:
                stack.pop()
            stack.append(name)
            deepest = max(deepest, len(stack))
            if deepest > limit:
                break
    return deepest


def html_problem(html: str) -> str:
    """Why `html` is refused before sanitising ("" when it is not), in linear time."""
    if len(html) > MAX_HTML_CHARS:
        return f"{len(html):,} characters of HTML, more than the {MAX_HTML_CHARS:,} allowed"
    tags = html.count("<")
    if tags > MAX_HTML_TAGS:
        return f"{tags:,} tags in the HTML, more than the {MAX_HTML_TAGS:,} allowed"
    if nesting_depth(html) > MAX_HTML_DEPTH:
        return f"HTML elements nested more than {MAX_HTML_DEPTH} deep"
    return ""


def clean_html(html: str, *, base_url: str = "") -> str:
    """Sanitised HTML: safe tags only, links with http(s) or mailto, opened without referrer.

    With `base_url` (the page the HTML was written for), relative links are made absolute
    against it, as they would be read there; the sanitiser does it before it checks the scheme,
    so a resolved link passes the same check as any other. Without it they are kept as they are.

    Raises HTMLTooComplex, before sanitising, for HTML that `html_problem` refuses.
    """
    problem = html_problem(html or "")
    if problem:
        raise HTMLTooComplex(problem)
    cleaned = nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        url_relative=("rewrite_with_base", base_url) if base_url else None,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    # Empty emphasis left by the source ("<b></b>") says nothing.
    for tag in ("b", "i", "strong", "em"):
        cleaned = cleaned.replace(f"<{tag}></{tag}>", "")
    return cleaned.strip()
