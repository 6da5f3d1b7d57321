"""The news pages: the list, the article page, and the latest news on other pages."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

import pytest

from chancery.news.models import ArticleStatus

from .helpers import ago, make_article

pytestmark = pytest.mark.django_db


def titles(page: str) -> list[str]:
    """The article titles listed on /news/, in order."""
    return re.findall(r'<h2><a href="/news/[^"]+">([^<]+)</a></h2>', page)


class Breadcrumbs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.inside = False
        self.items: list[tuple[str | None, str]] = []
        self._href: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "nav" and ("class", "breadcrumbs") in attrs:
            self.inside = True
        elif self.inside and tag == "li":
            self._href = None
            self.items.append((None, ""))
        elif self.inside and tag == "a":
            self._href = dict(attrs).get("href")

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav":
            self.inside = False

    def handle_data(self, data: str) -> None:
        if self.inside and self.items:
            href, text = self.items[-1]
            self.items[-1] = (self._href or href, text + data)


def breadcrumbs(page: str) -> list[tuple[str | None, str]]:
    parser = Breadcrumbs()
    parser.feed(page)
    return [(href, text.strip()) for href, text in parser.items]


# --- /news/ ---------------------------------------------------------------------------------


def test_news_index_is_newest_first_20_a_page(client) -> None:
    for n in range(25):
        make_article(f"Item {n:02d}", published_at=ago(hours=n + 1))
    first = client.get("/news/").content.decode()
    assert titles(first) == [f"Item {n:02d}" for n in range(20)]
    assert "Page 1 of 2" in first and 'rel="next" href="/news/?page=2"' in first
    second = client.get("/news/?page=2").content.decode()
    assert titles(second) == [f"Item {n:02d}" for n in range(20, 25)]
    assert 'rel="prev" href="/news/"' in second
    assert titles(client.get("/news/?page=99").content.decode()) == titles(second)
    assert titles(client.get("/news/?page=abc").content.decode()) == titles(first)


def test_news_index_ties_on_date_are_stable(client) -> None:
    when = ago(hours=1)
    make_article("Older pk", published_at=when)
    make_article("Newer pk", published_at=when)
    assert titles(client.get("/news/").content.decode()) == ["Newer pk", "Older pk"]


def test_news_index_shows_date_source_and_tags(client) -> None:
    make_article(
        "Kenya and France",
        published_at=dt.datetime(2025, 3, 4, 12, tzinfo=dt.UTC),
        countries=("KE", "FR"),
        source_name="Embassy Wire",
    )
    page = client.get("/news/").content.decode()
    assert "Published on 4 Mar 2025 · Embassy Wire" in page
    assert '<a href="/in/kenya/">Kenya</a>' in page
    assert '<a href="/in/france/">France</a>' in page


def test_news_index_filters_by_country(client) -> None:
    make_article("About Kenya", countries=("KE",), published_at=ago(hours=1))
    make_article("About France", countries=("FR",), published_at=ago(hours=2))
    make_article("About both", countries=("FR", "KE"), published_at=ago(hours=3))
    for code in ("kenya", "KE", "KEN", "Kenya"):
        page = client.get(f"/news/?country={code}").content.decode()
        assert titles(page) == ["About Kenya", "About both"], code
        assert "News about Kenya" in page
    assert titles(client.get("/news/?country=").content.decode()) == [
        "About Kenya",
        "About France",
        "About both",
    ]


def test_news_index_country_filter_keeps_the_country_across_pages(client) -> None:
    for n in range(22):
        make_article(f"Kenya {n:02d}", countries=("KE",), published_at=ago(hours=n + 1))
    page = client.get("/news/?country=kenya").content.decode()
    assert 'href="/news/?page=2&amp;country=kenya"' in page
    assert titles(client.get("/news/?country=kenya&page=2").content.decode()) == [
        "Kenya 20",
        "Kenya 21",
    ]


def test_news_index_unknown_country_is_404(client) -> None:
    assert client.get("/news/?country=atlantis").status_code == 404


def test_news_index_for_a_country_without_news(client) -> None:
    page = client.get("/news/?country=kenya")
    assert page.status_code == 200
    assert "No news about Kenya yet." in page.content.decode()


def test_news_index_links_to_feeds(client) -> None:
    page = client.get("/news/").content.decode()
    assert 'type="application/rss+xml"' in page and 'href="/news/feed.rss"' in page
    assert 'href="/news/feed.atom"' in page
    country_page = client.get("/news/?country=kenya").content.decode()
    assert 'href="/news/kenya/feed.rss"' in country_page


def test_news_index_is_get_only(client) -> None:
    assert client.post("/news/").status_code == 405


# --- The article page -------------------------------------------------------------------------


@pytest.fixture
def article():
    return make_article(
        "Obama to visit Russia",
        body="The **Kremlin** said so.",
        summary="A visit is planned.",
        published_at=dt.datetime(2012, 11, 13, 15, 30, tzinfo=dt.UTC),
        countries=("RU", "US"),
        author="A. Correspondent",
        source_name="Embassy Wire",
        source_url="https://wire.example.org/obama-russia",
    )


def test_article_url_has_the_date_and_slug(article) -> None:
    assert article.get_absolute_url() == "/news/2012/11/13/obama-to-visit-russia/"


def test_article_page_breadcrumbs(client, article) -> None:
    page = client.get(article.get_absolute_url()).content.decode()
    assert breadcrumbs(page) == [
        ("/", "Home"),
        ("/news/", "News"),
        (None, "Obama to visit Russia"),
    ]


def test_article_page_shows_the_date_body_and_source(client, article) -> None:
    page = client.get(article.get_absolute_url()).content.decode()
    assert "<h1>Obama to visit Russia</h1>" in page
    assert re.search(r"Published on <time[^>]*>13/11/2012</time>", page)
    assert 'datetime="2012-11-13T15:30:00+00:00"' in page
    assert "<strong>Kremlin</strong>" in page
    assert '<p class="lead">A visit is planned.</p>' in page
    assert '<a href="https://wire.example.org/obama-russia" rel="noopener">Embassy Wire</a>' in page
    assert "A. Correspondent" in page
    assert "<title>Obama to visit Russia" in page


def test_article_page_links_tagged_countries_to_their_hubs(client, article) -> None:
    page = client.get(article.get_absolute_url()).content.decode()
    tags = re.search(r'<p class="tags">(.*?)</p>', page, re.S)
    assert tags is not None
    assert re.findall(r'<a href="([^"]+)">([^<]+)</a>', tags.group(1)) == [
        ("/in/russia/", "Russia"),
        ("/in/united-states/", "United States"),
    ]
    for href in ("/in/russia/", "/in/united-states/"):
        assert client.get(href).status_code == 200


def test_article_page_lists_related_articles_sharing_a_country(client, article) -> None:
    same_russia = make_article("Moscow news", countries=("RU",), published_at=ago(days=1))
    same_us = make_article("Washington news", countries=("US",), published_at=ago(days=2))
    make_article("Nairobi news", countries=("KE",), published_at=ago(days=1))
    make_article("Russia draft", countries=("RU",), status=ArticleStatus.DRAFT)
    make_article("Untagged news", published_at=ago(days=1))
    page = client.get(article.get_absolute_url()).content.decode()
    related = re.search(r'<section aria-labelledby="related-title">(.*?)</section>', page, re.S)
    assert related is not None
    listed = re.findall(r'<a href="([^"]+)">([^<]+)</a>', related.group(1))
    assert listed == [
        (same_russia.get_absolute_url(), "Moscow news"),
        (same_us.get_absolute_url(), "Washington news"),
    ]


def test_an_untagged_article_has_no_related_section(client) -> None:
    lonely = make_article("Lonely")
    make_article("Other")
    page = client.get(lonely.get_absolute_url()).content.decode()
    assert "related-title" not in page and 'class="tags"' not in page


@pytest.mark.parametrize(
    "url",
    [
        "/news/2012/11/14/obama-to-visit-russia/",  # wrong day
        "/news/2013/11/13/obama-to-visit-russia/",  # wrong year
        "/news/2012/11/3/obama-to-visit-russia/",  # day not zero-padded
        "/news/2012/1/13/obama-to-visit-russia/",
        "/news/2012/13/13/obama-to-visit-russia/",  # no such month
        "/news/2012/11/13/obama-to-visit-russia-2/",  # no such slug
        "/news/2012/11/13/obama-to-visit-russia",  # redirected by APPEND_SLASH, or 404
    ],
)
def test_a_wrong_date_or_slug_is_404(client, article, url: str) -> None:
    response = client.get(url, follow=True)
    if response.redirect_chain:
        assert response.redirect_chain[-1][0] == article.get_absolute_url()
        assert response.status_code == 200
    else:
        assert response.status_code == 404


def test_an_article_url_with_a_wrong_date_is_404(client, article) -> None:
    assert client.get("/news/2012/11/12/obama-to-visit-russia/").status_code == 404


# --- Latest news on the home page and the country hubs ----------------------------------------


def test_home_page_shows_the_latest_five(client) -> None:
    for n in range(7):
        make_article(f"Home item {n}", published_at=ago(hours=n + 1))
    make_article("Home draft", status=ArticleStatus.DRAFT)
    page = client.get("/").content.decode()
    section = re.search(r'<section class="latest-news"(.*?)</section>', page, re.S)
    assert section is not None
    shown = re.findall(r">(Home [^<]+)</a>", section.group(1))
    assert shown == [f"Home item {n}" for n in range(5)]
    assert "Latest news" in section.group(1)
    assert 'href="/news/"' in section.group(1)


def test_home_page_without_news_has_no_news_section(client) -> None:
    assert 'class="latest-news"' not in client.get("/").content.decode()


@pytest.mark.parametrize("hub", ["/in/kenya/", "/from/kenya/"])
def test_country_hubs_show_that_countrys_latest_news(client, hub: str) -> None:
    for n in range(4):
        make_article(f"Kenya item {n}", countries=("KE",), published_at=ago(hours=n + 1))
    make_article("France item", countries=("FR",))
    page = client.get(hub).content.decode()
    section = re.search(r'<section class="latest-news"(.*?)</section>', page, re.S)
    assert section is not None
    shown = re.findall(r">((?:Kenya|France) item[^<]*)</a>", section.group(1))
    assert shown == ["Kenya item 0", "Kenya item 1", "Kenya item 2"]
    assert "News about Kenya" in section.group(1)
    assert 'href="/news/?country=kenya"' in section.group(1)
