"""News out: RSS 2.0 and Atom feeds, and the two sitemaps."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import feedparser
import pytest

from chancery.news.models import ArticleStatus

from .helpers import ago, ahead, make_article

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


@pytest.fixture
def articles():
    return {
        "kenya": make_article(
            "Kenya & the visa deal",
            body="Nairobi **agreed**.",
            countries=("KE",),
            published_at=ago(hours=1),
            author="A. Correspondent",
        ),
        "france": make_article(
            "France reopens", countries=("FR",), published_at=ago(hours=5), source_name="Wire"
        ),
        "both": make_article("Kenya and France", countries=("KE", "FR"), published_at=ago(days=3)),
        "draft": make_article("Draft item", countries=("KE",), status=ArticleStatus.DRAFT),
        "withdrawn": make_article(
            "Withdrawn item", countries=("KE",), status=ArticleStatus.WITHDRAWN
        ),
        "scheduled": make_article(
            "Scheduled item",
            countries=("KE",),
            status=ArticleStatus.SCHEDULED,
            published_at=ahead(hours=2),
        ),
    }


def parse(client, url: str) -> feedparser.FeedParserDict:
    response = client.get(url)
    assert response.status_code == 200, url
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


def test_rss_is_valid_rss2_with_visible_articles_newest_first(client, articles, settings) -> None:
    settings.CHANCERY_SITE_URL = "https://chancery.example:8443"
    response = client.get("/news/feed.rss")
    assert response["Content-Type"].startswith("application/rss+xml")
    parsed = parse(client, "/news/feed.rss")
    assert parsed.version == "rss20"
    assert parsed.feed.title == "Chancery news"
    assert [e.title for e in parsed.entries] == [
        "Kenya & the visa deal",
        "France reopens",
        "Kenya and France",
    ]
    kenya = parsed.entries[0]
    assert kenya.link == f"http://testserver{articles['kenya'].get_absolute_url()}"
    assert "<strong>agreed</strong>" in kenya.summary
    assert [t.term for t in kenya.tags] == ["Kenya"]
    day = articles["kenya"].published_at.astimezone(dt.UTC).date().isoformat()
    assert kenya.id == f"tag:chancery.example,2026:news/{day}/{articles['kenya'].slug}"
    assert kenya.published_parsed is not None
    published = dt.datetime(*kenya.published_parsed[:6], tzinfo=dt.UTC)
    assert abs(published - articles["kenya"].published_at) < dt.timedelta(seconds=1)


def test_atom_is_valid_atom_with_visible_articles(client, articles) -> None:
    response = client.get("/news/feed.atom")
    assert response["Content-Type"].startswith("application/atom+xml")
    parsed = parse(client, "/news/feed.atom")
    assert parsed.version == "atom10"
    assert [e.title for e in parsed.entries] == [
        "Kenya & the visa deal",
        "France reopens",
        "Kenya and France",
    ]
    assert parsed.entries[0].author == "A. Correspondent"
    assert parsed.entries[1].author == "Wire"  # the source when there is no author
    assert parsed.feed.subtitle.startswith("Diplomatic news from Chancery")


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_country_feeds_have_only_that_countrys_articles(client, articles, kind: str) -> None:
    parsed = parse(client, f"/news/kenya/feed.{kind}")
    assert parsed.feed.title == "Chancery news: Kenya"
    assert [e.title for e in parsed.entries] == ["Kenya & the visa deal", "Kenya and France"]
    france = parse(client, f"/news/france/feed.{kind}")
    assert [e.title for e in france.entries] == ["France reopens", "Kenya and France"]
    assert parse(client, f"/news/japan/feed.{kind}").entries == []


def test_country_feed_link_points_to_the_filtered_list(client, articles) -> None:
    parsed = parse(client, "/news/kenya/feed.rss")
    assert parsed.feed.link == "http://testserver/news/?country=kenya"


def test_country_feed_accepts_an_iso_code(client, articles) -> None:
    response = client.get("/news/KE/feed.rss", follow=True)
    assert response.redirect_chain == [("/news/kenya/feed.rss", 301)]
    assert feedparser.parse(response.content).feed.title == "Chancery news: Kenya"


@pytest.mark.parametrize(
    ("path", "canonical"),
    [
        ("/news/KENYA/feed.rss", "/news/kenya/feed.rss"),
        ("/news/Kenya/feed.atom", "/news/kenya/feed.atom"),
        ("/news/ken/feed.atom", "/news/kenya/feed.atom"),
        ("/fr/news/ke/feed.rss", "/fr/news/kenya/feed.rss"),
    ],
)
def test_other_spellings_of_a_country_lead_to_its_one_feed(client, path, canonical) -> None:
    """One address per feed: readers subscribe once and caches keep one copy, however many
    ways a country can be written."""
    response = client.get(path)
    assert response.status_code == 301
    assert response["Location"] == canonical


def test_unknown_country_feed_is_404(client) -> None:
    assert client.get("/news/atlantis/feed.rss").status_code == 404
    assert client.get("/news/atlantis/feed.atom").status_code == 404


def test_feeds_are_capped_at_30_items(client) -> None:
    for n in range(35):
        make_article(f"Item {n}", published_at=ago(hours=n + 1))
    assert len(parse(client, "/news/feed.rss").entries) == 30


def test_empty_feeds_are_valid(client) -> None:
    assert parse(client, "/news/feed.rss").entries == []
    assert parse(client, "/news/feed.atom").entries == []


# --- Sitemaps ---------------------------------------------------------------------------------


def sitemap(client, url: str) -> ET.Element:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)


def test_news_sitemap_lists_only_the_last_two_days_visible_articles(client, articles) -> None:
    root = sitemap(client, "/news/sitemap.xml")
    urls = {u.findtext(f"{SITEMAP}loc"): u for u in root.iter(f"{SITEMAP}url")}
    assert set(urls) == {
        f"http://testserver{articles['kenya'].get_absolute_url()}",
        f"http://testserver{articles['france'].get_absolute_url()}",
    }
    for name in ("kenya", "france"):
        url = urls[f"http://testserver{articles[name].get_absolute_url()}"]
        news = url.find(f"{NEWS}news")
        assert news is not None
        assert news.findtext(f"{NEWS}publication/{NEWS}name") == "Chancery"
        assert news.findtext(f"{NEWS}publication/{NEWS}language") == "en"
        assert news.findtext(f"{NEWS}title") == articles[name].title  # "&" escaped and read back
        date = dt.datetime.fromisoformat(news.findtext(f"{NEWS}publication_date") or "")
        assert date.tzinfo is not None
        assert abs(date - articles[name].published_at) < dt.timedelta(seconds=1)


def test_news_sitemap_boundary_is_two_days(client) -> None:
    inside = make_article("Inside", published_at=ago(days=2) + dt.timedelta(minutes=5))
    make_article("Outside", published_at=ago(days=2) - dt.timedelta(minutes=5))
    root = sitemap(client, "/news/sitemap.xml")
    assert [u.findtext(f"{SITEMAP}loc") for u in root.iter(f"{SITEMAP}url")] == [
        f"http://testserver{inside.get_absolute_url()}"
    ]


def test_news_sitemap_is_empty_without_recent_news(client) -> None:
    make_article("Old", published_at=ago(days=10))
    assert list(sitemap(client, "/news/sitemap.xml").iter(f"{SITEMAP}url")) == []


def test_article_sitemap_lists_every_visible_article(client, articles) -> None:
    root = sitemap(client, "/news/sitemap-articles.xml")
    locs = {u.findtext(f"{SITEMAP}loc") for u in root.iter(f"{SITEMAP}url")}
    assert locs == {
        f"http://testserver{articles[name].get_absolute_url()}"
        for name in ("kenya", "france", "both")
    }
    assert all(u.findtext(f"{SITEMAP}lastmod") for u in root.iter(f"{SITEMAP}url"))
