"""Nothing active from an issuer's HTML survives: not in the stored summary, not in pages."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from django.test import Client

from chancery.advisories.models import AdvisoryVersion
from chancery.advisories.services import advisories_import
from chancery.core.sanitize import clean_html

from .helpers import CA_SAMPLE, UK_ALBANIA, UsItem, current, us_rss, write

NOW = dt.datetime(2025, 10, 14, 12, tzinfo=dt.UTC)

#: One hostile construct per entry; each carries a marker that must not survive.
HOSTILE = [
    "<script>alert('xss-script')</script>",
    "<SCRIPT SRC=https://evil.example/xss-src.js></SCRIPT>",
    '<iframe src="https://evil.example/xss-frame"></iframe>',
    '<img src="x" onerror="alert(\'xss-img\')">',
    "<p onclick=\"alert('xss-click')\">Click here</p>",
    "<svg onload=\"alert('xss-svg')\"></svg>",
    "<a href=\"javascript:alert('xss-href')\">a link</a>",
    "<a href=\"JaVaScRiPt:alert('xss-case')\">another link</a>",
    "<a href=\"&#106;avascript:alert('xss-entity')\">a third link</a>",
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data link</a>',
    "<p style=\"background:url(javascript:alert('xss-style'))\">Styled text</p>",
    "<style>body { display: none }</style>",
    '<object data="https://evil.example/xss-object"></object>',
    '<embed src="https://evil.example/xss-embed">',
    '<form action="https://evil.example/xss-form"><input name="q"></form>',
    '<a href="https://example.org/ok" target="_blank" onmouseover="alert(\'xss-over\')">ok</a>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example/xss-meta">',
    '<base href="https://evil.example/xss-base/">',
    "<!-- <script>alert('xss-comment')</script> -->",
]
HOSTILE_HTML = "<p>Exercise increased caution.</p>" + "\n".join(HOSTILE)

#: Must not appear, case-insensitively, in a stored summary.
FORBIDDEN_IN_SUMMARY = [
    "<script",
    "<iframe",
    "<img",
    "<svg",
    "<object",
    "<embed",
    "<form",
    "<input",
    "<style",
    "<meta",
    "<base",
    "style=",
    "onerror",
    "onclick",
    "onload",
    "onmouseover",
    "javascript:",
    "data:text",
    "alert(",
    "evil.example",
    "xss-",
]

#: Must not appear in a rendered page (whose own markup has a stylesheet link, so "<style" and
#: "style=" are checked as such).
FORBIDDEN_IN_PAGE = [
    f for f in FORBIDDEN_IN_SUMMARY if f not in {"<input", "<meta", "<form", "<base"}
] + ["<style>"]


#: The page's own scripts: its JSON-LD (data, with "<" escaped) and files from /static/.
_OWN_SCRIPTS = re.compile(
    r'<script type="application/ld\+json">[^<]*</script>|<script src="/static/[^"<>]*"[^<>]*>'
    r"</script>"
)


def _assert_clean(html: str, forbidden: list[str]) -> None:
    lowered = _OWN_SCRIPTS.sub("", html).lower()
    for marker in forbidden:
        assert marker not in lowered, marker


@pytest.mark.parametrize("hostile", HOSTILE)
def test_clean_html_drops_each_hostile_construct(hostile: str) -> None:
    _assert_clean(clean_html(f"<p>Before.</p>{hostile}<p>After.</p>"), FORBIDDEN_IN_SUMMARY)


def test_clean_html_keeps_the_formatting() -> None:
    html = (
        "<p><b>Reconsider travel</b> due to <i>crime</i>.</p><ul><li>One</li></ul>"
        '<p><a href="https://step.state.gov/step/">STEP</a> '
        '<a href="mailto:help@example.org">mail</a></p><b></b><i></i>'
    )
    cleaned = clean_html(html)
    assert "<b>Reconsider travel</b>" in cleaned
    assert "<i>crime</i>" in cleaned
    assert "<ul><li>One</li></ul>" in cleaned
    assert 'href="https://step.state.gov/step/"' in cleaned
    assert 'href="mailto:help@example.org"' in cleaned
    assert 'rel="noopener noreferrer nofollow"' in cleaned
    assert "<b></b>" not in cleaned
    assert "<i></i>" not in cleaned
    assert clean_html("") == ""


@pytest.mark.django_db
def test_hostile_us_description_is_sanitised_in_storage_and_page(
    tmp_path: Path, client: Client
) -> None:
    feed = us_rss(UsItem("Germany", "GM", 2, description=HOSTILE_HTML))
    advisories_import("us", write(tmp_path / "feed.xml", feed), now=NOW)
    summary = current("DE").summary
    assert "Exercise increased caution." in summary
    assert "Click here" in summary
    _assert_clean(summary, FORBIDDEN_IN_SUMMARY)

    response = client.get("/advisories/germany/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Exercise increased caution." in page
    _assert_clean(page, FORBIDDEN_IN_PAGE)


@pytest.mark.django_db
def test_hostile_uk_summary_part_is_sanitised(tmp_path: Path, client: Client) -> None:
    document = json.loads(UK_ALBANIA.read_bytes())
    for part in document["details"]["parts"]:
        if part["slug"] == "summary":
            part["body"] = HOSTILE_HTML
    advisories_import("uk", write(tmp_path / "al.json", json.dumps(document).encode()), now=NOW)
    _assert_clean(current("AL", "GB").summary, FORBIDDEN_IN_SUMMARY)
    page = client.get("/advisories/albania/").content.decode()
    assert "Exercise increased caution." in page
    _assert_clean(page, FORBIDDEN_IN_PAGE)


@pytest.mark.django_db
def test_canada_fixture_and_hostile_level_text_are_harmless(tmp_path: Path, client: Client) -> None:
    document = json.loads(CA_SAMPLE.read_bytes())
    document["data"]["FR"]["eng"]["recent-updates"] = HOSTILE_HTML
    document["data"]["FR"]["eng"]["advisory-text"] = "<script>window.pwned = 1</script>"
    advisories_import("ca", write(tmp_path / "ca.json", json.dumps(document).encode()), now=NOW)
    for version in AdvisoryVersion.objects.all():
        _assert_clean(version.summary, FORBIDDEN_IN_SUMMARY)
    for slug in ("france", "thailand"):
        page = client.get(f"/advisories/{slug}/").content.decode()
        _assert_clean(page, FORBIDDEN_IN_PAGE)
    # The issuer's words are shown as text, escaped.
    page = client.get("/advisories/france/").content.decode()
    assert "&lt;script&gt;" in page
