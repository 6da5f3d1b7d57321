"""The installable web app: manifest, icons, favicon, the service worker and the offline page,
as a browser asking for them sees them."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.http import HttpResponse
from django.test import Client, override_settings
from PIL import Image

from chancery.core.webapp import MAX_PAGES, SHELL_FILES

pytestmark = pytest.mark.django_db

MISSION = "/missions/embassy-of-germany-in-russia/"
SITE_CSS = Path(settings.BASE_DIR) / "static" / "css" / "site.css"


def static_file(url: str) -> Path:
    """The source file behind a /static/ URL (unhashed names, as in the test settings)."""
    assert url.startswith(settings.STATIC_URL), url
    found = finders.find(url.removeprefix(settings.STATIC_URL))
    assert found, f"{url} names no static file"
    return Path(str(found))


def css_colour(name: str) -> str:
    """A colour of site.css's :root, as #rrggbb."""
    match = re.search(rf"--{name}:\s*#([0-9a-fA-F]{{6}}|[0-9a-fA-F]{{3}})\b", SITE_CSS.read_text())
    assert match, name
    digits = match.group(1).lower()
    return "#" + (digits if len(digits) == 6 else "".join(d * 2 for d in digits))


def worker_config(body: str) -> dict:
    match = re.search(r"^const CONFIG = (\{.*?^\});$", body, re.M | re.S)
    assert match, "sw.js declares its CONFIG"
    return json.loads(match.group(1))


def test_manifest_names_the_app_its_colours_and_icons(client: Client) -> None:
    response = client.get("/manifest.webmanifest")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == "Chancery"
    assert manifest["short_name"] == "Chancery"
    assert manifest["start_url"] == "/"
    assert manifest["scope"] == "/"
    assert manifest["display"] == "standalone"
    assert (manifest["lang"], manifest["dir"]) == ("en", "ltr")
    assert manifest["theme_color"] == css_colour("ink")
    assert manifest["background_color"] == css_colour("bg")
    assert manifest["shortcuts"] == [{"name": "Get help", "url": "/help/"}]
    declared = set()
    for icon in manifest["icons"]:
        path = static_file(icon["src"])
        if icon["type"] == "image/svg+xml":
            assert path.read_text().startswith("<svg")
            continue
        with Image.open(path) as image:
            assert image.format == "PNG"
            assert f"{image.width}x{image.height}" == icon["sizes"]
        declared.add((icon["sizes"], icon["purpose"]))
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= declared


def test_every_page_links_the_icons_manifest_and_theme_colour(client: Client) -> None:
    manifest = json.loads(client.get("/manifest.webmanifest").content)
    for path in ("/", "/fr/", "/ar/help/", MISSION):
        html = client.get(path).content.decode()
        assert '<link rel="manifest" href="/manifest.webmanifest">' in html
        assert f'<meta name="theme-color" content="{manifest["theme_color"]}">' in html
        assert '<link rel="icon" href="/favicon.ico" sizes="32x32">' in html
        touch = re.search(r'<link rel="apple-touch-icon" href="([^"]+)">', html)
        assert touch, path
        with Image.open(static_file(touch.group(1))) as image:
            assert image.size == (180, 180)
            # iOS shows transparency as black: the icon is opaque.
            assert image.convert("RGBA").getextrema()[3] == (255, 255)
        svg = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', html)
        assert svg and static_file(svg.group(1)).suffix == ".svg"


def test_favicon_is_a_multi_size_icon_at_the_root(client: Client) -> None:
    response = client.get("/favicon.ico")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert "max-age=86400" in response["Cache-Control"]
    with Image.open(io.BytesIO(response.content)) as icon:
        assert icon.format == "ICO"
        assert {(16, 16), (32, 32), (48, 48)} <= set(icon.info["sizes"])


def test_service_worker_is_a_script_at_the_root_never_cached_stale(client: Client) -> None:
    response = client.get("/sw.js")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/javascript; charset=utf-8"
    assert response["Cache-Control"] == "no-cache"
    body = response.content.decode()
    assert "{{" not in body and "{%" not in body
    assert 'addEventListener("fetch"' in body
    config = worker_config(body)
    assert config["maxPages"] == MAX_PAGES
    assert config["help"] == [
        "/help/",
        "/fr/help/",
        "/es/help/",
        "/de/help/",
        "/ru/help/",
        "/ar/help/",
    ]
    assert "/admin/" in config["unsaved"] and "/api/" in config["unsaved"]


def test_service_worker_stores_existing_files_and_the_offline_pages(client: Client) -> None:
    config = worker_config(client.get("/sw.js").content.decode())
    static = [url for url in config["shell"] if url.startswith(settings.STATIC_URL)]

    assert sorted(static_file(url).name for url in static) == sorted(
        Path(name).name for name in SHELL_FILES
    )
    assert config["offline"]["en"] == "/offline/"
    assert config["offline"]["fr"] == "/fr/offline/"
    for code, path in config["offline"].items():
        assert path in config["shell"]
        response = client.get(path)
        assert response.status_code == 200
        assert f'<html lang="{code}"' in response.content.decode()
    assert config["staticHashed"] is False  # the test settings do not hash names


def test_service_worker_names_hashed_files_under_the_manifest_storage(
    client: Client, tmp_path: Path
) -> None:
    storage = "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
    with override_settings(
        STATIC_ROOT=tmp_path,
        STORAGES={**settings.STORAGES, "staticfiles": {"BACKEND": storage}},
    ):
        call_command("collectstatic", interactive=False, verbosity=0)
        config = worker_config(client.get("/sw.js").content.decode())
        manifest = json.loads(client.get("/manifest.webmanifest").content)
        page = client.get("/").content.decode()

    assert config["staticHashed"] is True
    static = [url for url in config["shell"] if url.startswith(settings.STATIC_URL)]
    icons = [icon["src"] for icon in manifest["icons"]]
    assert len(static) == len(SHELL_FILES)
    for url in [*static, *icons]:
        name = url.removeprefix(settings.STATIC_URL)
        assert re.search(r"\.[0-9a-f]{12}\.\w+$", name), f"{url} is not a hashed name"
        assert (tmp_path / name).is_file(), f"{url} was not collected"
    assert re.search(r'src="/static/js/webapp\.[0-9a-f]{12}\.js"', page)


def test_a_new_static_name_is_a_new_worker(client: Client) -> None:
    before = worker_config(client.get("/sw.js").content.decode())
    with override_settings(STATIC_URL="/assets/"):
        after = worker_config(client.get("/sw.js").content.decode())

    assert before["shellCache"] != after["shellCache"]
    assert all(url.startswith("/assets/") for url in after["shell"] if "offline" not in url)


def test_the_worker_and_manifest_are_allowed_by_the_content_security_policy(
    client: Client,
) -> None:
    header = client.get("/")["Content-Security-Policy"]
    policy = {
        name: values
        for name, *values in (part.split() for part in header.split(";") if part.strip())
    }

    def allowed(*chain: str) -> list[str]:
        return next(policy[name] for name in chain if name in policy)

    assert "'self'" in allowed("worker-src", "child-src", "script-src", "default-src")
    assert "'self'" in allowed("manifest-src", "default-src")


@pytest.mark.parametrize(
    ("path", "language", "heading"),
    [("/offline/", "en", "You are offline"), ("/fr/offline/", "fr", None)],
)
def test_offline_page_in_each_language(
    client: Client, path: str, language: str, heading: str | None
) -> None:
    response = client.get(path)

    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    assert '<meta name="robots" content="noindex">' in html
    config = worker_config(client.get("/sw.js").content.decode())
    assert f'data-pages-cache="{config["pagesCache"]}"' in html
    assert f'data-help-cache="{config["helpCache"]}"' in html
    if heading:
        assert f"<h1>{heading}</h1>" in html


def test_pages_carry_the_hidden_saved_notice_and_the_registration_script(client: Client) -> None:
    html = client.get(MISSION).content.decode()

    notice = re.search(r"<p class=\"offline-notice\"[^>]*hidden>(.*?)</p>", html, re.S)
    assert notice, "the notice is in the page, hidden"
    text = " ".join(notice.group(1).split())
    assert text == (
        "Saved on <time data-saved-date></time> at <span data-saved-time></span>. "
        "You are offline; details may have changed."
    )
    script = re.search(r'<script src="([^"]+)" data-service-worker="/sw.js" defer>', html)
    assert script and static_file(script.group(1)).name == "webapp.js"
    assert "<script>" not in html  # the Content-Security-Policy allows no inline script


def test_make_icons_draws_the_whole_set(tmp_path: Path) -> None:
    call_command("make_icons", output=str(tmp_path), stdout=io.StringIO())

    expected = {
        "icon-192.png": (192, 192),
        "icon-512.png": (512, 512),
        "icon-maskable-192.png": (192, 192),
        "icon-maskable-512.png": (512, 512),
        "apple-touch-icon.png": (180, 180),
        "favicon.ico": (48, 48),
    }
    for name, size in expected.items():
        with Image.open(tmp_path / name) as image:
            assert image.size == size, name
    # A maskable icon fills its square: a launcher may crop it to any shape.
    with Image.open(tmp_path / "icon-maskable-512.png") as image:
        assert image.convert("RGBA").getextrema()[3] == (255, 255)
    assert (tmp_path / "icon.svg").read_text().startswith("<svg")


def test_pages_with_a_form_to_send_say_so_to_the_worker(client: Client) -> None:
    """The worker keeps an HTML page unless it varies by cookie (a form with its personal
    token) or forbids storing: a mission page is kept, its correction form is not."""

    def kept(response: HttpResponse) -> bool:
        return (
            response.status_code == 200
            and response["Content-Type"].startswith("text/html")
            and "cookie" not in response.get("Vary", "").lower()
            and not re.search(r"no-store|private", response.get("Cache-Control", ""))
        )

    assert kept(client.get(MISSION))
    assert kept(client.get("/fr/help/"))
    assert not kept(client.get(MISSION + "suggest/"))
