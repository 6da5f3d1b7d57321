"""/sitemap.xml and its sections, as a crawler reads them, on the real 2022 missions."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone, translation

from chancery.advisories.models import Advisory, AdvisoryVersion, Level
from chancery.countries.models import Country
from chancery.directory.models import Mission, MissionStatus
from chancery.directory.selectors import host_hub_slugs, pair_slugs, sender_hub_slugs
from chancery.directory.sitemaps import MissionSitemap, PairSitemap
from chancery.news.tests.helpers import make_article
from config.urls import SITEMAPS

pytestmark = pytest.mark.django_db

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
SECTIONS = ("pages", "hosts", "senders", "pairs", "missions", "news", "advisories")
LANGUAGES = [code for code, _ in settings.LANGUAGES]
SITE = settings.CHANCERY_SITE_URL.rstrip("/")
#: The sitemaps protocol's limits: URLs per file, and characters per URL.
MAX_URLS = 50_000
MAX_URL_LENGTH = 2048
CHANGEFREQS = {"always", "hourly", "daily", "weekly", "monthly", "yearly", "never"}
W3C_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z))?")

#: A sender and a host, each with missions, but none of the one in or accredited to the other.
EMPTY_PAIR = ("andorra", "mongolia")


def in_language(code: str, path: str) -> str:
    return path if code == settings.LANGUAGE_CODE else f"/{code}{path}"


def accredited_only_pair() -> tuple[str, str]:
    """A pair whose page lists only missions elsewhere accredited to the host."""
    standing = {
        *Mission.objects.active().values_list("sending_country__slug", "territory__slug"),
        *Mission.objects.active().values_list("sending_country__slug", "host_country__slug"),
    }
    through = Mission.jurisdictions.through.objects.filter(mission__status=MissionStatus.ACTIVE)
    for sender, host in through.values_list("mission__sending_country__slug", "country__slug"):
        if sender != host and (sender, host) not in standing:
            return sender, host
    raise AssertionError("no mission of the snapshot is accredited outside where it stands")


def watched_paths() -> dict[str, str]:
    mission = Mission.objects.active().get(slug="consulate-general-of-france-in-hamburg")
    sender, host = accredited_only_pair()
    return {
        "mission": mission.get_absolute_url(),
        "host": reverse("directory:host", args=["germany"]),
        "territory": reverse("directory:host", args=["hong-kong"]),
        "pair": reverse("directory:pair", args=["france", "germany"]),
        "accredited pair": reverse("directory:pair", args=[sender, host]),
        "exports": reverse("exports:index"),
    }


@dataclass
class Crawl:
    """What a crawler reads from /sitemap.xml down, kept small: every page's shape, every
    <loc>, and the whole entries of the watched pages only."""

    index: ET.Element
    index_locs: list[str]
    #: Address of each sitemap page → its root tag and number of <url>s.
    pages: dict[str, tuple[str, int]] = field(default_factory=dict)
    locs: Counter[str] = field(default_factory=Counter)
    #: Anything in a page that breaks the protocol, with the page.
    problems: list[str] = field(default_factory=list)
    #: Watched page's English address → [(hreflang, href)], and its lastmod.
    alternates: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    lastmods: dict[str, str | None] = field(default_factory=dict)


def _local(address: str) -> str:
    assert address.startswith(f"{SITE}/"), address
    return address[len(SITE) :]


def _check_url(url: ET.Element, page: str, crawl: Crawl, watched: set[str]) -> None:
    loc = url.findtext(f"{NS}loc") or ""
    crawl.locs[loc] += 1
    if not loc.startswith(f"{SITE}/") or len(loc) > MAX_URL_LENGTH:
        crawl.problems.append(f"{page}: bad <loc> {loc!r}")
    lastmod = url.findtext(f"{NS}lastmod")
    if lastmod is not None and not W3C_DATE.fullmatch(lastmod):
        crawl.problems.append(f"{page}: bad <lastmod> {lastmod!r}")
    changefreq = url.findtext(f"{NS}changefreq")
    if changefreq is not None and changefreq not in CHANGEFREQS:
        crawl.problems.append(f"{page}: bad <changefreq> {changefreq!r}")
    for child in url:
        if child.tag not in {f"{NS}{n}" for n in ("loc", "lastmod", "changefreq", "priority")}:
            if child.tag != f"{XHTML}link" or child.get("rel") != "alternate":
                crawl.problems.append(f"{page}: unexpected {child.tag} in <url>")
            elif not (child.get("href") or "").startswith(f"{SITE}/"):
                crawl.problems.append(f"{page}: bad alternate {child.get('href')!r}")
    path = loc[len(SITE) :]
    if path in watched:
        crawl.alternates[path] = [
            (link.get("hreflang") or "", link.get("href") or "")
            for link in url.findall(f"{XHTML}link")
        ]
        crawl.lastmods[path] = lastmod


@pytest.fixture(scope="module")
def watched(django_db_setup: None, django_db_blocker) -> dict[str, str]:
    with django_db_blocker.unblock():
        return watched_paths()


def _pages_holding(position: int, limit: int) -> set[int]:
    """The sitemap pages that hold an item's addresses: the item at `position` of its
    section comes once in every language, one after the other."""
    first = position * len(LANGUAGES)
    return {1 + first // limit, 1 + (first + len(LANGUAGES) - 1) // limit}


def pages_to_read(watched: dict[str, str]) -> set[str]:
    """The sitemap pages a crawl reads: the first page of every section, and the pages that
    hold the watched mission and pairs. Reading all ~35 pages (160,000 addresses) would check
    the same code many times over; the count of every address is checked on the paginators."""
    pages = {f"{SITE}/sitemap-{section}.xml" for section in SECTIONS}
    slugs = list(MissionSitemap().items().values_list("slug", flat=True))
    mission_slug = watched["mission"].strip("/").split("/")[-1]
    for page in _pages_holding(slugs.index(mission_slug), MissionSitemap.limit):
        pages.add(f"{SITE}/sitemap-missions.xml" + (f"?p={page}" if page > 1 else ""))
    pairs = PairSitemap().items()
    for name in ("pair", "accredited pair"):
        sender, host = watched[name].strip("/").split("/")[1::2]
        for page in _pages_holding(pairs.index((sender, host)), PairSitemap.limit):
            pages.add(f"{SITE}/sitemap-pairs.xml" + (f"?p={page}" if page > 1 else ""))
    return pages


@pytest.fixture(scope="module")
def crawl(django_db_setup: None, django_db_blocker, watched: dict[str, str]) -> Crawl:
    """/sitemap.xml and the pages of it that `pages_to_read` names, read once for the module."""
    client = Client()
    with django_db_blocker.unblock():
        response = client.get("/sitemap.xml")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/xml")
        index = ET.fromstring(response.content)
        index_locs = [e.findtext(f"{NS}loc") or "" for e in index.iter(f"{NS}sitemap")]
        result = Crawl(index, index_locs)
        for address in sorted(pages_to_read(watched)):
            assert address in index_locs, address
            page = client.get(_local(address))
            assert page.status_code == 200, address
            assert page["Content-Type"].startswith("application/xml"), address
            root = ET.fromstring(page.content)
            urls = root.findall(f"{NS}url")
            result.pages[address] = (root.tag, len(urls))
            if len(list(root)) != len(urls):
                result.problems.append(f"{address}: elements other than <url> in <urlset>")
            for url in urls:
                _check_url(url, address, result, set(watched.values()))
    return result


def test_the_index_lists_every_section_on_the_public_address(crawl: Crawl) -> None:
    assert crawl.index.tag == f"{NS}sitemapindex"
    assert len(crawl.index_locs) == len(set(crawl.index_locs))
    for section in SECTIONS:
        assert f"{SITE}/sitemap-{section}.xml" in crawl.index_locs, section
    # The big sections come in pages, each listed.
    assert f"{SITE}/sitemap-missions.xml?p=2" in crawl.index_locs
    assert f"{SITE}/sitemap-pairs.xml?p=2" in crawl.index_locs
    # When a section's data has dates, the index gives its latest.
    lastmods = {
        e.findtext(f"{NS}loc"): e.findtext(f"{NS}lastmod") for e in crawl.index.iter(f"{NS}sitemap")
    }
    assert lastmods[f"{SITE}/sitemap-missions.xml"]
    assert all(W3C_DATE.fullmatch(value) for value in lastmods.values() if value)


def test_every_sitemap_page_is_a_urlset_within_the_protocol_limits(crawl: Crawl) -> None:
    assert set(crawl.pages) <= set(crawl.index_locs)
    for address, (tag, count) in crawl.pages.items():
        assert tag == f"{NS}urlset", address
        assert count <= min(MAX_URLS, MissionSitemap.limit), address
    assert crawl.problems == []


def test_each_page_is_listed_once_in_every_language(crawl: Crawl) -> None:
    duplicates = [loc for loc, n in crawl.locs.items() if n > 1]
    assert duplicates == []
    active = Mission.objects.active().count()
    translated = (
        5  # home, countries, help, advisories, news (the exports page has one address)
        + len(host_hub_slugs())
        + len(sender_hub_slugs())
        + len(pair_slugs())
        + active
    )
    listed = sum(sitemap().paginator.count for sitemap in SITEMAPS.values())
    assert listed == translated * len(LANGUAGES) + 1
    # The index lists as many pages of each section as its paginator has.
    for section, sitemap in SITEMAPS.items():
        pages = [loc for loc in crawl.index_locs if loc.startswith(f"{SITE}/sitemap-{section}.")]
        assert len(pages) == max(1, sitemap().paginator.num_pages), section


@pytest.mark.parametrize("name", ["mission", "host", "territory", "pair", "accredited pair"])
def test_a_page_is_in_all_six_languages_with_hreflang_alternates(
    crawl: Crawl, watched: dict[str, str], name: str
) -> None:
    path = watched[name]
    for code in LANGUAGES:
        assert crawl.locs[f"{SITE}{in_language(code, path)}"] == 1, (name, code)
    assert crawl.alternates[path] == [
        *((code, f"{SITE}{in_language(code, path)}") for code in LANGUAGES),
        ("x-default", f"{SITE}{path}"),
    ]


def test_a_mission_page_has_its_last_change(crawl: Crawl, watched: dict[str, str]) -> None:
    mission = Mission.objects.get(slug="consulate-general-of-france-in-hamburg")
    assert crawl.lastmods[watched["mission"]] == mission.updated_at.date().isoformat()


def test_the_exports_page_has_one_address(crawl: Crawl, watched: dict[str, str]) -> None:
    path = watched["exports"]
    assert crawl.locs[f"{SITE}{path}"] == 1
    assert not any(f"{SITE}/{code}{path}" in crawl.locs for code in LANGUAGES)
    assert crawl.alternates[path] == [("en", f"{SITE}{path}"), ("x-default", f"{SITE}{path}")]


def test_a_pair_with_nothing_to_say_is_left_out(crawl: Crawl) -> None:
    sender, host = EMPTY_PAIR
    missions = Mission.objects.active().filter(sending_country__slug=sender)
    assert missions.exists()  # a sender with missions, a host with missions of others …
    assert Mission.objects.active().filter(host_country__slug=host).exists()
    # … but none of the one standing in the other or accredited to it.
    assert not missions.filter(host_country__slug=host).exists()
    assert not missions.filter(territory__slug=host).exists()
    assert not missions.filter(jurisdictions__slug=host).exists()
    path = reverse("directory:pair", args=[sender, host])
    assert Client().get(path).status_code == 200  # the page exists, it just says "none"
    assert f"{SITE}{path}" not in crawl.locs
    # Both hubs are there.
    assert f"{SITE}{reverse('directory:sender', args=[sender])}" in crawl.locs
    assert f"{SITE}{reverse('directory:host', args=[host])}" in crawl.locs


def test_every_listed_directory_page_exists(crawl: Crawl) -> None:
    """A sample across the sections: each address answers 200 in its language."""
    client = Client()
    sample = sorted(crawl.locs)[:: max(1, len(crawl.locs) // 25)]
    for loc in sample:
        assert client.get(loc[len(SITE) :]).status_code == 200, loc


def test_withdrawn_and_closed_missions_are_left_out() -> None:
    slugs = list(Mission.objects.active().order_by("slug").values_list("slug", flat=True))
    withdrawn, closed, neighbour = slugs[100], slugs[101], slugs[102]
    Mission.objects.filter(slug=withdrawn).update(status=MissionStatus.WITHDRAWN)
    Mission.objects.filter(slug=closed).update(status=MissionStatus.CLOSED)
    # Missions come in the order of their slugs, each in every language: the first page
    # holds the first 800 or so.
    content = Client().get("/sitemap-missions.xml").content.decode()
    assert f"/missions/{neighbour}/" in content
    assert f"/missions/{withdrawn}/" not in content
    assert f"/missions/{closed}/" not in content


def test_a_pair_held_only_by_a_withdrawn_mission_is_left_out() -> None:
    mission = Mission.objects.active().get(slug="consulate-general-of-france-in-hamburg")
    sender, host = "france", "germany"
    assert (sender, host) in pair_slugs()
    others = Mission.objects.active().filter(sending_country__slug=sender)
    others.filter(host_country__slug=host).exclude(pk=mission.pk).update(
        status=MissionStatus.CLOSED
    )
    assert (sender, host) in pair_slugs()  # the one left is enough
    Mission.objects.filter(pk=mission.pk).update(status=MissionStatus.WITHDRAWN)
    assert not others.filter(jurisdictions__slug=host).exists()
    assert (sender, host) not in pair_slugs()
    # On the page of the pair just before it (pairs come sorted, each in every language):
    # that one is there, this one is not.
    pairs = pair_slugs()
    before = max(pair for pair in pairs if pair < (sender, host))
    page = 1 + pairs.index(before) * len(LANGUAGES) // PairSitemap.limit
    content = Client().get(f"/sitemap-pairs.xml?p={page}").content.decode()
    assert reverse("directory:pair", args=before) + "<" in content
    assert reverse("directory:pair", args=[sender, host]) + "<" not in content


@pytest.mark.parametrize(
    ("sitemap", "item", "name"),
    [
        (MissionSitemap, {"slug": "consulate-general-of-france-in-hamburg"}, "directory:mission"),
        (PairSitemap, ("france", "hong-kong"), "directory:pair"),
    ],
)
def test_addresses_are_those_reverse_gives(sitemap, item, name: str) -> None:
    """Paths are filled in from one reversed pattern per language: the same as `reverse`."""
    made = sitemap()
    arguments = [item["slug"]] if isinstance(item, dict) else list(item)
    for code in LANGUAGES:
        with translation.override(code):
            assert made.location(item) == reverse(name, args=arguments)


def test_news_and_advisories_sections_list_their_pages_with_dates() -> None:
    article = make_article("Consulates reopen in the north", countries=("KE",))
    advisory = _advisory("kenya", issuer="united-states")
    client = Client()
    news = ET.fromstring(client.get("/sitemap-news.xml").content)
    urls = {u.findtext(f"{NS}loc"): u for u in news.iter(f"{NS}url")}
    path = article.get_absolute_url()
    assert set(urls) == {f"{SITE}{in_language(code, path)}" for code in LANGUAGES}
    assert urls[f"{SITE}{path}"].findtext(f"{NS}lastmod") == article.updated_at.date().isoformat()
    advisories = ET.fromstring(client.get("/sitemap-advisories.xml").content)
    urls = {u.findtext(f"{NS}loc"): u for u in advisories.iter(f"{NS}url")}
    path = reverse("advisories:country", args=["kenya"])
    assert set(urls) == {f"{SITE}{in_language(code, path)}" for code in LANGUAGES}
    assert advisory.current is not None
    assert urls[f"{SITE}{path}"].findtext(f"{NS}lastmod") == (
        advisory.current.created_at.date().isoformat()
    )
    assert client.get(path).status_code == 200


def _advisory(destination: str, issuer: str) -> Advisory:
    now = timezone.now()
    advisory = Advisory.objects.create(
        destination=Country.objects.get(slug=destination),
        issuer=Country.objects.get(slug=issuer),
        source="us-state",
        last_seen_at=now,
    )
    advisory.current = AdvisoryVersion.objects.create(
        advisory=advisory,
        level=Level.RECONSIDER,
        level_text="Level 3: Reconsider Travel",
        title="Kenya - Level 3: Reconsider Travel",
        source_url="https://travel.state.gov/",
        fetched_at=now - dt.timedelta(hours=1),
        feed="test",
        content_hash="test",
    )
    advisory.save(update_fields=["current"])
    return advisory


@override_settings(CHANCERY_SITE_URL="https://chancery.example/")
def test_addresses_follow_the_public_address_not_the_request_host() -> None:
    client = Client(HTTP_HOST="localhost")
    index = client.get("/sitemap.xml").content.decode()
    assert "https://chancery.example/sitemap-hosts.xml<" in index
    assert "localhost" not in index and "testserver" not in index
    hosts = client.get("/sitemap-hosts.xml").content.decode()
    assert "<loc>https://chancery.example/in/germany/</loc>" in hosts
    assert 'href="https://chancery.example/fr/in/germany/"' in hosts
    assert "localhost" not in hosts


@override_settings(CHANCERY_PAGE_CACHE_SECONDS=60)
def test_sitemaps_are_kept_in_the_page_cache() -> None:
    from django.core.cache import cache

    cache.clear()
    client = Client()
    for path in ("/sitemap.xml", "/sitemap-hosts.xml", "/sitemap-hosts.xml?p=1"):
        first, second = client.get(path), client.get(path)
        assert (first["X-Cache"], second["X-Cache"]) == ("MISS", "HIT"), path
        assert first.content == second.content
    for path in ("/sitemap-hosts.xml?p=99", "/sitemap-hosts.xml?p=x", "/sitemap-nothing.xml"):
        assert client.get(path).status_code == 404, path
        assert "X-Cache" not in client.get(path), path


def test_sitemaps_answer_only_reads() -> None:
    client = Client()
    assert client.head("/sitemap-pages.xml").status_code == 200
    assert client.post("/sitemap.xml").status_code == 405
    assert client.post("/sitemap-pages.xml").status_code == 405


def test_the_news_sitemap_for_google_news_stays() -> None:
    assert Client().get("/news/sitemap.xml").status_code == 200
