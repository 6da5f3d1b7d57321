"""A static copy of the public site, for crisis days: every page rendered to a folder with
relative links, so that any static host (or a USB stick) can serve it.

Pages are rendered in-process with Django's test client, written as `<path>/index.html`, and
their links rewritten: links to exported pages become relative ("../../in/russia/index.html"),
links to dynamic pages (search, help, forms, API) point to the live site.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

from chancery.countries.models import Country
from chancery.directory.models import Mission
from chancery.news.models import Article
from chancery.news.views import PAGE_SIZE

_LINK = re.compile(r'(?P<attr>\b(?:href|src|action))="(?P<url>/[^"]*)"')


@dataclass
class MirrorReport:
    pages: int = 0
    bytes: int = 0
    failed: list[tuple[str, int]] = field(default_factory=list)
    broken_links: list[tuple[str, str]] = field(default_factory=list)


def page_paths() -> Iterator[str]:
    """Every public page worth having offline."""
    yield "/"
    yield reverse("directory:countries")
    active = Mission.objects.active()
    # A hub for every place where missions stand (Hong Kong, New Caledonia), and for every host
    # the source names (China's hub shows its missions in Hong Kong in their own group).
    places = set(active.exclude(territory=None).values_list("territory__slug", flat=True))
    places |= set(active.values_list("host_country__slug", flat=True))
    senders = active.values_list("sending_country__slug", flat=True).distinct()
    for slug in sorted(places):
        yield reverse("directory:host", args=[slug])
    for slug in sorted(set(senders)):
        yield reverse("directory:sender", args=[slug])
    pairs = set(
        active.exclude(territory=None).values_list("sending_country__slug", "territory__slug")
    )
    pairs |= set(active.values_list("sending_country__slug", "host_country__slug"))
    through = Mission.jurisdictions.through
    pairs |= set(
        through.objects.filter(mission__status="active").values_list(
            "mission__sending_country__slug", "country__slug"
        )
    )
    for sender, host in sorted(pairs):
        if sender != host:
            yield reverse("directory:pair", args=[sender, host])
    for slug in active.order_by("slug").values_list("slug", flat=True):
        yield reverse("directory:mission", args=[slug])
    news = Article.objects.visible()
    pages = max(1, -(-news.count() // PAGE_SIZE))
    yield reverse("news:index")
    for number in range(2, pages + 1):
        yield f"{reverse('news:index')}?page={number}"
    for article in news:
        yield article.get_absolute_url()
    yield reverse("advisories:index")
    destinations = Country.objects.filter(advisories__isnull=False).distinct()
    for slug in destinations.order_by("slug").values_list("slug", flat=True):
        yield reverse("advisories:country", args=[slug])


def file_for(path: str) -> PurePosixPath:
    """Where a page's HTML goes: "/in/russia/" → in/russia/index.html; "?page=2" → page-2/."""
    base, _, query = path.partition("?")
    parts = [p for p in base.split("/") if p]
    if query.startswith("page="):
        parts.append(f"page-{query.split('=', 1)[1]}")
    return PurePosixPath(*parts, "index.html") if parts else PurePosixPath("index.html")


def _relative(from_file: PurePosixPath, to_file: PurePosixPath) -> str:
    return os.path.relpath(str(to_file), str(from_file.parent) or ".").replace(os.sep, "/")


def rewrite_links(html: str, page: PurePosixPath, exported: set[str], site_url: str) -> str:
    def replace(match: re.Match[str]) -> str:
        attr, url = match.group("attr"), match.group("url")
        target, _, fragment = url.partition("#")
        if target.startswith(settings.STATIC_URL):
            return f'{attr}="{_relative(page, PurePosixPath(target.lstrip("/")))}"'
        if target in exported:
            relative = _relative(page, file_for(target))
            return f'{attr}="{relative}{"#" + fragment if fragment else ""}"'
        return f'{attr}="{site_url}{url}"'  # dynamic pages live on the site

    return _LINK.sub(replace, html)


def copy_static(directory: Path) -> None:
    """The static files from their sources (not STATIC_ROOT, which may hold an older copy)."""
    target = directory / settings.STATIC_URL.strip("/")
    for finder in finders.get_finders():
        for path, storage in finder.list([]):
            # A STATICFILES_DIRS entry may serve under a prefix (vendor/leaflet/…).
            prefix = getattr(storage, "prefix", None) or ""
            destination = target / prefix / path
            destination.parent.mkdir(parents=True, exist_ok=True)
            with storage.open(path) as source:
                destination.write_bytes(source.read())


def export_site(
    directory: Path,
    paths: Iterable[str],
    progress=None,
    jobs: int = 1,
) -> MirrorReport:
    """Render `paths` into `directory`, in `jobs` processes; `progress(n)` is called as pages
    are written. Then copy the static files and check every relative link."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = list(paths)
    exported = set(paths)
    if jobs > 1 and len(paths) > 100:
        report = _render_in_processes(directory, paths, exported, jobs, progress)
    else:
        report = _render(directory, paths, exported, progress)
    copy_static(directory)
    report.broken_links = check_links(directory)
    return report


def _render_in_processes(
    directory: Path,
    paths: list[str],
    exported: set[str],
    jobs: int,
    progress,
) -> MirrorReport:
    import multiprocessing

    from django.db import connections

    connections.close_all()  # each child opens its own
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    workers = [
        context.Process(target=_worker, args=(directory, paths[i::jobs], exported, queue))
        for i in range(jobs)
    ]
    for worker in workers:
        worker.start()
    report = MirrorReport()
    finished = 0
    while finished < len(workers):
        message = queue.get()
        if message[0] == "progress":
            if progress:
                progress(message[1])
            continue
        _, pages, size, failed = message
        report.pages += pages
        report.bytes += size
        report.failed.extend(failed)
        finished += 1
    for worker in workers:
        worker.join()
    return report


def _worker(directory: Path, paths: list[str], exported: set[str], queue) -> None:
    from django.db import connections

    connections.close_all()
    pending = 0

    def tick(n: int) -> None:
        nonlocal pending
        pending += n
        if pending >= 50:
            queue.put(("progress", pending))
            pending = 0

    report = _render(directory, paths, exported, tick)
    if pending:
        queue.put(("progress", pending))
    queue.put(("done", report.pages, report.bytes, report.failed))


def _render(
    directory: Path,
    paths: list[str],
    exported: set[str],
    progress,
) -> MirrorReport:
    site_url = settings.CHANCERY_SITE_URL.rstrip("/")
    client = Client(HTTP_HOST=settings.ALLOWED_HOSTS[0] if settings.ALLOWED_HOSTS else "localhost")
    report = MirrorReport()
    for path in paths:
        response = client.get(path)
        if response.status_code != 200:
            report.failed.append((path, response.status_code))
            if progress:
                progress(1)
            continue
        page = file_for(path)
        html = rewrite_links(response.content.decode("utf-8"), page, exported, site_url)
        target = directory / page
        target.parent.mkdir(parents=True, exist_ok=True)
        data = html.encode("utf-8")
        target.write_bytes(data)
        report.pages += 1
        report.bytes += len(data)
        if progress:
            progress(1)
    return report


_RELATIVE = re.compile(r'\b(?:href|src)="(?P<url>[^"#:][^"#:]*)(?:#[^"]*)?"')


def check_links(directory: Path) -> list[tuple[str, str]]:
    """Relative links in the exported HTML whose target file does not exist."""
    broken = []
    for page in directory.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for match in _RELATIVE.finditer(text):
            url = match.group("url")
            if url.startswith("//"):
                continue
            if not (page.parent / url).resolve().exists():
                broken.append((str(page.relative_to(directory)), url))
    return broken
