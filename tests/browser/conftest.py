"""Real-browser tests: Playwright drives Debian's chromium against a live gunicorn.

The server runs on its own SQLite file, filled once per session with the real missions
snapshot, the US advisories and a news feed, so the journeys see the site a visitor sees.
Screenshots go to CHANCERY_SCREENSHOTS (default var/screenshots/).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "data"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(os.environ.get("CHANCERY_SCREENSHOTS", ROOT / "var" / "screenshots"))
#: "png" (default) or "jpeg" (smaller, for the README's pictures).
SCREENSHOT_TYPE = os.environ.get("CHANCERY_SCREENSHOT_TYPE", "png")
#: Sizes every journey runs at: a common phone, and a laptop.
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    missing = None
    if not Path(CHROMIUM).exists():
        missing = f"chromium is not installed ({CHROMIUM}); apt-get install chromium"
    else:
        try:
            import playwright  # noqa: F401
        except ImportError:
            missing = "playwright is not installed (pip install -e '.[dev]')"
    from django.conf import settings

    on_postgres = "postgresql" in settings.DATABASES["default"]["ENGINE"]
    if not missing and not (ROOT / "node_modules" / "axe-core" / "axe.min.js").exists():
        missing = "axe-core is not installed (make setup runs npm ci)"
    browser_items = [item for item in items if here in Path(item.fspath).parents]
    if missing and browser_items and os.environ.get("CHANCERY_REQUIRE_BROWSER"):
        # CI sets this: a missing browser must fail the run, not skip the journeys.
        raise pytest.UsageError(f"browser tests required but {missing}")
    for item in browser_items:
        item.add_marker(pytest.mark.browser)
        if missing:
            item.add_marker(pytest.mark.skip(reason=missing))
        elif on_postgres:
            # The journeys run once, on the SQLite pass; the server is the same either way.
            item.add_marker(pytest.mark.skip(reason="browser journeys run in the SQLite pass"))


@pytest.fixture(autouse=True)
def _no_network() -> None:
    """This process talks to our own server only; the browser is held to it by `page`."""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _manage(env: dict[str, str], *args: str) -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")


@dataclass
class Site:
    url: str
    env: dict[str, str]


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """A gunicorn serving the real data on its own SQLite database."""
    directory = tmp_path_factory.mktemp("browser-site")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    # Each site (one per test worker) collects its own static files; the kept vocabularies
    # are shared, so the real data's is built once.
    var = directory / "var"
    var.mkdir()
    (ROOT / "var" / "cache").mkdir(parents=True, exist_ok=True)
    (var / "cache").symlink_to(ROOT / "var" / "cache")
    env.update(
        CHANCERY_VAR_DIR=str(var),
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        DATABASE_URL=f"sqlite:///{directory / 'site.sqlite3'}",
        CHANCERY_PAGE_CACHE_SECONDS="0",
        GUNICORN_ACCESS_LOG="",
        WEB_CONCURRENCY="2",
        REDIS_URL="",
    )
    _manage(env, "migrate", "--noinput", "-v0")
    _manage(env, "ingest_missions", "--no-progress")
    advisories = SHARED / "us-state-travel-advisories"
    if advisories.exists():
        _manage(env, "ingest_advisories", "--issuer", "us")
    _manage(
        env, "ingest_news", "--feed", str(ROOT / "chancery/news/tests/fixtures/embassy-wire.rss")
    )
    _manage(env, "collectstatic", "--noinput", "-v0")
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--config",
            "config/gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{port}",
            "config.wsgi",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        if server.poll() is not None:
            raise RuntimeError(server.stderr.read().decode()[-3000:])
        try:
            urllib.request.urlopen(url + "/healthz", timeout=5).read()
            break
        except OSError:
            if time.monotonic() > deadline:
                server.kill()
                raise
            time.sleep(0.3)
    try:
        yield Site(url, env)
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(params=list(VIEWPORTS), ids=list(VIEWPORTS))
def viewport(request: pytest.FixtureRequest) -> str:
    return request.param


class Outside(list):
    """Requests the page made to other sites (all refused: the tests are offline)."""


@pytest.fixture
def outside() -> Outside:
    return Outside()


@pytest.fixture
def page(browser, site: Site, viewport: str, outside: Outside, request: pytest.FixtureRequest):
    """A fresh browser tab at the test's viewport. Nothing outside our server is reachable
    (map tiles included, as when offline); such requests are recorded in `outside`."""
    context = browser.new_context(
        viewport=VIEWPORTS[viewport],
        base_url=site.url,
        is_mobile=viewport == "phone",
        has_touch=viewport == "phone",
        locale="en-GB",
    )

    def refuse_outside(route) -> None:
        if route.request.url.startswith(site.url):
            route.continue_()
        else:
            outside.append((route.request.resource_type, route.request.url))
            route.abort()

    context.route("**/*", refuse_outside)
    context.set_default_timeout(15_000)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    context.close()
    assert not errors, f"JavaScript errors: {errors}"


@pytest.fixture
def shot(page, viewport: str, request: pytest.FixtureRequest):
    """shot("name"): a screenshot as <test>-<name>-<viewport>.png: the whole page, or for a
    long one (a country hub lists hundreds of missions) its first three screens."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    test = request.node.originalname.removeprefix("test_")

    def take(name: str) -> Path:
        extension = "jpg" if SCREENSHOT_TYPE == "jpeg" else "png"
        path = SCREENSHOTS / f"{test}-{name}-{viewport}.{extension}"
        options: dict = {"path": str(path), "full_page": True, "type": SCREENSHOT_TYPE}
        if SCREENSHOT_TYPE == "jpeg":
            options["quality"] = 70
        size = page.viewport_size
        height = page.evaluate("document.documentElement.scrollHeight")
        if height > size["height"] * 3:
            options["clip"] = {"x": 0, "y": 0, "width": size["width"], "height": size["height"] * 3}
        page.screenshot(**options)
        return path

    return take
