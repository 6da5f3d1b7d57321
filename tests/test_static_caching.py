"""Static files under hashed names, kept by browsers for a year.

`collectstatic` runs here into a temporary STATIC_ROOT with the storage of base.py (the test
settings keep plain names): the files get hashed names, pages link those names, and WhiteNoise
answers them with a year's immutable cache while plain names keep a short one.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.template import Context, Template
from django.test import Client, override_settings

from config.settings import base

ONE_YEAR = "max-age=31536000, public, immutable"
HASHED = re.compile(r"\.[0-9a-f]{12}\.")
MANIFEST_STORAGE = "whitenoise.storage.CompressedManifestStaticFilesStorage"
WHITENOISE = "whitenoise.middleware.WhiteNoiseMiddleware"


def _whitenoise_middleware() -> list[str]:
    """The test settings leave WhiteNoise out (nothing is collected for them): put it back
    where base.py has it."""
    chain = [m for m in settings.MIDDLEWARE if not m.startswith("whitenoise.")]
    chain.insert(chain.index("django.middleware.security.SecurityMiddleware") + 1, WHITENOISE)
    return chain


@pytest.fixture(scope="module")
def static_root(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Static files collected once for the module, served as production serves them."""
    root = tmp_path_factory.mktemp("static")
    storages = {**settings.STORAGES, "staticfiles": {"BACKEND": MANIFEST_STORAGE}}
    with override_settings(
        STATIC_ROOT=root, STORAGES=storages, MIDDLEWARE=_whitenoise_middleware(), DEBUG=False
    ):
        call_command("collectstatic", interactive=False, verbosity=0)
        yield root


@pytest.fixture
def manifest(static_root: Path) -> dict[str, str]:
    return json.loads((static_root / "staticfiles.json").read_text(encoding="utf-8"))["paths"]


def test_base_settings_use_the_manifest_storage() -> None:
    assert base.STORAGES["staticfiles"]["BACKEND"] == MANIFEST_STORAGE
    assert WHITENOISE in base.MIDDLEWARE


def test_collected_files_have_hashed_names(static_root: Path, manifest: dict[str, str]) -> None:
    for name in (
        "css/site.css",
        "js/map.js",
        "vendor/leaflet/leaflet.js",
        "vendor/leaflet/leaflet.css",
        "vendor/leaflet/images/marker-icon.png",
    ):
        hashed = manifest[name]
        assert HASHED.search(hashed), hashed
        assert (static_root / hashed).is_file()
    # Text files also come compressed, for WhiteNoise to send to browsers that accept gzip.
    assert (static_root / (manifest["css/site.css"] + ".gz")).is_file()


def test_leaflet_css_names_its_images_by_their_hashed_names(
    static_root: Path, manifest: dict[str, str]
) -> None:
    css = (static_root / manifest["vendor/leaflet/leaflet.css"]).read_text(encoding="utf-8")
    images = re.findall(r'url\("?(images/[^")]+)"?\)', css)
    assert "images/" + Path(manifest["vendor/leaflet/images/marker-icon.png"]).name in images
    for image in images:
        assert HASHED.search(image), image
        assert (static_root / "vendor" / "leaflet" / image).is_file(), image


def test_static_tag_renders_the_hashed_name(static_root: Path, manifest: dict[str, str]) -> None:
    rendered = Template("{% load static %}{% static 'css/site.css' %}").render(Context())
    assert rendered == f"/static/{manifest['css/site.css']}"


@pytest.mark.django_db
def test_pages_link_hashed_static_files_only(static_root: Path) -> None:
    html = Client().get("/in/russia/").content.decode()
    linked = re.findall(r'(?:href|src)="(/static/[^"]+)"', html)
    assert "/static/css/site.css" not in linked
    assert any(url.startswith("/static/css/site.") for url in linked)
    assert all(HASHED.search(url) for url in linked), linked


def test_hashed_files_are_kept_a_year(static_root: Path, manifest: dict[str, str]) -> None:
    client = Client()
    for name in ("css/site.css", "vendor/leaflet/leaflet.js", "vendor/leaflet/images/layers.png"):
        response = client.get(f"/static/{manifest[name]}")
        assert response.status_code == 200, name
        assert response["Cache-Control"] == ONE_YEAR, name
    compressed = client.get(
        f"/static/{manifest['vendor/leaflet/leaflet.js']}", HTTP_ACCEPT_ENCODING="gzip"
    )
    assert compressed["Content-Encoding"] == "gzip"
    assert compressed["Cache-Control"] == ONE_YEAR


def test_plain_names_keep_a_short_cache(static_root: Path) -> None:
    """A plain name may change content under the same address: browsers ask again soon."""
    response = Client().get("/static/css/site.css")
    assert response.status_code == 200
    assert response["Cache-Control"] == "max-age=60, public"
    assert "immutable" not in response["Cache-Control"]


@pytest.mark.slow
def test_development_settings_name_plain_files_until_collected(tmp_path: Path) -> None:
    """`manage.py runserver` straight from a checkout renders its pages; once `collectstatic`
    has run (make run, make serve and the browser tests do it first) the names are hashed."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        DJANGO_SECRET_KEY="test-only-not-secret",
        CHANCERY_VAR_DIR=str(tmp_path),
    )
    show = "import django; django.setup(); from django.templatetags.static import static; "
    show += "print(static('css/site.css'))"

    def run(*args: str) -> str:
        result = subprocess.run(
            [sys.executable, *args],
            env=env,
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        return result.stdout.strip()

    assert run("-c", show) == "/static/css/site.css"
    run("manage.py", "collectstatic", "--noinput", "-v0")
    assert HASHED.search(run("-c", show))
