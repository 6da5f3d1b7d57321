"""HTML too large or nested too deeply is refused before the sanitiser, whose time grows with
the square of the nesting, ever sees it."""

from __future__ import annotations

import pytest

from chancery.core.sanitize import (
    MAX_HTML_CHARS,
    MAX_HTML_DEPTH,
    MAX_HTML_TAGS,
    HTMLTooComplex,
    clean_html,
    html_problem,
    nesting_depth,
)


def nested(n: int, tag: str = "div") -> str:
    return f"<{tag}>" * n + "x" + f"</{tag}>" * n


@pytest.mark.parametrize(
    ("html", "words"),
    [
        (nested(200_000), "characters of HTML"),
        (nested(MAX_HTML_DEPTH + 1), f"nested more than {MAX_HTML_DEPTH} deep"),
        (nested(5_000, "b"), f"nested more than {MAX_HTML_DEPTH} deep"),
        ("<div>" * 5_000, f"nested more than {MAX_HTML_DEPTH} deep"),  # never closed
        ("<p>x</p>" * (MAX_HTML_TAGS // 2 + 1), "tags in the HTML"),
        ("x" * (MAX_HTML_CHARS + 1), "characters of HTML"),
    ],
    ids=["200k-divs", "just-too-deep", "5k-bold", "unclosed", "too-many-tags", "too-long"],
)
def test_html_over_a_limit_is_refused_before_sanitising(html: str, words: str) -> None:
    assert words in html_problem(html)
    with pytest.raises(HTMLTooComplex, match=words):
        clean_html(html)


@pytest.mark.parametrize(
    "html",
    [
        nested(MAX_HTML_DEPTH),
        "<p>x</p>" * (MAX_HTML_TAGS // 2),
        "<ul>" + "<li>item" * 500 + "</ul>",  # list items a browser closes itself
        "<p>one<p>two<p>three" * 200,
        "<p>" + "<br>" * 2_000 + "</p>",
        "<div><span>unclosed</div>" * 300,  # closed by the enclosing end tag
    ],
    ids=["at-the-limit", "many-paragraphs", "open-list-items", "open-paragraphs", "void", "sloppy"],
)
def test_ordinary_html_passes(html: str) -> None:
    assert html_problem(html) == ""
    assert clean_html(html)


@pytest.mark.parametrize(
    ("html", "depth"),
    [
        ("", 0),
        ("text only", 0),
        ("<p>a</p><p>b</p>", 1),
        ("<div><div><b>x</b></div></div>", 3),
        ("<div><!-- </div></div> --><p>x</p></div>", 2),  # end tags in a comment
        ('<div title="</div>"><p>x</p></div>', 2),  # and in an attribute
        ("<div><script></div></div></script><p>x</p></div>", 2),  # and in a script
        ("<div><!--><p>x</p></div>", 2),  # "<!-->" is a whole comment
        ("<DIV><Div><div>", 3),
        ("a < b, 3 <= 4", 0),
    ],
)
def test_the_nesting_is_measured_as_a_browser_nests(html: str, depth: int) -> None:
    assert nesting_depth(html, limit=1_000) == depth
