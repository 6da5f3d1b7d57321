"""Every feed the site serves is valid, as a feed validator and a feed reader see it.

The feeds are found in the URL configuration (every route served by a syndication `Feed`), in
every language, for the whole site and per country, over real data: the US State Department's
advisory feed (two snapshots a week apart), Canada's and the UK's samples, articles written by
editors and articles read from RSS and Atom feeds.

Atom feeds are checked against the RELAX NG schema of RFC 4287 (Appendix B, in schemas/) and
its Schematron rules (feed or entry authors, an alternate link or content), and read with
feedparser, which must have nothing to complain about. Every entry id (and RSS guid) is a tag:
URI (RFC 4151): an address-like id ("chancery-article-7") is resolved by readers against each
feed's address and so differs between feeds, and a database key changes when the database is
rebuilt; readers then show one article several times.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import feedparser
import pytest
from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation
from lxml import etree

from chancery.advisories.models import Advisory
from chancery.advisories.services import advisories_import
from chancery.advisories.tests.helpers import (
    CA_SAMPLE,
    READ_1007,
    READ_1014,
    READ_CA,
    UK_ALBANIA,
    UK_TURKEY,
    US_1007,
    US_1014,
)
from chancery.core.taguri import TAG_URI
from chancery.news.models import Article
from chancery.news.services import news_import
from chancery.news.tests.helpers import NOTES, WIRE, make_article

pytestmark = pytest.mark.django_db

SCHEMA = Path(__file__).resolve().parent / "schemas" / "atom.rng"
NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "s": "http://www.ascc.net/xml/schematron",
}
SITE = "https://chancery.example"
TAGGED = "tag:chancery.example,2026:"
#: Countries whose feeds are read in every language: the advisories with the issuers' relative
#: links (France, Sierra Leone, Türkiye), the articles' countries, a level-4 country, and one
#: with nothing to show (no government here advises on travel to itself).
EVERY_LANGUAGE = ("france", "sierra-leone", "turkiye", "kenya", "brazil", "russia", "united-states")


@cache
def schema() -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(SCHEMA)))


@cache
def schematron_rules() -> list[tuple[str, str, str]]:
    """(context, test, message) of each Schematron assertion the schema carries."""
    rules = etree.parse(str(SCHEMA)).iterfind(".//s:rule", NS)
    return [
        (rule.get("context"), check.get("test"), " ".join(check.text.split()))
        for rule in rules
        for check in rule.iterfind("s:assert", NS)
    ]


@dataclass(frozen=True)
class Route:
    name: str  # "news:atom"
    by_country: bool


def feed_routes() -> list[Route]:
    """Every URL pattern that a syndication feed answers, with its namespaced name."""

    def walk(patterns: list, namespace: str) -> Iterator[Route]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and isinstance(pattern.callback, Feed):
                yield Route(
                    f"{namespace}{pattern.name}", "country" in pattern.pattern.regex.groupindex
                )

    return list(walk(get_resolver().url_patterns, ""))


def feed_urls(countries: list[str]) -> list[str]:
    """Each feed in each language: the whole site's and those of `countries` (slugs); those of
    every country with something to show, in English."""
    urls = []
    for language, _ in settings.LANGUAGES:
        with translation.override(language):
            for route in feed_routes():
                if not route.by_country:
                    urls.append(reverse(route.name))
                    continue
                chosen = countries if language == settings.LANGUAGE_CODE else EVERY_LANGUAGE
                urls += [reverse(route.name, args=[slug]) for slug in chosen]
    return urls


def atom_problems(document: bytes) -> list[str]:
    """What the schema of RFC 4287 and its Schematron rules find wrong in an Atom document."""
    root = etree.fromstring(document)
    problems = []
    if not schema().validate(root):
        problems += [f"line {e.line}: {e.message}" for e in schema().error_log]
    for context, test, message in schematron_rules():
        for element in root.xpath(f"descendant-or-self::{context}", namespaces=NS):
            if not element.xpath(f"boolean({test})", namespaces=NS):
                problems.append(f"{element.findtext('atom:id', namespaces=NS)}: {message}")
    return problems


def rss_problems(document: bytes) -> list[str]:
    """An RSS item's guid must be there, a tag: URI, and not said to be a permalink."""
    problems = []
    for item in etree.fromstring(document).iterfind("channel/item"):
        guid = item.find("guid")
        if guid is None:
            problems.append(f"{item.findtext('title')}: no guid")
        elif guid.get("isPermaLink") != "false" or not TAG_URI.fullmatch(guid.text or ""):
            problems.append(f"{item.findtext('title')}: guid {etree.tostring(guid)!r}")
    return problems


def fetch(client: Client, url: str) -> HttpResponse:
    response = client.get(url)
    assert response.status_code == 200, url
    return response


def as_read(response: HttpResponse, url: str) -> feedparser.FeedParserDict:
    """The feed as a reader reads it: with its media type, and from its address, against which
    relative ids are resolved."""
    return feedparser.parse(
        response.content,
        response_headers={
            "content-type": response["Content-Type"],
            "content-location": f"http://testserver{url}",
        },
    )


def reader_problems(parsed: feedparser.FeedParserDict) -> list[str]:
    """What feedparser, as readers use it, finds wrong; and ids that are not tag: URIs as read
    (a reader resolves any other id against the feed's address)."""
    problems = [f"feedparser: {parsed.get('bozo_exception')}"] if parsed.bozo else []
    if parsed.version not in ("atom10", "rss20"):
        problems.append(f"feedparser reads it as {parsed.version!r}")
    ids = [entry.get("id", "") for entry in parsed.entries]
    problems += [f"id {id_!r} is not a tag: URI" for id_ in ids if not TAG_URI.fullmatch(id_)]
    if len(ids) != len(set(ids)):
        problems.append("two entries have the same id")
    return problems


def ids_by_title(client: Client, url: str) -> dict[str, str]:
    return {entry.title: entry.id for entry in as_read(fetch(client, url), url).entries}


@pytest.fixture
def site(settings) -> None:
    """A public address for the site, and real advisories and news in its feeds."""
    settings.CHANCERY_SITE_URL = SITE
    advisories_import("us", str(US_1007), now=READ_1007)
    advisories_import("us", str(US_1014), now=READ_1014)
    advisories_import("ca", str(CA_SAMPLE), now=READ_CA)
    advisories_import("uk", str(UK_ALBANIA), now=READ_1014)
    advisories_import("uk", str(UK_TURKEY), now=READ_1014)
    news_import(str(WIRE))
    news_import(str(NOTES))
    published = dt.datetime(2026, 11, 20, 9, 30, tzinfo=dt.UTC)
    make_article(
        "Kenya & France: a <visa> deal",
        body="Nairobi and Paris **agreed**. See [the text](https://example.org/visa?a=1&b=2).",
        countries=("KE", "FR"),
        published_at=published,
        author="A. Correspondent",
    )
    make_article("Brazil reopens", countries=("BR",), published_at=published)


def countries_with_something() -> list[str]:
    """The slugs of every country with an advisory or an article, and of EVERY_LANGUAGE."""
    with_advisories = Advisory.objects.values_list("destination__slug", flat=True)
    with_news = Article.objects.visible().values_list("countries__slug", flat=True)
    return sorted({*with_advisories, *filter(None, with_news), *EVERY_LANGUAGE})


@pytest.mark.usefixtures("site")
def test_every_feed_is_valid_to_the_schema_and_to_readers(client: Client) -> None:
    assert {r.name for r in feed_routes()} == {
        "news:rss",
        "news:atom",
        "news:country-rss",
        "news:country-atom",
        "advisories:feed",
        "advisories:country-feed",
    }
    countries = countries_with_something()
    assert len(countries) > 200  # the US feed alone covers some 200 places
    urls = feed_urls(countries)
    problems: dict[str, list[str]] = {}
    for url in urls:
        response = fetch(client, url)
        found = reader_problems(as_read(response, url))
        checks = atom_problems if url.endswith(".atom") else rss_problems
        found += checks(response.content)
        if found:
            problems[url] = found
    assert problems == {}
    assert len(urls) == len(settings.LANGUAGES) * (3 + 3 * len(EVERY_LANGUAGE)) + 3 * (
        len(countries) - len(EVERY_LANGUAGE)
    )


@pytest.mark.usefixtures("site")
def test_feeds_carry_entries_and_a_feed_author(client: Client) -> None:
    """The check above is not vacuous: the feeds have entries, and each Atom feed an author."""
    for url, at_least in [
        ("/news/feed.atom", 5),
        ("/fr/news/kenya/feed.atom", 1),
        ("/advisories/changes.atom", 50),
        ("/ar/advisories/france/changes.atom", 2),
    ]:
        parsed = as_read(fetch(client, url), url)
        assert len(parsed.entries) >= at_least, url
        assert parsed.feed.author_detail.name == "Chancery", url
        assert parsed.feed.author_detail.href == SITE, url
    url = "/advisories/sierra-leone/changes.atom"
    advisory = as_read(fetch(client, url), url).entries[0]
    assert advisory.author == "United States Department of State"


@pytest.mark.usefixtures("site")
def test_an_article_has_one_id_in_every_feed(client: Client) -> None:
    """The news feed, a country's feed and another language's feed, in Atom and RSS."""
    feeds = [
        f"{prefix}/news/{country}feed.{kind}"
        for prefix in ("", "/fr", "/ar")
        for country in ("", "kenya/", "france/")
        for kind in ("atom", "rss")
    ]
    seen: dict[str, set[str]] = {}
    for url in feeds:
        for title, id_ in ids_by_title(client, url).items():
            seen.setdefault(title, set()).add(id_)
    article = Article.objects.get(title="Kenya & France: a <visa> deal")
    assert seen[article.title] == {f"{TAGGED}news/2026-11-20/{article.slug}"}
    assert all(len(ids) == 1 for ids in seen.values()), seen


@pytest.mark.usefixtures("site")
def test_ids_come_from_what_names_the_thing_outside_the_database(client: Client) -> None:
    news = ids_by_title(client, "/news/feed.atom")
    # An Atom entry's own id, when the source feed gives one that is a URI.
    notes = Article.objects.get(guid="tag:notes.example.net,2025:brazil-evisa")
    assert news[notes.title] == f"{TAGGED}news/tag:notes.example.net,2025:brazil-evisa"
    # An RSS item whose guid is only the feed's own key ("embassy-wire-0001"): its link.
    wire = Article.objects.get(guid="embassy-wire-0001")
    assert news[wire.title] == f"{TAGGED}news/{wire.source_url}"
    # An advisory version: issuer, destination, the issuer's date, the content's fingerprint.
    # São Tomé went from level 1 (dated 2024-09-25) to level 2 (2025-10-08) between snapshots.
    changes = ids_by_title(client, "/advisories/sao-tome-and-principe/changes.atom")
    old, new = Advisory.objects.get(destination__iso_alpha2="ST").versions.order_by("level")
    assert sorted(changes.values()) == [
        f"{TAGGED}advisory/us/st/2024-09-25/{old.content_hash[:16]}",
        f"{TAGGED}advisory/us/st/2025-10-08/{new.content_hash[:16]}",
    ]


def _all_ids(client: Client) -> set[str]:
    ids: set[str] = set()
    for url in ("/news/feed.atom", "/news/feed.rss"):
        ids |= set(ids_by_title(client, url).values())
    # Per country: the site's feed shows the latest changes by when they were read, and a
    # rebuild reads them in another order.
    for slug in (*EVERY_LANGUAGE, "sao-tome-and-principe", "thailand", "albania", "guadeloupe"):
        ids |= set(ids_by_title(client, f"/advisories/{slug}/changes.atom").values())
    return ids


@pytest.mark.usefixtures("site")
def test_ids_survive_a_rebuild_of_the_database(client: Client) -> None:
    """Everything deleted and read again in another order gets new keys, and the same ids."""
    before = _all_ids(client)
    keys = set(Article.objects.values_list("pk", flat=True))
    Article.objects.all().delete()
    Advisory.objects.all().delete()
    published = dt.datetime(2026, 11, 20, 9, 30, tzinfo=dt.UTC)
    make_article("Brazil reopens", countries=("BR",), published_at=published)
    make_article(
        "Kenya & France: a <visa> deal",
        body="Nairobi and Paris **agreed**. See [the text](https://example.org/visa?a=1&b=2).",
        countries=("KE", "FR"),
        published_at=published,
        author="A. Correspondent",
    )
    news_import(str(NOTES))
    news_import(str(WIRE))
    advisories_import("uk", str(UK_TURKEY), now=READ_1014)
    advisories_import("ca", str(CA_SAMPLE), now=READ_CA)
    advisories_import("uk", str(UK_ALBANIA), now=READ_1014)
    advisories_import("us", str(US_1007), now=READ_1007)
    advisories_import("us", str(US_1014), now=READ_1014)
    assert not keys & set(Article.objects.values_list("pk", flat=True))
    assert _all_ids(client) == before
    assert len(before) > 20


def test_the_schema_finds_what_readers_refuse() -> None:
    """The schema check itself: a feed without an id, and one whose entry has no author while
    the feed has none, are refused; the RFC's own example is not."""
    example = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Example Feed</title>
  <link href="http://example.org/"/>
  <updated>2003-12-13T18:30:02Z</updated>
  <author><name>John Doe</name></author>
  <id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>
  <entry>
    <title>Atom-Powered Robots Run Amok</title>
    <link href="http://example.org/2003/12/13/atom03"/>
    <id>urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a</id>
    <updated>2003-12-13T18:30:02Z</updated>
    <summary>Some text.</summary>
  </entry>
</feed>"""
    assert atom_problems(example) == []
    without_id = example.replace(b"<id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>", b"")
    assert atom_problems(without_id)
    without_author = example.replace(b"<author><name>John Doe</name></author>", b"")
    assert atom_problems(without_author) == [
        "urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6: An atom:feed must have an atom:author "
        "unless all of its atom:entry children have an atom:author.",
        "urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a: An atom:entry must have an atom:author "
        "if its feed does not.",
    ]
    assert atom_problems(example.replace(b"2003-12-13T18:30:02Z", b"13 Dec 2003"))
