"""The pages a search engine or a link preview reads, one of each type, and readers for what
their heads say (canonical link, robots rule, OpenGraph tags)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import lxml.html
from django.test import Client
from django.utils import timezone

from chancery.directory.models import Mission
from chancery.news.models import Article
from chancery.news.tests.helpers import make_article

#: Consulate-General of Belgium in Rio de Janeiro: phones, an email, coordinates, jurisdictions.
RICH_QID = "Q113015727"
#: The Embassy of Germany in Moscow (named "… in Russia"): a website and coordinates, no phone.
GERMAN_EMBASSY_IN_RUSSIA = "Q4373990"


def mission(qid: str) -> Mission:
    return Mission.objects.select_related("sending_country", "host_country", "territory").get(
        wikidata_id=qid
    )


def article_with_image() -> Article:
    return make_article(
        "Consular hours change in Moscow",
        summary="The embassy opens on Saturdays in March.",
        countries=("RU", "DE"),
        author="Press office",
        image_url="https://upload.wikimedia.org/wikipedia/commons/a/a9/Example.jpg",
        # A stored time with microseconds, as saved times have.
        published_at=timezone.now().replace(microsecond=123456) - dt.timedelta(hours=2),
    )


def page_urls(article: Article) -> dict[str, str]:
    """One page of every type that has a canonical address, by type."""
    rich = mission(RICH_QID)
    return {
        "home": "/",
        "countries": "/countries/",
        "host": "/in/russia/",
        "territory host": "/in/hong-kong/",
        "sender": "/from/germany/",
        "pair": "/from/germany/in/russia/",
        "mission": rich.get_absolute_url(),
        "embassy": mission(GERMAN_EMBASSY_IN_RUSSIA).get_absolute_url(),
        "article": article.get_absolute_url(),
        "news": "/news/",
        "news about a country": "/news/?country=russia",
        "advisories": "/advisories/",
        "advisories for a country": "/advisories/russia/",
        "help": "/help/",
        "help answer": "/help/?nationality=germany&country=russia",
        "search": "/search/?q=german+embassy+moscow",
        "exports": "/exports/",
        "history": f"/missions/{rich.slug}/history/",
        "suggestion form": f"/missions/{rich.slug}/suggest/",
    }


#: Pages that answer one visitor's question, or a form: not for search engines.
NOINDEX_TYPES = {"help answer", "search", "suggestion form"}
#: Addresses of missing pages: the site's 404 and the directory's own.
NOT_FOUND_URLS = ["/no-such-page/", "/fr/no-such-page/?x=1", "/in/atlantis/", "/missions/nope/"]


@dataclass
class Page:
    status: int
    html: str
    doc: lxml.html.HtmlElement

    def meta(self, *, name: str = "", prop: str = "") -> list[str]:
        if name:
            return self.doc.xpath(f'//head/meta[@name="{name}"]/@content')
        return self.doc.xpath(f'//head/meta[@property="{prop}"]/@content')

    def one_meta(self, *, name: str = "", prop: str = "") -> str:
        values = self.meta(name=name, prop=prop)
        assert len(values) == 1, (name or prop, values)
        return values[0]

    @property
    def canonical(self) -> list[str]:
        return self.doc.xpath('//head/link[@rel="canonical"]/@href')

    @property
    def alternates(self) -> list[str]:
        return self.doc.xpath('//head/link[@rel="alternate"][@hreflang]/@href')

    @property
    def robots(self) -> list[str]:
        return self.meta(name="robots")

    @property
    def description(self) -> str:
        return self.one_meta(name="description")

    def breadcrumbs(self) -> list[str]:
        """The visible breadcrumb trail's labels."""
        return [
            " ".join(item.text_content().split())
            for item in self.doc.xpath('//nav[@class="breadcrumbs"]/ol/li')
        ]


def get_page(client: Client, url: str) -> Page:
    response = client.get(url)
    html = response.content.decode()
    return Page(response.status_code, html, lxml.html.fromstring(html))
