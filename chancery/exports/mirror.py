"""A static copy of the public site, for crisis days: every page in every language rendered to
a folder with relative links, so that any static host (or a USB stick) can serve it.

Pages are rendered in-process with Django's test client, written as `<path>/index.html`, and
their links rewritten: links to exported pages become relative ("../../in/russia/index.html"),
the language picker and the hreflang alternates lead to the mirrored page in each language,
links to dynamic pages (search, help, forms, API) point to the live site. The feeds and the
vCards keep their names (`news/feed.rss`, `missions/<slug>.vcf`), so that a static host sends
them with their types. The static files the pages name are copied under those names (hashed,
when `collectstatic` has written its manifest), with the files they name in turn (Leaflet's
images, named by its CSS).
"""

from __future__ import annotations

import functools
import html as html_lib
import importlib
import multiprocessing
import os
import queue as queue_lib
import re
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.db import connection
from django.http.request import split_domain_port, validate_host
from django.test import Client, override_settings
from django.urls import Resolver404, resolve, reverse

from chancery.countries.models import Country
from chancery.directory.models import Mission
from chancery.directory.selectors import host_hub_slugs, pair_slugs, sender_hub_slugs
from chancery.news.models import Article
from chancery.news.views import PAGE_SIZE

Progress = Callable[[int], object] | None

#: A path on the site in a link, or in a data- attribute a script reads (a map's marker images).
_LINK = re.compile(r'(?P<attr>\b(?:href|src|action|data-[\w-]+))="(?P<url>/[^"]*)"')
#: `<link rel="alternate" hreflang="fr" href="https://site/fr/…">`: the page in another language.
_ALTERNATE = re.compile(r'<link\b[^>]*\bhreflang="[^"]*"[^>]*>')
_HREF = re.compile(r'\bhref="(?P<url>[^"]*)"')
#: What a stylesheet or a script names beside it: url(images/x.png), a source map.
_CSS_URL = re.compile(r"""url\(\s*(?P<q>["']?)(?P<url>[^"')]+)(?P=q)\s*\)""")
_SOURCE_MAP = re.compile(r"sourceMappingURL=(?P<url>[^\s*'\"]+)")


@dataclass
class MirrorReport:
    #: HTML pages written.
    pages: int = 0
    #: Other files rendered: feeds and vCards.
    files: int = 0
    #: Size of everything rendered (not the static files).
    bytes: int = 0
    failed: list[tuple[str, int]] = field(default_factory=list)
    broken_links: list[tuple[str, str]] = field(default_factory=list)
    #: Names under STATIC_URL the pages link to.
    static: set[str] = field(default_factory=set)

    def add(self, other: MirrorReport) -> None:
        self.pages += other.pages
        self.files += other.files
        self.bytes += other.bytes
        self.failed.extend(other.failed)
        self.static |= other.static


# --- What the mirror holds ------------------------------------------------------------------


def page_paths() -> Iterator[str]:
    """Every public page worth having offline, in English (see `site_paths` for the rest)."""
    yield "/"
    yield reverse("directory:countries")
    for slug in host_hub_slugs():
        yield reverse("directory:host", args=[slug])
    for slug in sender_hub_slugs():
        yield reverse("directory:sender", args=[slug])
    for sender, host in pair_slugs():
        yield reverse("directory:pair", args=[sender, host])
    for slug in Mission.objects.active().order_by("slug").values_list("slug", flat=True):
        yield reverse("directory:mission", args=[slug])
    news = Article.objects.visible()
    yield from _numbered(reverse("news:index"), news.count())
    # Each country's news ("More news" on its hub), where it has some.
    counts: dict[str, int] = {}
    for slug in news.values_list("countries__slug", flat=True):
        if slug:
            counts[slug] = counts.get(slug, 0) + 1
    for slug in sorted(counts):
        yield from _numbered(reverse("news:index"), counts[slug], country=slug)
    for article in news:
        yield article.get_absolute_url()
    yield reverse("advisories:index")
    destinations = Country.objects.filter(advisories__isnull=False).distinct()
    for slug in destinations.order_by("slug").values_list("slug", flat=True):
        yield reverse("advisories:country", args=[slug])


def _numbered(path: str, count: int, **query: str) -> Iterator[str]:
    """A list's pages of PAGE_SIZE: "/news/?country=x", "/news/?country=x&page=2", …"""
    pages = max(1, -(-count // PAGE_SIZE))
    for number in range(1, pages + 1):
        params = {**query, **({"page": str(number)} if number > 1 else {})}
        yield f"{path}?{urlencode(sorted(params.items()))}" if params else path


def in_language(path: str, code: str) -> str:
    """An English path ("/in/russia/") in the language `code` ("/fr/in/russia/")."""
    return path if code == settings.LANGUAGE_CODE else f"/{code}{path}"


def _in_english(path: str) -> str:
    for code, _ in settings.LANGUAGES:
        if code != settings.LANGUAGE_CODE and path.startswith(f"/{code}/"):
            return path[len(code) + 1 :]
    return path


def linked_files(path: str) -> tuple[list[str], list[str]]:
    """The feeds an English page links to (news, a country's news, advisory changes), and the
    vCard of a mission page."""
    base, _, query = path.partition("?")
    try:
        match = resolve(base)
    except Resolver404:
        return [], []
    params = dict(parse_qsl(query))
    if match.view_name == "directory:mission":
        return [], [reverse("directory:mission-vcard", args=[match.kwargs["slug"]])]
    if match.view_name == "news:index" and "page" not in params:
        if country := params.get("country"):
            return [
                reverse("news:country-rss", args=[country]),
                reverse("news:country-atom", args=[country]),
            ], []
        return [reverse("news:rss"), reverse("news:atom")], []
    if match.view_name == "advisories:index":
        return [reverse("advisories:feed")], []
    if match.view_name == "advisories:country":
        return [reverse("advisories:country-feed", args=[match.kwargs["country"]])], []
    return [], []


def site_paths(pages: Iterable[str], languages: Sequence[str] | None = None) -> list[str]:
    """What the mirror holds for `pages` (English paths, as `page_paths` gives them): each page
    and the feeds it links to, in each of `languages` (default: all), one page's languages
    after another; then the vCards of the mission pages, once each (a card holds the mission's
    data; the links of every language lead to it)."""
    codes = list(languages or [code for code, _ in settings.LANGUAGES])
    documents: list[str] = []
    feeds: list[str] = []
    vcards: list[str] = []
    for page in pages:
        documents.append(page)
        page_feeds, page_vcards = linked_files(page)
        feeds.extend(page_feeds)
        vcards.extend(page_vcards)
    documents.extend(feeds)
    return [in_language(path, code) for path in documents for code in codes] + vcards


def file_for(path: str) -> PurePosixPath:
    """Where a path goes: "/in/russia/" → in/russia/index.html; "?page=2" → page-2/;
    "/news/?country=ru" → news/country-ru/; a file keeps its name ("news/feed.rss")."""
    base, _, query = path.partition("?")
    parts = [p for p in base.split("/") if p]
    if not base.endswith("/"):
        return PurePosixPath(*parts)
    params = dict(parse_qsl(query))
    page = params.pop("page", None)
    parts.extend(f"{name}-{value}" for name, value in sorted(params.items()))
    if page:
        parts.append(f"page-{page}")
    return PurePosixPath(*parts, "index.html") if parts else PurePosixPath("index.html")


def _key(url: str) -> str:
    """A path as the mirror knows it: its query in one order ("?page=2&country=x" and
    "?country=x&page=2" are the same page)."""
    base, _, query = url.partition("?")
    return f"{base}?{urlencode(sorted(parse_qsl(query)))}" if query else base


def _relative(from_file: PurePosixPath, to_file: PurePosixPath) -> str:
    return os.path.relpath(str(to_file), str(from_file.parent) or ".").replace(os.sep, "/")


# --- Rendering ------------------------------------------------------------------------------


class _Links:
    """Rewrites one site's links for the mirror, and notes the static files they name."""

    def __init__(self, exported: Iterable[str], site_url: str) -> None:
        self.exported = {_key(path) for path in exported}
        self.site_url = site_url
        self.static_url = settings.STATIC_URL
        self.static: set[str] = set()

    def target(self, path: str) -> PurePosixPath | None:
        """The file in the mirror for a site path, if the mirror has one."""
        key = _key(path)
        if key in self.exported:
            return file_for(key)
        # A file kept once for every language (a vCard).
        english = _in_english(key)
        if english != key and not english.endswith("/") and english in self.exported:
            return file_for(english)
        return None

    def relative(self, page: PurePosixPath, url: str) -> str | None:
        """`url` (a path on the site, as the page writes it) relative to `page`, if the mirror
        has it."""
        target, _, fragment = html_lib.unescape(url).partition("#")
        if target.startswith(self.static_url):
            name = unquote(target[len(self.static_url) :])
            self.static.add(name)
            return _relative(page, PurePosixPath(self.static_url.strip("/"), name))
        found = self.target(target)
        if found is None:
            return None
        return _relative(page, found) + (f"#{fragment}" if fragment else "")

    def rewrite(self, text: str, page: PurePosixPath) -> str:
        def local(match: re.Match[str]) -> str:
            attr, url = match.group("attr"), match.group("url")
            relative = self.relative(page, url)
            if relative is None and attr.startswith("data-"):
                return match.group(0)  # what a script does with it is its own affair
            if relative is None:
                return f'{attr}="{self.site_url}{url}"'  # dynamic pages live on the site
            return f'{attr}="{html_lib.escape(relative)}"'

        def alternate(match: re.Match[str]) -> str:
            # The page in the other languages, written with the site's address for search
            # engines: the copy of it here.
            def href(found: re.Match[str]) -> str:
                url = found.group("url")
                if not url.startswith(f"{self.site_url}/"):
                    return found.group(0)
                relative = self.relative(page, url[len(self.site_url) :])
                return f'href="{html_lib.escape(relative)}"' if relative else found.group(0)

            return _HREF.sub(href, match.group(0))

        return _LINK.sub(local, _ALTERNATE.sub(alternate, text))


def rewrite_links(text: str, page: PurePosixPath, exported: Iterable[str], site_url: str) -> str:
    """The HTML of `page` (its file in the mirror) with its links rewritten for the mirror,
    where `exported` are the site paths it holds."""
    return _Links(exported, site_url).rewrite(text, page)


def _rendering_origin(site_url: str) -> tuple[str, str, bool]:
    """The host and scheme pages are rendered for: the site's own when this server answers to
    it, so that absolute addresses (feed entries, vCard notes) come out right; else a host it
    answers to, whose origin is then replaced by the site's."""
    parts = urlsplit(site_url)
    domain, _ = split_domain_port(parts.netloc)
    if domain and validate_host(domain, settings.ALLOWED_HOSTS):
        return parts.netloc, parts.scheme or "http", True
    named = [h for h in settings.ALLOWED_HOSTS if h and not h.startswith(".") and h != "*"]
    scheme = "https" if settings.SECURE_SSL_REDIRECT else "http"  # not sent elsewhere
    return (named[0] if named else "localhost"), scheme, False


def _with_origin(text: str, origin: re.Pattern[str], site_url: str, folded: bool) -> str:
    """`text` with the rendering host's addresses made the site's. A vCard's long lines are
    folded (RFC 6350 3.2), maybe inside an address: unfolded first, folded again after."""
    if not folded:
        return origin.sub(site_url, text)
    lines = origin.sub(site_url, text.replace("\r\n ", "")).split("\r\n")
    return "\r\n".join(
        "\r\n ".join([line[:75], *(line[i : i + 74] for i in range(75, len(line), 74))])
        for line in lines
    )


#: Reads that depend on the data alone, not on the language. The data stands still during an
#: export and a page's languages are rendered one after another, so the other five reuse the
#: first one's: a third of a pair page's time (who can help there), a quarter of a mission
#: page's. test_mirror_languages checks that the pages come out the same without them.
KEPT_READS = (
    ("chancery.assist.selectors", "snapshot_for"),
    ("chancery.directory.selectors", "mission_get"),
    ("chancery.directory.selectors", "missions_accredited_to"),
    ("chancery.directory.views", "country_lookup"),
)


def _kept(function: Callable[..., Any]) -> Callable[..., Any]:
    """`function` answering again from its last few answers (a page's languages follow one
    another); asked anew when an argument cannot be a key."""
    cached = functools.lru_cache(maxsize=64)(function)

    @functools.wraps(function)
    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return cached(*args, **kwargs)
        except TypeError:  # unhashable; an error of the function itself comes back again
            return function(*args, **kwargs)

    return call


@contextmanager
def _reads_kept(keep: bool) -> Iterator[None]:
    saved = []
    if keep:
        for module_name, name in KEPT_READS:
            module = importlib.import_module(module_name)
            saved.append((module, name, getattr(module, name)))
            setattr(module, name, _kept(getattr(module, name)))
    try:
        yield
    finally:
        for module, name, original in saved:
            setattr(module, name, original)


def _render(
    directory: Path,
    paths: list[str],
    exported: Iterable[str],
    progress: Progress,
    keep_reads: bool = True,
) -> MirrorReport:
    site_url = settings.CHANCERY_SITE_URL.rstrip("/")
    links = _Links(exported, site_url)
    host, scheme, own = _rendering_origin(site_url)
    # Only the rendering host's own origin, not a longer host it begins ("127.0.0.1:8000").
    origin = None if own else re.compile(re.escape(f"{scheme}://{host}") + r"(?![\w.:-])")
    client = Client(HTTP_HOST=host, raise_request_exception=False)
    secure = scheme == "https"
    report = MirrorReport()
    # Each page is asked for once: keeping it in the page cache would only cost time.
    with override_settings(CHANCERY_PAGE_CACHE_SECONDS=0), _reads_kept(keep_reads):
        for path in paths:
            response = client.get(path, secure=secure)
            if progress:
                progress(1)
            if response.status_code != 200:
                report.failed.append((path, response.status_code))
                continue
            page = file_for(_key(path))
            text = response.content.decode(response.charset or "utf-8")
            if origin is not None:
                text = _with_origin(text, origin, site_url, page.suffix == ".vcf")
            if page.name == "index.html":
                text = links.rewrite(text, page)
                report.pages += 1
            else:
                report.files += 1
            target = directory / page
            target.parent.mkdir(parents=True, exist_ok=True)
            data = text.encode("utf-8")
            target.write_bytes(data)
            report.bytes += len(data)
    report.static = links.static
    return report


def export_site(
    directory: Path,
    paths: Iterable[str],
    progress: Progress = None,
    jobs: int = 1,
    keep_reads: bool = True,
) -> MirrorReport:
    """Render `paths` (site paths, as `site_paths` gives them) into `directory`, in `jobs`
    processes; `progress(n)` is called as they are written. Then copy the static files the
    pages name and check every relative link. `keep_reads`: see KEPT_READS."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = list(paths)
    # Worker processes open their own connections, which cannot see what a transaction still
    # open here has written (an import just made, a test's data): inside one, render here.
    if jobs > 1 and len(paths) > 100 and not connection.in_atomic_block:
        report = _render_in_processes(directory, paths, jobs, progress, keep_reads)
    else:
        report = _render(directory, paths, paths, progress, keep_reads)
    copy_static(directory, report.static)
    report.broken_links = check_links(directory)
    return report


def _render_in_processes(
    directory: Path, paths: list[str], jobs: int, progress: Progress, keep_reads: bool
) -> MirrorReport:
    from django.db import connections

    connections.close_all()  # each child opens its own
    context = multiprocessing.get_context("fork")
    messages = context.Queue()
    # A page's languages stay together (site_paths lists them one after another): the
    # fragments they share are then still in the worker's cache.
    blocks: list[list[str]] = []
    for path in paths:
        if blocks and _in_english(path) == _in_english(blocks[-1][0]):
            blocks[-1].append(path)
        else:
            blocks.append([path])
    shares = [[p for block in blocks[i::jobs] for p in block] for i in range(jobs)]
    workers = [
        context.Process(target=_worker, args=(directory, share, paths, messages, keep_reads))
        for share in shares
    ]
    for worker in workers:
        worker.start()
    report = MirrorReport()
    finished = 0
    try:
        while finished < len(workers):
            try:
                kind, value = messages.get(timeout=5)
            except queue_lib.Empty:
                dead = [w for w in workers if w.exitcode not in (None, 0)]
                if dead:
                    raise RuntimeError(
                        f"a mirror process died (exit code {dead[0].exitcode})"
                    ) from None
                continue
            if kind == "progress":
                if progress:
                    progress(value)
            elif kind == "error":
                raise RuntimeError(f"rendering failed in a mirror process:\n{value}")
            else:
                report.add(value)
                finished += 1
    finally:
        for worker in workers:
            if finished < len(workers):
                worker.terminate()
            worker.join()
    return report


def _worker(
    directory: Path, paths: list[str], exported: list[str], messages, keep_reads: bool
) -> None:
    from django.db import connections

    connections.close_all()
    pending = 0

    def tick(n: int) -> None:
        nonlocal pending
        pending += n
        if pending >= 50:
            messages.put(("progress", pending))
            pending = 0

    try:
        report = _render(directory, paths, exported, tick, keep_reads)
    except BaseException:
        messages.put(("error", traceback.format_exc()))
        raise
    if pending:
        messages.put(("progress", pending))
    messages.put(("done", report))


# --- Static files ---------------------------------------------------------------------------


def _static_source(name: str, hashed: set[str]) -> Path | None:
    """Where a static file named by a page is: a hashed name (one of `hashed`) in STATIC_ROOT,
    where collectstatic wrote it; a plain one in its source (STATIC_ROOT may hold an older
    copy)."""
    if name not in hashed:
        found = finders.find(name)
        if found:
            return Path(found)
    if settings.STATIC_ROOT:
        collected = Path(settings.STATIC_ROOT) / name
        if collected.is_file():
            return collected
    return None


def _named_inside(name: str, content: bytes) -> Iterator[str]:
    """The static files a stylesheet or a script names, relative to it."""
    if not name.endswith((".css", ".js")):
        return
    text = content.decode("utf-8", errors="replace")
    urls = [m.group("url") for m in _SOURCE_MAP.finditer(text)]
    if name.endswith(".css"):
        urls += [m.group("url") for m in _CSS_URL.finditer(text)]
    folder = PurePosixPath(name).parent
    for url in urls:
        url = url.split("#", 1)[0].split("?", 1)[0]
        if not url or url.startswith(("data:", "/", "#")) or ":" in url:
            continue
        yield os.path.normpath(str(folder / unquote(url))).replace(os.sep, "/")


def copy_static(directory: Path, names: Iterable[str]) -> None:
    """The static files `names` (as the pages name them), and those they name in turn."""
    target = directory / settings.STATIC_URL.strip("/")
    pending = sorted(set(names))
    hashed = set(getattr(staticfiles_storage, "hashed_files", {}).values())
    done: set[str] = set()
    while pending:
        name = pending.pop()
        if name in done or name.startswith("../"):
            continue
        done.add(name)
        source = _static_source(name, hashed)
        if source is None:
            continue  # the link checker reports it
        content = source.read_bytes()
        destination = target / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_bytes(content)
        pending.extend(_named_inside(name, content))


# --- Checking -------------------------------------------------------------------------------

#: An attribute that may hold a link. One pattern, filtered after: much faster than several.
_ATTRIBUTE = re.compile(r'\s(?P<attr>href|src|data-[\w-]+)="(?P<url>[^"]*)"')


def _page_links(text: str, static: str) -> set[str]:
    """The relative links of a page (fragments dropped), and the static files its scripts are
    told about (data-icon="../static/…"); a root-relative one ("/in/russia/") is kept, to be
    reported: it leads nowhere on a static host."""
    urls = set()
    for match in _ATTRIBUTE.finditer(text):
        url = match.group("url").split("#", 1)[0]
        if not url or ":" in url or url.startswith("//"):
            continue  # a fragment of this page, another site, mailto: or tel:
        if match.group("attr").startswith("data-") and not (
            url.startswith(static) or f"/{static}" in url
        ):
            continue  # not a file
        urls.add(url)
    return urls


def check_links(directory: Path) -> list[tuple[str, str]]:
    """Relative links in the exported HTML and stylesheets whose target does not exist."""
    static = settings.STATIC_URL.strip("/") + "/"
    present: set[str] = set()
    pages: list[str] = []
    sheets: list[str] = []
    for root, folders, files in os.walk(directory):
        here = os.path.relpath(root, directory)
        for name in (*folders, *files):
            present.add(os.path.normpath(os.path.join(here, name)))
        for name in files:
            if name.endswith(".html"):
                pages.append(os.path.normpath(os.path.join(here, name)))
            elif name.endswith(".css"):
                sheets.append(os.path.normpath(os.path.join(here, name)))
    broken = []
    for page in pages:
        text = (directory / page).read_text(encoding="utf-8")
        broken += _missing(page, _page_links(text, static), present)
    for sheet in sheets:
        text = (directory / sheet).read_text(encoding="utf-8", errors="replace")
        urls = {
            m.group("url").split("#", 1)[0]
            for m in _CSS_URL.finditer(text)
            if not m.group("url").startswith(("data:", "#", "/")) and ":" not in m.group("url")
        }
        broken += _missing(sheet, urls, present)
    return broken


def _missing(page: str, urls: Iterable[str], present: set[str]) -> list[tuple[str, str]]:
    folder = os.path.dirname(page)
    missing = []
    for url in sorted(urls):
        if url.startswith("/"):
            missing.append((page.replace(os.sep, "/"), url))
            continue
        target = url
        if "&" in target or "%" in target:
            target = unquote(html_lib.unescape(target))
        path = os.path.normpath(f"{folder}/{target}" if folder else target)
        if path not in present:
            missing.append((page.replace(os.sep, "/"), url))
    return missing
