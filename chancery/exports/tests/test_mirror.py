"""The static mirror (`export_site`) on a subset of the pages: files, relative links, static
files, the link checker and the management command. The full export takes minutes: never here."""

from __future__ import annotations

import io
import re
import shutil
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings

from chancery.directory.models import Mission
from chancery.exports import mirror
from chancery.exports.mirror import check_links, export_site, file_for, page_paths
from chancery.news.views import PAGE_SIZE

from .helpers import article, level_4_advisory

pytestmark = pytest.mark.django_db

SITE = "https://chancery.example.org"
#: Links left pointing at a path on the rendering host (they would be dead in the mirror).
ROOT_LINK = re.compile(r'\b(?:href|src|action)="/[^"]*"')
LINK = re.compile(r'\b(?:href|src|action)="([^"]*)"')

WANTED = {
    "/",
    "/countries/",
    "/in/russia/",
    "/in/germany/",
    "/from/germany/",
    "/from/france/",
    "/from/germany/in/russia/",
    "/from/france/in/russia/",
    "/from/germany/in/belarus/",
    "/missions/embassy-of-germany-in-russia/",
    "/missions/embassy-of-belgium-in-russia/",
    "/missions/embassy-of-colombia-in-hungary/",
    "/news/",
    "/advisories/",
    "/advisories/sudan/",
}


@dataclass
class Export:
    out: Path
    report: mirror.MirrorReport
    paths: list[str]


def _subset() -> list[str]:
    """A few pages of every kind, taken from `page_paths()` (so they are ones it exports)."""
    news = article("mirror-news", countries=("RU",))
    level_4_advisory("SD")
    every = list(page_paths())
    assert len(every) == len(set(every)), "page_paths() yields a page twice"
    chosen = [p for p in every if p in WANTED or p == news.get_absolute_url()]
    assert set(chosen) == WANTED | {news.get_absolute_url()}
    return chosen


@pytest.fixture(scope="module")
def exported(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Export:
    """The subset exported once for the module; the article and advisory it needs are rolled
    back afterwards (the tests below only read the files)."""
    out = tmp_path_factory.mktemp("mirror") / "site"
    with (
        django_db_blocker.unblock(),
        override_settings(CHANCERY_SITE_URL=SITE),
        transaction.atomic(),
    ):
        paths = _subset()
        report = export_site(out, paths)
        transaction.set_rollback(True)
    return Export(out, report, paths)


@pytest.fixture
def site_url(settings) -> str:  # type: ignore[no-untyped-def]
    settings.CHANCERY_SITE_URL = SITE
    return SITE


#: Pages that need no data made by the tests (for the command, which renders them again).
FIXED = sorted(WANTED - {"/advisories/sudan/"})


def _read(export: Export, path: str) -> str:
    return (export.out / file_for(path)).read_text(encoding="utf-8")


def test_page_paths_cover_every_kind_of_page() -> None:
    every = list(page_paths())
    active = Mission.objects.active()
    missions = [p for p in every if p.startswith("/missions/")]
    assert len(missions) == active.count()
    assert "/" in every
    assert "/countries/" in every
    assert "/news/" in every
    assert "/advisories/" in every
    hosts = {p for p in every if re.fullmatch(r"/in/[^/]+/", p)}
    places = set(active.values_list("host_country", flat=True))
    places |= set(active.exclude(territory=None).values_list("territory", flat=True))
    assert len(hosts) == len(places)
    assert all(p.startswith("/") for p in every)


def test_file_for() -> None:
    assert file_for("/") == PurePosixPath("index.html")
    assert file_for("/in/russia/") == PurePosixPath("in/russia/index.html")
    assert file_for("/news/?page=2") == PurePosixPath("news/page-2/index.html")


def test_every_page_is_written_where_expected(exported: Export) -> None:
    out, report = exported.out, exported.report
    assert report.failed == []
    assert report.pages == len(exported.paths) == len(WANTED) + 1
    assert report.bytes == sum((out / file_for(p)).stat().st_size for p in exported.paths)
    for location in (
        "index.html",
        "countries/index.html",
        "in/russia/index.html",
        "from/germany/index.html",
        "from/germany/in/russia/index.html",
        "missions/embassy-of-germany-in-russia/index.html",
        "news/index.html",
        "advisories/index.html",
        "advisories/sudan/index.html",
    ):
        assert (out / location).is_file(), location
    html_files = {PurePosixPath(p.relative_to(out).as_posix()) for p in out.rglob("*.html")}
    assert html_files == {file_for(p) for p in exported.paths}
    assert "Embassy of Germany" in _read(exported, "/in/russia/")
    assert "Mirror news" in _read(exported, "/news/")


def test_links_are_relative_or_to_the_live_site(exported: Export) -> None:
    for page in exported.out.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not ROOT_LINK.findall(text), (page, ROOT_LINK.findall(text)[:5])
        for url in LINK.findall(text):
            assert not url.startswith(("http://testserver", "http://localhost", "//")), (page, url)
            assert not url.startswith("http://127.0.0.1"), (page, url)


def test_links_between_exported_pages_are_relative(exported: Export) -> None:
    russia = set(LINK.findall(_read(exported, "/in/russia/")))
    assert "../../from/germany/in/russia/index.html" in russia
    assert "../../static/css/site.css" in russia
    assert "../../index.html" in russia
    pair = set(LINK.findall(_read(exported, "/from/germany/in/russia/")))
    assert "../../../../missions/embassy-of-germany-in-russia/index.html" in pair
    mission = set(LINK.findall(_read(exported, "/missions/embassy-of-germany-in-russia/")))
    assert "../../in/russia/index.html" in mission
    assert "../../from/germany/index.html" in mission
    home = set(LINK.findall(_read(exported, "/")))
    assert {"countries/index.html", "news/index.html", "advisories/index.html"} <= home


def test_dynamic_pages_point_to_the_live_site(exported: Export) -> None:
    mission = set(LINK.findall(_read(exported, "/missions/embassy-of-germany-in-russia/")))
    assert f"{SITE}/search/" in mission  # the search form
    assert f"{SITE}/missions/embassy-of-germany-in-russia/suggest/" in mission
    assert f"{SITE}/missions/embassy-of-germany-in-russia/history/" in mission
    # Pages left out of this export are linked on the live site.
    russia = LINK.findall(_read(exported, "/in/russia/"))
    assert any(url.startswith(f"{SITE}/from/") for url in russia)


def test_no_broken_links_and_static_files_copied(exported: Export) -> None:
    out = exported.out
    assert exported.report.broken_links == []
    assert check_links(out) == []
    css = out / "static" / "css" / "site.css"
    assert css.is_file()
    assert "{" in css.read_text(encoding="utf-8")
    # Only what the pages name: not the admin's files, nor the help page's script.
    assert not (out / "static" / "admin").exists()
    assert not (out / "static" / "js" / "help.js").exists()


def test_check_links_finds_a_broken_link(exported: Export, tmp_path: Path) -> None:
    out = tmp_path / "copy"
    shutil.copytree(exported.out, out)
    page = out / "in" / "russia" / "index.html"
    text = page.read_text(encoding="utf-8")
    assert "</body>" in text
    page.write_text(
        text.replace("</body>", '<a href="../../in/atlantis/index.html#top">gone</a></body>'),
        encoding="utf-8",
    )
    (out / "static" / "css" / "site.css").unlink()
    broken = check_links(out)
    assert ("in/russia/index.html", "../../in/atlantis/index.html") in broken
    assert ("in/russia/index.html", "../../static/css/site.css") in broken
    # Only relative links are checked.
    assert all(not url.startswith(("http:", "https:", "mailto:")) for _, url in broken)


def test_news_pages_link_to_each_other_in_the_mirror(tmp_path: Path, site_url: str) -> None:
    """Page 2 of the news is written to news/page-2/; page 1's "Older" link must lead there."""
    for n in range(PAGE_SIZE + 3):
        article(f"mirror-news-{n:02d}")
    paths = [p for p in page_paths() if p.startswith("/news/") and p.count("/") <= 2]
    assert paths == ["/news/", "/news/?page=2"]
    out = tmp_path / "site"
    report = export_site(out, paths)
    assert report.failed == []
    assert report.broken_links == []
    assert (out / "news" / "page-2" / "index.html").is_file()

    first = LINK.findall((out / "news" / "index.html").read_text(encoding="utf-8"))
    second = LINK.findall((out / "news" / "page-2" / "index.html").read_text(encoding="utf-8"))
    assert "page-2/index.html" in first, (
        f"page 1 links to page 2 as {[u for u in first if 'page' in u]}, which offline "
        "opens page 1 again"
    )
    assert "../index.html" in second


def test_the_command_on_a_subset(
    tmp_path: Path, site_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        "chancery.exports.management.commands.export_site.page_paths", lambda: iter(FIXED)
    )
    out = io.StringIO()
    call_command("export_site", str(tmp_path / "cmd"), "--no-progress", stdout=out)
    assert f"{len(FIXED) * 6} pages ({len(FIXED)} in each of 6 languages)" in out.getvalue()
    assert "0 failed, 0 broken links" in out.getvalue()
    assert (tmp_path / "cmd" / "in" / "russia" / "index.html").is_file()
    assert check_links(tmp_path / "cmd") == []


def test_the_command_fails_on_a_page_that_does_not_render(
    tmp_path: Path, site_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        "chancery.exports.management.commands.export_site.page_paths",
        lambda: iter(["/", "/in/atlantis/"]),
    )
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "export_site", str(tmp_path / "cmd"), "--no-progress", stdout=io.StringIO(), stderr=err
        )
    assert "/in/atlantis/" in err.getvalue()
    assert "404" in err.getvalue()
