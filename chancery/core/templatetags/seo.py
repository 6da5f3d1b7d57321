"""How a page describes itself to search engines and link previews: `{% load seo %}`.

base.html captures the page's title and description blocks (`{% capture %}`) and hands them to
`{% page_meta %}`, which writes the canonical link, the robots rule, the language alternates,
the OpenGraph and Twitter card tags and the page's JSON-LD. A view says more through its
context:

- `canonical_query`: the query parameters that define the page ({"page": 2}); any other
  parameter (tracking, a sort order) is left out of its canonical address;
- `noindex`: True on pages search engines should not list (search results, help answers);
- `og_type` ("website" unless said), `og_image` ({"url", "width", "height", "alt"}; the site's
  own picture otherwise) and `og_properties` ([(property, content)], e.g. an article's dates);
- `structured_data`: a JSON-LD dict, or a list of them.

`{% breadcrumbs %}` writes the visible trail and its BreadcrumbList from one list, and
`{% json_ld data %}` any dict as a JSON-LD script.
"""

from __future__ import annotations

import html
import re
from typing import Any

from django import template
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.translation import get_language, gettext

from chancery.core.language import bare_language
from chancery.core.structured_data import (
    DEFAULT_IMAGE_SIZE,
    SITE_NAME,
    Crumb,
    absolute_url,
    breadcrumb_list,
    default_image_url,
    json_ld_text,
    query_string,
    request_canonical_url,
)

register = template.Library()

#: OpenGraph locales (language_TERRITORY) of the site's languages: English pages are written
#: the British way (day-first dates); Facebook knows Arabic as ar_AR.
OG_LOCALES = {
    "en": "en_GB",
    "fr": "fr_FR",
    "es": "es_ES",
    "de": "de_DE",
    "ru": "ru_RU",
    "ar": "ar_AR",
}

_SPACES = re.compile(r"\s+")


def plain_text(value: object) -> str:
    """Rendered markup as the text a reader sees: tags dropped, entities read, one space."""
    return _SPACES.sub(" ", html.unescape(strip_tags(str(value or "")))).strip()


def _text_of(label: object) -> str:
    """A label as text: markup (a translated phrase rendered by the template) is read as the
    reader sees it; a plain value (a name from the data) is text already, "<" and all."""
    return plain_text(label) if isinstance(label, SafeData) else str(label)


def _og_locale(code: str) -> str:
    code = bare_language(code)
    return OG_LOCALES.get(code, code)


def _page_canonical(context: template.Context) -> str:
    request: HttpRequest | None = context.get("request")
    if request is None:
        return ""
    return request_canonical_url(request, context.get("canonical_query") or ())


class CaptureNode(template.Node):
    # Blocks inside stay overridable by child templates: the loader finds them through here.
    child_nodelists = ("nodelist",)

    def __init__(self, nodelist: template.NodeList, name: str) -> None:
        self.nodelist = nodelist
        self.name = name

    def render(self, context: template.Context) -> str:
        # Escaped already, as every template output is.
        context[self.name] = mark_safe(self.nodelist.render(context).strip())
        return ""


@register.tag
def capture(parser: template.base.Parser, token: template.base.Token) -> CaptureNode:
    """`{% capture as name %}…{% endcapture %}`: renders its content into `name`, not into the
    page, so that one block (the title) can be written in several places."""
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("Usage: {% capture as name %}…{% endcapture %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])


@register.filter
def plain(value: object) -> str:
    """`{{ markup|plain }}`: the text of rendered markup, to be escaped again where it goes."""
    return plain_text(value)


@register.simple_tag
def json_ld(data: Any) -> SafeString:
    """`<script type="application/ld+json">` holding `data`; nothing for no data."""
    if not data:
        return mark_safe("")
    # json_ld_text escapes "<", ">" and "&": no value can close the element.
    return mark_safe(f'<script type="application/ld+json">{json_ld_text(data)}</script>')


def _image(context: template.Context, title: str) -> dict[str, Any]:
    given = context.get("og_image")
    if given:
        image = dict(given)
        image["url"] = absolute_url(str(image["url"]))
        image.setdefault("alt", title)
        image["large"] = True
        return image
    return {
        "url": default_image_url(),
        "width": DEFAULT_IMAGE_SIZE,
        "height": DEFAULT_IMAGE_SIZE,
        "alt": SITE_NAME,
        "large": False,
    }


@register.inclusion_tag("core/_page_meta.html", takes_context=True)
def page_meta(
    context: template.Context,
    title: object,
    description: object,
    not_found: bool = False,
    noindex: bool = False,
) -> dict[str, Any]:
    """The page's canonical link, robots rule, language alternates, OpenGraph and Twitter card
    tags and JSON-LD (see the module's docstring). A missing page (`not_found`) is noindex and
    names no canonical address and no alternates: there is no page to point to. `noindex`
    keeps a page that only answers one visitor (a form's thanks) out of search engines."""
    canonical = "" if not_found else _page_canonical(context)
    language = bare_language(get_language())
    data = context.get("structured_data") or []
    title_text = plain_text(title)
    return {
        "request": context.get("request"),
        "title": title_text,
        "description": plain_text(description),
        "canonical": canonical,
        "noindex": not_found or noindex or bool(context.get("noindex")),
        "alternates": bool(canonical),
        "alternates_query": query_string(context.get("canonical_query") or ()),
        "site_name": SITE_NAME,
        "og_type": context.get("og_type") or "website",
        "og_properties": context.get("og_properties") or [],
        "locale": _og_locale(language),
        "alternate_locales": [
            _og_locale(code) for code, _ in settings.LANGUAGES if code != language
        ],
        "image": _image(context, title_text),
        "structured_data": data if isinstance(data, list) else [data],
    }


@register.inclusion_tag("core/_breadcrumbs.html", takes_context=True)
def breadcrumbs(context: template.Context, *trail: object, not_found: bool = False) -> dict:
    """`{% breadcrumbs label url label url … current %}`: the trail from the home page (added
    here) to the page, whose own label comes last; a step with an empty label is left out
    (`place.part_of.label` of a place that is part of nothing). Writes the visible trail and
    its BreadcrumbList from the same list."""
    *steps, current = trail
    if len(steps) % 2:
        raise template.TemplateSyntaxError("breadcrumbs takes label/url pairs, then a label")
    crumbs = [Crumb(gettext("Home"), reverse("directory:home"))]
    crumbs += [
        Crumb(str(label), str(url))
        for label, url in zip(steps[::2], steps[1::2], strict=True)
        if label
    ]
    crumbs.append(Crumb(str(current)))
    current_url = "" if not_found else _page_canonical(context)
    return {
        "crumbs": crumbs,
        "data": breadcrumb_list(
            [Crumb(_text_of(crumb.label), crumb.url) for crumb in crumbs], current_url
        ),
    }
