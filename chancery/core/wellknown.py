"""What crawlers and tools read at the site's fixed addresses: /robots.txt, /sitemap.xml (an
index of the sitemaps, each in pages) and /.well-known/security.txt (RFC 9116).

Every address in them is absolute on CHANCERY_SITE_URL, the site's public address, whatever
Host the request came with: the project does not use django.contrib.sites, and a crawler that
reached the site under another name must still be told the canonical one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from functools import cached_property
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import RFC3986_SUBDELIMS
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from .pagecache import reads_query

#: Sitemaps given to the views: classes, so that each request builds its own (a sitemap keeps
#: what it computed for the request it serves).
Sections = Mapping[str, type[Sitemap]]

#: robots.txt and security.txt change only with the settings: browsers and CDNs keep them a day.
FIXED_FILE_SECONDS = 24 * 60 * 60

#: The page of a sitemap (`?p=2`) as the sitemap view reads it, written plainly: a section has
#: at most a few dozen pages, and only pages that exist (answered 200) are ever cached.
_PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,3}")

#: A stand-in for an argument of a URL pattern: kept as it is by `reverse`, and found in no
#: pattern's fixed text.
_HOLE = "~@~"
#: What `reverse` leaves unquoted in an argument (django.urls.resolvers).
_PATH_SAFE = RFC3986_SUBDELIMS + "/~:@"


def site_url() -> str:
    """The site's public address, without a trailing slash."""
    return settings.CHANCERY_SITE_URL.rstrip("/")


def absolute(path: str) -> str:
    return f"{site_url()}{path}"


class PublicSitemap(Sitemap):
    """A sitemap on the site's public address, every page in each of the site's languages
    with its hreflang alternates; x-default is the English page (English has no prefix).

    `limit` counts URLs, not items: a page of 5,000 holds some 830 items in six languages."""

    limit = 5000
    i18n = True
    alternates = True
    x_default = True

    def get_protocol(self, protocol: str | None = None) -> str:
        return urlsplit(settings.CHANCERY_SITE_URL).scheme or "https"

    def get_domain(self, site: object = None) -> str:
        return urlsplit(settings.CHANCERY_SITE_URL).netloc

    @cached_property
    def languages(self) -> list[str]:  # type: ignore[override]
        """The site's languages, read once (Django reads the setting for every item)."""
        return [code for code, _ in settings.LANGUAGES]

    @cached_property
    def _patterns(self) -> dict[tuple[str, int, str], list[str]]:
        """Each URL pattern's path, reversed in one language, split at its arguments."""
        return {}

    def path(self, name: str, *args: str) -> str:
        """`reverse(name, args=args)` in the active language, cheaply: a page of a sitemap
        holds some 40,000 addresses (each URL with its alternates), so each URL pattern is
        reversed once per language and sitemap, with holes its arguments fill, quoted as
        `reverse` quotes them."""
        key = (name, len(args), translation.get_language())
        parts = self._patterns.get(key)
        if parts is None:
            parts = self._patterns[key] = reverse(name, args=[_HOLE] * len(args)).split(_HOLE)
        filled = [parts[0]]
        for arg, after in zip(args, parts[1:], strict=True):
            filled += [quote(arg, safe=_PATH_SAFE), after]
        return "".join(filled)


def _is_page_number(value: str, query: QueryDict) -> bool:
    return _PAGE_NUMBER.fullmatch(value) is not None


@reads_query(p=_is_page_number)
@require_safe
def sitemap_section(request: HttpRequest, sitemaps: Sections, section: str) -> HttpResponse:
    """One section of the sitemaps, page `?p=` (Django's view; 404 past the last page)."""
    return sitemap_views.sitemap(request, {**sitemaps}, section=section)


@sitemap_views.x_robots_tag
@require_safe
def sitemap_index(request: HttpRequest, sitemaps: Sections) -> TemplateResponse:
    """Every page of every section, on the public address (Django's index view would take
    the request's Host), each with the latest change of its section when known."""
    entries: list[dict[str, object]] = []
    for section, sitemap_class in sitemaps.items():
        sitemap = sitemap_class()
        address = absolute(reverse("sitemap-section", kwargs={"section": section}))
        latest = sitemap.get_latest_lastmod()
        entries.append({"location": address, "last_mod": latest})
        for page in range(2, sitemap.paginator.num_pages + 1):
            entries.append({"location": f"{address}?p={page}", "last_mod": latest})
    return TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml"
    )


def _in_every_language(name: str, args: tuple[str, ...] = ()) -> list[str]:
    """A page's path under each language's prefix, once each (a page outside i18n_patterns
    has one)."""
    paths: dict[str, None] = {}
    for code, _ in settings.LANGUAGES:
        with translation.override(code):
            paths[reverse(name, args=args)] = None
    return list(paths)


#: Pages no crawler should fetch: the admin, searches (unbounded, and thin), and the forms
#: that suggest a correction or a mission. A `*` stands for any slug (RFC 9309).
DISALLOWED = (
    ("search:search", ()),
    ("directory:find", ()),
    ("corrections:suggest", ("*",)),
    ("corrections:closed", ("*",)),
    ("corrections:new-mission", ("*",)),
    ("corrections:thanks", ()),
)


@cache_control(public=True, max_age=FIXED_FILE_SECONDS)
@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    disallowed = [reverse("admin:index")]
    for name, args in DISALLOWED:
        disallowed += _in_every_language(name, args)
    with translation.override(settings.LANGUAGE_CODE):
        # The index, and Google News's sitemap of the last two days' articles.
        sitemaps = [reverse("sitemap-index"), reverse("news:sitemap-news")]
    context = {"disallowed": disallowed, "sitemaps": [absolute(path) for path in sitemaps]}
    return render(request, "core/robots.txt", context, content_type="text/plain; charset=utf-8")


def security_contact() -> str:
    """Where to report a security problem, as the URI security.txt requires:
    CHANCERY_SECURITY_CONTACT, else CHANCERY_CONTACT, else security@ the site's host; an
    email address becomes a mailto: link."""
    configured = settings.CHANCERY_SECURITY_CONTACT or settings.CHANCERY_CONTACT
    # One word: the settings come from the environment, where a stray newline would start
    # another field.
    words = configured.split()
    if not words:
        return f"mailto:security@{urlsplit(settings.CHANCERY_SITE_URL).hostname or 'localhost'}"
    contact = words[0]
    if re.match(r"^[a-z][a-z0-9+.-]*:", contact, re.IGNORECASE):
        return contact  # mailto:, https:, tel:
    if "@" in contact:
        return f"mailto:{contact}"
    return f"https://{contact}"


def security_expiry(now: dt.datetime | None = None) -> dt.datetime:
    """A year from the start of today (UTC): RFC 9116 asks for less than a year ahead, and
    the file stays the same all day, for the caches."""
    today = (
        (now or timezone.now())
        .astimezone(dt.UTC)
        .replace(hour=0, minute=0, second=0, microsecond=0)
    )
    return today + dt.timedelta(days=365)


@cache_control(public=True, max_age=FIXED_FILE_SECONDS)
@require_safe
def security_txt(request: HttpRequest) -> HttpResponse:
    context = {
        "contact": security_contact(),
        "expires": security_expiry().strftime("%Y-%m-%dT%H:%M:%SZ"),
        "languages": settings.LANGUAGE_CODE,
        "canonical": absolute(reverse("security-txt")),
    }
    return render(request, "core/security.txt", context, content_type="text/plain; charset=utf-8")
