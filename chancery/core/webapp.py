"""The installable web app: the manifest, the icons at the site root, the service worker that
keeps pages for offline use (templates/core/sw.js), and the page shown offline in place of a
page that was not saved."""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

#: The colours of static/css/site.css: the header's ink for the browser's bar, the page's
#: white behind the splash screen.
THEME_COLOUR = "#1d2330"
BACKGROUND_COLOUR = "#ffffff"

#: What the service worker stores at install, so that any saved page shows as it did.
SHELL_FILES = (
    "css/site.css",
    "js/webapp.js",
    "js/help.js",
    "js/map.js",
    "icons/icon.svg",
    "icons/icon-192.png",
    "icons/apple-touch-icon.png",
)
FAVICON = "icons/favicon.ico"
#: Caches the service worker keeps: the shell (one per version, replaced whole), the pages a
#: person opened, and their last help answer in each language.
SHELL_CACHE_PREFIX = "chancery-shell-"
PAGES_CACHE = "chancery-pages"
HELP_CACHE = "chancery-help"
#: How many pages are kept; the oldest saved go first.
MAX_PAGES = 100
#: Paths never kept: editors' pages, the machine-facing API, downloads.
UNSAVED_PREFIXES = ("/admin/", "/api/", "/exports/", "/healthz")


def _in_every_language(view_name: str) -> dict[str, str]:
    """The path of a page in each language ({"en": "/help/", "fr": "/fr/help/", …})."""
    paths = {}
    for code, _ in settings.LANGUAGES:
        with translation.override(code):
            paths[code] = reverse(view_name)
    return paths


def offline_paths() -> dict[str, str]:
    return _in_every_language("webapp:offline")


def worker_config() -> dict[str, object]:
    """Everything the service worker needs to know about the site, in one object."""
    shell = [static(name) for name in SHELL_FILES]
    offline = offline_paths()
    version = hashlib.sha256("\n".join([*shell, *offline.values()]).encode()).hexdigest()[:12]
    return {
        "shellCache": SHELL_CACHE_PREFIX + version,
        "shellCachePrefix": SHELL_CACHE_PREFIX,
        "pagesCache": PAGES_CACHE,
        "helpCache": HELP_CACHE,
        "maxPages": MAX_PAGES,
        "shell": [*shell, *offline.values()],
        "staticUrl": settings.STATIC_URL,
        # A file's name changes with its content only under the manifest storage: only then
        # may a stored copy be served without asking the network first.
        "staticHashed": isinstance(staticfiles_storage, ManifestFilesMixin),
        "defaultLanguage": settings.LANGUAGE_CODE,
        "offline": offline,
        "help": list(_in_every_language("assist:help").values()),
        # The help page answers once it is told the person's nationality (chancery.assist).
        "helpAnswerParameter": "nationality",
        "unsaved": list(UNSAVED_PREFIXES),
    }


@require_safe
def service_worker(request: HttpRequest) -> HttpResponse:
    """/sw.js, at the root so that it may control every page. Browsers ask for it again on
    each visit (no-cache) and install a new worker when a static file's name changed."""
    config = json.dumps(worker_config(), indent=2)
    response = render(
        request,
        "core/sw.js",
        {"config": mark_safe(config)},  # JSON of our own names and paths, in a script
        content_type="application/javascript; charset=utf-8",
    )
    response["Cache-Control"] = "no-cache"
    return response


def _png_icons(name: str, purpose: str) -> list[dict[str, str]]:
    return [
        {
            "src": static(f"icons/{name}-{size}.png"),
            "sizes": f"{size}x{size}",
            "type": "image/png",
            "purpose": purpose,
        }
        for size in (192, 512)
    ]


@require_safe
@cache_control(public=True, max_age=3600)
def manifest(request: HttpRequest) -> JsonResponse:
    """/manifest.webmanifest: what a phone needs to install the site as an app."""
    data = {
        "id": "/",
        "name": "Chancery",
        "short_name": "Chancery",
        "description": gettext("Find your country's embassy or consulate, wherever you are."),
        "lang": translation.get_language(),
        "dir": "rtl" if translation.get_language_bidi() else "ltr",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": BACKGROUND_COLOUR,
        "theme_color": THEME_COLOUR,
        "categories": ["travel", "utilities"],
        "icons": [
            {"src": static("icons/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
            *_png_icons("icon", "any"),
            # Launchers crop these to their own shape (circle, squircle).
            *_png_icons("icon-maskable", "maskable"),
        ],
        "shortcuts": [{"name": gettext("Get help"), "url": reverse("assist:help")}],
    }
    return JsonResponse(
        data,
        content_type="application/manifest+json",
        json_dumps_params={"ensure_ascii": False},
    )


@cache
def _favicon_bytes() -> bytes:
    found = finders.find(FAVICON)
    if not found:
        raise Http404("no favicon")
    return Path(str(found)).read_bytes()


@require_safe
@cache_control(public=True, max_age=86400)
def favicon(request: HttpRequest) -> HttpResponse:
    """/favicon.ico, where browsers and feed readers look for it without asking the page."""
    return HttpResponse(_favicon_bytes(), content_type="image/x-icon")


@require_safe
def offline_page(request: HttpRequest) -> HttpResponse:
    """Shown by the service worker, offline, for a page that was not saved: says so and lists
    the pages that were (read from the browser's cache by static/js/webapp.js)."""
    return render(
        request,
        "core/offline.html",
        {"pages_cache": PAGES_CACHE, "help_cache": HELP_CACHE},
    )
