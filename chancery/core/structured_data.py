"""What a page says about itself to machines: its public address, its breadcrumb trail and the
schema.org JSON-LD that search engines and link previews read.

The features build their own JSON-LD (a mission, an article) from these pieces; the template
tags in `templatetags/seo.py` write it into the page.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

from babel.lists import format_list
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest
from django.templatetags.static import static
from django.utils.encoding import escape_uri_path

from .language import page_language

SCHEMA = "https://schema.org"
SITE_NAME = "Chancery"
#: The picture that stands for the site where a page has none of its own (square, PNG).
DEFAULT_IMAGE = "icons/icon-512.png"
DEFAULT_IMAGE_SIZE = 512

# What json_script escapes: inside <script> a "</script>" (or "<!--") in a value would end the
# element or change how it is parsed; "&" is escaped too, as in HTML data blocks.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def spoken_list(items: Sequence[str]) -> str:
    """`a, b and c`, the way the page's language writes a list (for descriptions)."""
    try:
        return format_list(list(items), locale=page_language())
    except ValueError:  # a language babel does not know: its English form
        return format_list(list(items), locale="en")


def site_url() -> str:
    """The site's public address, without a trailing slash."""
    return settings.CHANCERY_SITE_URL.rstrip("/")


def absolute_url(path: str) -> str:
    """`path` on the site's public address; an address that is already absolute is kept."""
    if urlsplit(path).scheme:
        return path
    return f"{site_url()}/{path.lstrip('/')}"


def default_image_url() -> str:
    """The absolute address of the site's own picture."""
    return absolute_url(static(DEFAULT_IMAGE))


#: The parameters that define a page, as a view gives them: a mapping or (name, value) pairs.
Query = Mapping[str, object] | Iterable[tuple[str, object]]


def query_string(query: Query) -> str:
    """`?page=2&country=russia`, in the order given, empty values left out; "" for none."""
    pairs = query.items() if isinstance(query, Mapping) else query
    kept = [(name, str(value)) for name, value in pairs if value not in (None, "")]
    return f"?{urlencode(kept)}" if kept else ""


def canonical_url(path: str, query: Query = ()) -> str:
    """The page's one public address: its path on the site, with only the parameters that
    define it (a page number, a country), never tracking parameters."""
    return absolute_url(path) + query_string(query)


def request_canonical_url(request: HttpRequest, query: Query = ()) -> str:
    """The canonical address of the page `request` asked for (its path in its language)."""
    return canonical_url(escape_uri_path(request.path), query)


def json_ld_text(data: Any) -> str:
    """`data` as JSON that can stand inside a <script> element whatever its strings hold."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    return text.translate(_SCRIPT_ESCAPES)


@dataclass(frozen=True)
class Crumb:
    """One step of a breadcrumb trail: its label and its path ("" for the page itself)."""

    label: str
    url: str = ""


def breadcrumb_list(crumbs: Iterable[Crumb], current_url: str = "") -> dict[str, Any]:
    """schema.org BreadcrumbList of a trail; the last step is the page at `current_url`."""
    items: list[dict[str, Any]] = []
    for position, crumb in enumerate(crumbs, start=1):
        item: dict[str, Any] = {"@type": "ListItem", "position": position, "name": crumb.label}
        address = absolute_url(crumb.url) if crumb.url else current_url
        if address:
            item["item"] = address
        items.append(item)
    return {"@context": SCHEMA, "@type": "BreadcrumbList", "itemListElement": items}


def website(home_path: str, search_path: str, language: str) -> dict[str, Any]:
    """schema.org WebSite of the site in one language, with the search it offers."""
    return {
        "@context": SCHEMA,
        "@type": "WebSite",
        "name": SITE_NAME,
        "url": absolute_url(home_path),
        "inLanguage": language,
        "potentialAction": {
            "@type": "SearchAction",
            "target": {
                "@type": "EntryPoint",
                "urlTemplate": absolute_url(search_path) + "?q={search_term_string}",
            },
            "query-input": "required name=search_term_string",
        },
    }


def site_organisation() -> dict[str, Any]:
    """The site itself as an organisation: the publisher of its articles."""
    return {
        "@type": "Organization",
        "name": SITE_NAME,
        "url": absolute_url("/"),
        "logo": {
            "@type": "ImageObject",
            "url": default_image_url(),
            "width": DEFAULT_IMAGE_SIZE,
            "height": DEFAULT_IMAGE_SIZE,
        },
    }
