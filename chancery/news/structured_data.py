"""What the news pages say about themselves: the index's description and an article as
schema.org NewsArticle."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.paginator import Page
from django.utils.text import Truncator
from django.utils.translation import gettext

from chancery.core.structured_data import SCHEMA, site_organisation
from chancery.countries.models import Country

from .models import Article

#: Search engines show about this many characters of a description.
DESCRIPTION_LENGTH = 160


def index_description(country: Country | None, page: Page) -> str:
    if country is None:
        text = gettext("News about embassies, consulates and diplomatic relations, newest first.")
    else:
        text = gettext(
            "News about %(place)s and the embassies and consulates there, newest first."
        ) % {"place": country.label_in_sentence}
    if page.number > 1:
        pages = gettext("Page %(number)s of %(total)s") % {
            "number": page.number,
            "total": page.paginator.num_pages,
        }
        text = f"{text} {pages}."
    return text


def article_description(article: Article) -> str:
    """The summary, or the title when there is none, cut to what search engines show."""
    return Truncator(article.summary or article.title).chars(DESCRIPTION_LENGTH)


def article_open_graph(article: Article) -> dict[str, Any]:
    """The article's OpenGraph type, dates and picture."""
    graph: dict[str, Any] = {
        "og_type": "article",
        "og_properties": [
            ("article:published_time", article.published_at.replace(microsecond=0).isoformat()),
            ("article:modified_time", article.updated_at.replace(microsecond=0).isoformat()),
            *(("article:tag", country.label) for country in article.countries.all()),
        ],
    }
    if article.image_url:
        graph["og_image"] = {"url": article.image_url, "alt": article.title}
    return graph


def article_json_ld(article: Article, *, page_url: str, description: str) -> dict[str, Any]:
    """The article as schema.org NewsArticle: who wrote and published it, and when."""
    publisher = site_organisation()
    if article.author:
        author: dict[str, Any] = {"@type": "Person", "name": article.author}
    elif article.source_name:
        author = {"@type": "Organization", "name": article.source_name}
        if article.source_url:
            author["url"] = article.source_url
    else:
        author = publisher
    data: dict[str, Any] = {
        "@context": SCHEMA,
        "@type": "NewsArticle",
        "@id": page_url,
        "url": page_url,
        "mainEntityOfPage": page_url,
        "headline": article.title,
        "description": description,
        "datePublished": article.published_at.replace(microsecond=0).isoformat(),
        "dateModified": max(article.updated_at, article.published_at)
        .replace(microsecond=0)
        .isoformat(),
        "author": author,
        "publisher": publisher,
        # Articles are written in English, as the news sitemap declares, whatever the page's
        # language around them.
        "inLanguage": settings.LANGUAGE_CODE,
    }
    if places := [{"@type": "Place", "name": c.label} for c in article.countries.all()]:
        data["about"] = places
    if article.image_url:
        data["image"] = article.image_url
    if article.source_url:
        data["isBasedOn"] = article.source_url
    return data
