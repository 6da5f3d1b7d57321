"""The page cache holds a bounded set of pages: the query parameters a view declares, with the
values it recognises. A flood of made-up query strings is answered but stores nothing."""

from __future__ import annotations

import random
import string
from collections.abc import Callable, Iterator

import pytest
from django.core.cache import cache, caches
from django.test import Client, override_settings

from chancery.core.versions import VERSION_KEY, data_version
from chancery.directory.models import Mission
from chancery.news.tests.helpers import make_article

pytestmark = pytest.mark.django_db

LOCMEM = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "page-cache-keys",
        # Far above the flood, so that culling cannot hide how many pages were stored.
        "OPTIONS": {"MAX_ENTRIES": 1_000_000},
    }
}
REDIS_URL = "redis://127.0.0.1:6379/7"
REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "chancery-test",
    }
}
GERMANY_IN_RUSSIA = "/missions/embassy-of-germany-in-russia/"


@pytest.fixture
def page_cache() -> Iterator[None]:
    with override_settings(CHANCERY_PAGE_CACHE_SECONDS=60, CACHES=LOCMEM):
        cache.clear()
        yield
        cache.clear()


def _locmem_page_keys() -> int:
    return sum(":page:" in key for key in caches["default"]._cache)


def _word(rng: random.Random, size: int = 8) -> str:
    return "".join(rng.choices(string.ascii_letters + string.digits, k=size))


def _mixed_case(rng: random.Random, text: str) -> str:
    return "".join(c.upper() if rng.random() < 0.5 else c for c in text)


def _flood(rng: random.Random) -> list[str]:
    """Query strings a robot might send: unknown names on cacheable pages, random values of
    declared parameters (free text, choices, country names, page numbers), the same query
    written in other ways."""
    urls = []
    for _ in range(8):
        word, other = _word(rng), _word(rng, 5)
        urls += [
            f"/?{word}={other}",
            f"/in/russia/?utm_source={word}",
            f"{GERMANY_IN_RUSSIA}?{word}",
            f"/fr/in/russia/?{word}={other}&lang=fr",
            f"/search/?q={word}+embassy",
            f"/help/?nationality=germany&country=russia&city={word}",
            f"/advisories/?level={rng.randint(5, 10**9)}",
            f"/advisories/?sort={word}",
            f"/advisories/?issuer={other}&sort=level",
            f"/advisories/?sort=level{'&' * rng.randint(1, 20)}",
            f"/advisories/?sort=level&level=2&x{word}=1",
            f"/news/?country={_mixed_case(rng, 'france')}",
            f"/news/?country=russia&page={rng.randint(2, 10**9)}",
            f"/news/?page=0{rng.randint(1, 10**6)}",
            f"/news/feed.rss?{word}=1",
        ]
    return urls


def _run_flood(client: Client, seed: int) -> None:
    for url in _flood(random.Random(seed)):
        response = client.get(url)
        assert response.status_code < 500, url


def test_a_flood_of_query_strings_stores_a_bounded_number_of_pages(
    client: Client, page_cache: None
) -> None:
    # 120 requests a round, each a different query string. The only page among them the
    # cache may keep is /news/?country=france, should the random case spell it so.
    for seed in (1, 2):
        _run_flood(client, seed)
        assert _locmem_page_keys() <= 1


def test_a_flood_against_redis_stores_a_bounded_number_of_pages(client: Client) -> None:
    redis = pytest.importorskip("redis")
    server = redis.Redis.from_url(REDIS_URL)
    try:
        server.flushdb()
    except redis.exceptions.ConnectionError as exc:
        pytest.skip(f"Redis is not reachable: {exc}")
    try:
        with override_settings(CHANCERY_PAGE_CACHE_SECONDS=60, CACHES=REDIS):
            for seed in (4, 5):
                _run_flood(client, seed)
                assert len(list(server.scan_iter("chancery-test:*:page:*"))) <= 1
            assert server.exists(f"chancery-test:1:{VERSION_KEY}")
    finally:
        server.flushdb()


@pytest.mark.parametrize(
    "url",
    [
        "/news/?country=france",
        "/news/?country=",  # the filter sent empty
        "/news/?page=1",
        "/advisories/?sort=level",
        "/advisories/?level=2&issuer=us&sort=level",
        "/advisories/?level=&issuer=&sort=name",  # the filter form as a browser sends it
        "/advisories/?issuer=uk",
        "/fr/advisories/?issuer=gb&level=4",
        "/in/russia/",
    ],
)
def test_the_variations_a_page_offers_are_cached(
    client: Client, page_cache: None, url: str
) -> None:
    first = client.get(url)
    assert first.status_code == 200
    assert first["X-Cache"] == "MISS"
    second = client.get(url)
    assert second["X-Cache"] == "HIT"
    assert second.content == first.content


def test_the_same_parameters_in_another_order_share_one_entry(
    client: Client, page_cache: None
) -> None:
    assert client.get("/advisories/?level=3&sort=level&issuer=ca")["X-Cache"] == "MISS"
    assert client.get("/advisories/?sort=level&issuer=ca&level=3")["X-Cache"] == "HIT"
    assert client.get("/advisories/?issuer=ca&level=3&sort=level")["X-Cache"] == "HIT"
    assert _locmem_page_keys() == 1


def test_news_pages_are_cached_up_to_the_last_one(client: Client, page_cache: None) -> None:
    for n in range(25):
        make_article(f"Consular notice number {n}", countries=("FR",))
    assert client.get("/news/?page=2&country=france")["X-Cache"] == "MISS"
    assert client.get("/news/?country=france&page=2")["X-Cache"] == "HIT"
    past_the_end = client.get("/news/?country=france&page=3")
    assert past_the_end.status_code == 200  # the last page again
    assert past_the_end.get("X-Cache") is None
    assert client.get("/news/?country=france&page=3").get("X-Cache") is None


@pytest.mark.parametrize(
    "url",
    [
        "/in/russia/?utm_source=newsletter",
        f"{GERMANY_IN_RUSSIA}?fbclid=abc",
        "/?x=1",
        "/search/?q=german+embassy+moscow",
        "/help/?nationality=germany&country=russia",
        "/news/?country=France",  # a name: found and shown, but names come in endless forms
        "/news/?country=FR",
        "/news/?page=99",
        "/news/?page=01",
        "/advisories/?level=9",
        "/advisories/?sort=level&sort=name",
        "/advisories/?%73ort=level",
        "/advisories/?sort=level&",
        "/news/feed.rss?utm_source=reader",
    ],
)
def test_pages_with_unknown_parameters_or_unrecognised_values_are_not_stored(
    client: Client, page_cache: None, url: str
) -> None:
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.get("X-Cache") is None
    assert _locmem_page_keys() == 0


def _rename(name: str) -> Callable[[], None]:
    def rename() -> None:
        mission = Mission.objects.get(slug="embassy-of-germany-in-russia")
        mission.name = name
        mission.save()

    return rename


def test_a_lost_data_version_does_not_bring_back_old_pages(
    client: Client, page_cache: None
) -> None:
    assert client.get(GERMANY_IN_RUSSIA)["X-Cache"] == "MISS"
    _rename("Embassy of Germany (renamed once)")()
    assert client.get(GERMANY_IN_RUSSIA)["X-Cache"] == "MISS"
    _rename("Embassy of Germany (renamed twice)")()
    # The version is evicted (LRU, a restart of the cache) while old pages are still there.
    cache.delete(VERSION_KEY)
    page = client.get(GERMANY_IN_RUSSIA)
    assert page["X-Cache"] == "MISS"
    assert b"renamed twice" in page.content


def test_each_lost_version_starts_a_new_epoch(page_cache: None) -> None:
    seen = set()
    for _ in range(20):
        cache.delete(VERSION_KEY)
        seen.add(data_version())
    assert len(seen) == 20
    version = data_version()
    _rename("Embassy of Germany (renamed)")()
    assert data_version() == version + 1


@pytest.mark.parametrize(
    "host", ["LOCALHOST", "LocalHost", "localhost.", "localhost:1", "localhost:8081", "127.0.0.1:2"]
)
def test_other_spellings_of_the_host_are_answered_but_never_stored(
    client: Client, page_cache: None, host: str
) -> None:
    """Django accepts any port, case and trailing dot for an allowed host; pages carry the host
    in their absolute links, so a copy per spelling would let a client fill the cache."""
    with override_settings(ALLOWED_HOSTS=["localhost", "127.0.0.1"]):
        for _ in range(2):
            response = client.get("/advisories/", HTTP_HOST=host)
            assert response.status_code == 200
            assert "X-Cache" not in response
        assert _locmem_page_keys() == 0
        client.get("/advisories/", HTTP_HOST="localhost")
        assert client.get("/advisories/", HTTP_HOST="localhost")["X-Cache"] == "HIT"
        assert _locmem_page_keys() == 1


def test_the_scheme_is_part_of_the_key(client: Client, page_cache: None) -> None:
    """Behind a proxy the scheme comes from X-Forwarded-Proto, and absolute links follow it: an
    https page is never served to an http request, nor the other way round."""
    with override_settings(SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https")):
        card = f"{GERMANY_IN_RUSSIA.rstrip('/')}.vcf"
        secure = client.get(card, HTTP_X_FORWARDED_PROTO="https")
        assert secure["X-Cache"] == "MISS"
        unfolded = secure.content.replace(b"\r\n ", b"")  # vCard lines fold at 75 octets
        assert b"https://testserver" in unfolded
        plain = client.get(card)
        assert plain["X-Cache"] == "MISS"
        unfolded = plain.content.replace(b"\r\n ", b"")
        assert b"https://testserver" not in unfolded
        assert b"http://testserver/" in unfolded
        assert client.get(card, HTTP_X_FORWARDED_PROTO="https")["X-Cache"] == "HIT"
