"""The static mirror in every language, with its feeds, vCards and hashed static files.

A few pages of every kind are exported once for the module, with the static files collected
as production collects them (hashed names, CompressedManifestStaticFilesStorage) into a
temporary STATIC_ROOT; the whole site takes minutes and is never exported here.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from chancery.exports import mirror
from chancery.exports.mirror import (
    check_links,
    export_site,
    file_for,
    page_paths,
    rewrite_links,
    site_paths,
)

from .helpers import article, level_4_advisory

pytestmark = pytest.mark.django_db

SITE = "https://chancery.example.org"
LINK = re.compile(r'\b(?:href|src)="([^"]*)"')
HASHED = re.compile(r"\.[0-9a-f]{12}\.")
CODES = [code for code, _ in settings.LANGUAGES]
MISSION = "/missions/embassy-of-germany-in-russia/"
PAGES = [
    "/",
    "/in/russia/",
    "/from/germany/in/russia/",
    MISSION,
    "/news/",
    "/news/?country=russia",
    "/advisories/",
    "/advisories/sudan/",
]


@dataclass
class Export:
    out: Path
    report: mirror.MirrorReport
    paths: list[str]
    manifest: dict[str, str]


@pytest.fixture(scope="module")
def exported(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Export:
    """The pages above in every language, with their feeds and vCard; the article and the
    advisory they need are rolled back afterwards."""
    static_root = tmp_path_factory.mktemp("static")
    out = tmp_path_factory.mktemp("mirror") / "site"
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with (
        django_db_blocker.unblock(),
        override_settings(CHANCERY_SITE_URL=SITE, STATIC_ROOT=static_root, STORAGES=storages),
        transaction.atomic(),
    ):
        call_command("collectstatic", interactive=False, verbosity=0)
        article("mirror-languages-news", countries=("RU",))
        level_4_advisory("SD")
        every = set(page_paths())
        assert set(PAGES) <= every, set(PAGES) - every
        paths = site_paths(PAGES)
        report = export_site(out, paths)
        transaction.set_rollback(True)
    manifest = json.loads((static_root / "staticfiles.json").read_text(encoding="utf-8"))
    return Export(out, report, paths, manifest["paths"])


def _links(export: Export, location: str) -> set[str]:
    return set(LINK.findall((export.out / location).read_text(encoding="utf-8")))


def test_site_paths_hold_every_language_then_the_vcards() -> None:
    paths = site_paths(["/in/russia/", MISSION, "/advisories/"])
    assert paths[:6] == ["/in/russia/", *(f"/{c}/in/russia/" for c in CODES[1:])]
    assert "/ar/missions/embassy-of-germany-in-russia/" in paths
    assert "/fr/advisories/changes.atom" in paths
    # One vCard per mission, whatever the language.
    assert paths[-1] == "/missions/embassy-of-germany-in-russia.vcf"
    assert len(paths) == 3 * 6 + 6 + 1
    assert site_paths(["/in/russia/"], ["en", "fr"]) == ["/in/russia/", "/fr/in/russia/"]


def test_file_for_feeds_vcards_and_one_countrys_news() -> None:
    assert file_for("/fr/news/feed.rss") == PurePosixPath("fr/news/feed.rss")
    assert file_for("/missions/x.vcf") == PurePosixPath("missions/x.vcf")
    assert file_for("/news/?country=russia") == PurePosixPath("news/country-russia/index.html")
    assert file_for("/ar/news/?page=2&country=russia") == PurePosixPath(
        "ar/news/country-russia/page-2/index.html"
    )


def test_nothing_failed_and_no_link_is_broken(exported: Export) -> None:
    assert exported.report.failed == []
    assert exported.report.broken_links == []
    assert check_links(exported.out) == []
    assert exported.report.pages == len(PAGES) * len(CODES)
    # News, one country's news, advisories and one country's advisories: RSS and Atom for
    # the news, Atom for advisories, in each language; and one vCard.
    assert exported.report.files == (2 + 2 + 1 + 1) * len(CODES) + 1


def test_every_page_is_there_in_french_and_arabic(exported: Export) -> None:
    for code in CODES:
        prefix = "" if code == "en" else f"{code}/"
        for location in ("index.html", "in/russia/index.html", "missions/"):
            assert (exported.out / prefix / location).exists(), (code, location)
    french = (exported.out / "fr/in/russia/index.html").read_text(encoding="utf-8")
    assert '<html lang="fr" dir="ltr">' in french
    arabic = (exported.out / "ar/from/germany/in/russia/index.html").read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl">' in arabic
    # Links between the pages of one language stay in it.
    assert "../../from/germany/in/russia/index.html" in _links(exported, "fr/in/russia/index.html")


def test_language_picker_and_alternates_lead_to_the_mirrored_pages(exported: Export) -> None:
    page = (exported.out / "fr/in/russia/index.html").read_text(encoding="utf-8")
    picker = re.findall(r'<a href="([^"]*)" hreflang="([^"]*)"', page)
    assert dict((code, href) for href, code in picker) == {
        "en": "../../../in/russia/index.html",
        "fr": "index.html",
        **{code: f"../../../{code}/in/russia/index.html" for code in CODES[2:]},
    }
    alternates = dict(
        (code, href)
        for code, href in re.findall(
            r'<link rel="alternate" hreflang="([^"]*)" href="([^"]*)"', page
        )
    )
    assert alternates["ar"] == "../../../ar/in/russia/index.html"
    assert alternates["en"] == alternates["x-default"] == "../../../in/russia/index.html"
    # The canonical address stays the live page's: the mirror is a copy of it.
    assert f'<link rel="canonical" href="{SITE}/fr/in/russia/">' in page or "canonical" not in page


def test_feeds_are_files_with_their_extension(exported: Export) -> None:
    out = exported.out
    for location in (
        "news/feed.rss",
        "news/feed.atom",
        "fr/news/feed.rss",
        "news/russia/feed.atom",
        "ar/news/russia/feed.rss",
        "advisories/changes.atom",
        "advisories/sudan/changes.atom",
        "de/advisories/sudan/changes.atom",
    ):
        text = (out / location).read_text(encoding="utf-8")
        ET.fromstring(text)  # well-formed
        assert "127.0.0.1" not in text and "testserver" not in text, location
    rss = (out / "news/russia/feed.rss").read_text(encoding="utf-8")
    assert "Mirror languages news" in rss
    assert f"{SITE}/news/" in rss
    sudan = (out / "advisories/sudan/changes.atom").read_text(encoding="utf-8")
    assert "Level 4" in sudan
    # The pages link the files, as feed readers and browsers find them.
    assert {"feed.rss", "feed.atom"} <= _links(exported, "news/index.html")
    assert {"../russia/feed.rss", "../russia/feed.atom"} <= _links(
        exported, "news/country-russia/index.html"
    )
    assert "changes.atom" in _links(exported, "fr/advisories/sudan/index.html")


def test_one_countrys_news_is_reached_from_its_hub(exported: Export) -> None:
    assert "../../news/country-russia/index.html" in _links(exported, "in/russia/index.html")
    assert "Mirror languages news" in (exported.out / "news/country-russia/index.html").read_text(
        encoding="utf-8"
    )


def test_the_vcard_is_written_once(exported: Export) -> None:
    card = (exported.out / "missions/embassy-of-germany-in-russia.vcf").read_bytes().decode()
    assert card.startswith("BEGIN:VCARD\r\n")
    assert "Embassy of Germany" in card
    # Its note names the live page, not the host it was rendered on; long lines stay folded.
    assert f"{SITE}{MISSION}" in card.replace("\r\n ", "")
    assert max(len(line) for line in card.split("\r\n")) <= 75
    assert not (exported.out / "fr/missions/embassy-of-germany-in-russia.vcf").exists()


def test_a_vcard_link_in_any_language_leads_to_the_one_card() -> None:
    exported = [MISSION, f"/fr{MISSION}", "/missions/embassy-of-germany-in-russia.vcf"]
    html = '<a href="/fr/missions/embassy-of-germany-in-russia.vcf">vCard</a>'
    page = PurePosixPath("fr/missions/embassy-of-germany-in-russia/index.html")
    rewritten = rewrite_links(html, page, exported, SITE)
    assert rewritten == '<a href="../../../missions/embassy-of-germany-in-russia.vcf">vCard</a>'


def test_static_files_keep_their_hashed_names(exported: Export) -> None:
    out, manifest = exported.out, exported.manifest
    links = _links(exported, "fr/missions/embassy-of-germany-in-russia/index.html")
    static = {url for url in links if "/static/" in url}
    assert f"../../../static/{manifest['css/site.css']}" in static
    assert all(HASHED.search(url) for url in static), static
    for name in ("css/site.css", "vendor/leaflet/leaflet.css", "vendor/leaflet/leaflet.js"):
        assert (out / "static" / manifest[name]).is_file(), name
    assert not (out / "static" / "css" / "site.css").exists()
    # The marker images the map script is told about, and what Leaflet's stylesheet names
    # (its layer images), come along, hashed too.
    page = (out / "fr/missions/embassy-of-germany-in-russia/index.html").read_text(encoding="utf-8")
    icon = re.search(r'data-icon="([^"]*)"', page)
    assert icon, "the mission's map names its marker image"
    assert icon.group(1) == f"../../../static/{manifest['vendor/leaflet/images/marker-icon.png']}"
    assert (out / "fr/missions/embassy-of-germany-in-russia" / icon.group(1)).resolve().is_file()
    css = (out / "static" / manifest["vendor/leaflet/leaflet.css"]).read_text(encoding="utf-8")
    marker = manifest["vendor/leaflet/images/marker-icon.png"]
    assert PurePosixPath(marker).name in css
    assert (out / "static" / marker).is_file()


def test_the_command_for_some_languages(
    tmp_path: Path, settings, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    settings.CHANCERY_SITE_URL = SITE
    monkeypatch.setattr(
        "chancery.exports.management.commands.export_site.page_paths",
        lambda: iter(["/", "/in/russia/", MISSION]),
    )
    out = io.StringIO()
    call_command(
        "export_site",
        str(tmp_path / "cmd"),
        "--no-progress",
        "--language",
        "fr",
        "--language",
        "ar",
        stdout=out,
    )
    assert "6 pages (3 in each of 2 languages) and 1 feeds and vCards" in out.getvalue()
    assert "0 failed, 0 broken links" in out.getvalue()
    assert (tmp_path / "cmd" / "ar" / "in" / "russia" / "index.html").is_file()
    assert not (tmp_path / "cmd" / "in" / "russia" / "index.html").exists()
    # Languages left out are linked on the live site.
    links = set(LINK.findall((tmp_path / "cmd/fr/index.html").read_text(encoding="utf-8")))
    assert f"{SITE}/es/" in links and "../ar/index.html" in links


def test_reads_kept_across_languages_change_no_page(tmp_path: Path, settings) -> None:  # type: ignore[no-untyped-def]
    """The reads the export keeps for a page's other languages (mirror.KEPT_READS) give the
    same files as asking again: pair pages (who can help) with missions there or accredited
    from elsewhere, a state with territories, a mission page and its vCard; Russia's pages carry a banner, whose words are translated."""
    settings.CHANCERY_SITE_URL = SITE
    level_4_advisory("RU")
    pages = [
        "/from/germany/in/russia/",
        "/from/colombia/in/serbia/",  # served from Budapest
        "/from/germany/in/china/",
        "/in/china/",
        MISSION,
    ]
    paths = site_paths(pages)
    export_site(tmp_path / "kept", paths, keep_reads=True)
    export_site(tmp_path / "asked", paths, keep_reads=False)
    kept = {
        p.relative_to(tmp_path / "kept"): p.read_bytes()
        for p in (tmp_path / "kept").rglob("*")
        if p.is_file()
    }
    asked = {
        p.relative_to(tmp_path / "asked"): p.read_bytes()
        for p in (tmp_path / "asked").rglob("*")
        if p.is_file()
    }
    assert len(kept) > len(pages) * len(CODES)
    assert kept.keys() == asked.keys()
    assert [name for name in kept if kept[name] != asked[name]] == []


def test_check_links_sees_a_missing_marker_image(exported: Export, tmp_path: Path) -> None:
    out = tmp_path / "copy"
    shutil.copytree(exported.out, out)
    marker = exported.manifest["vendor/leaflet/images/marker-icon.png"]
    (out / "static" / marker).unlink()
    broken = check_links(out)
    page = "fr/missions/embassy-of-germany-in-russia/index.html"
    assert (page, f"../../../static/{marker}") in broken
    # Leaflet's stylesheet names it too.
    css = exported.manifest["vendor/leaflet/leaflet.css"]
    assert (f"static/{css}", f"images/{PurePosixPath(marker).name}") in broken
