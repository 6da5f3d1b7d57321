"""Fragments shared by many pages are cached per data version: an edit shows at once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.test import Client, override_settings
from django.utils import timezone
from django.utils.translation import override

from chancery.advisories.models import Banner
from chancery.core.fragments import cached_fragment, fragment_key
from chancery.countries.models import Country

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_clear_cache")]


@pytest.fixture
def _clear_cache() -> None:
    cache.clear()


@override_settings(CHANCERY_FRAGMENT_CACHE_SECONDS=60)
def test_a_new_banner_shows_on_the_next_request(client: Client) -> None:
    russia = Country.objects.get(slug="russia")
    assert b"Fighting near the border" not in client.get("/in/russia/").content
    assert b"Fighting near the border" not in client.get("/in/russia/").content  # from the cache

    Banner.objects.create(country=russia, headline="Fighting near the border")

    for path in (
        "/in/russia/",
        "/from/germany/in/russia/",
        "/missions/embassy-of-germany-in-russia/",
    ):
        assert b"Fighting near the border" in client.get(path).content, path


@override_settings(CHANCERY_FRAGMENT_CACHE_SECONDS=60)
def test_a_fragment_is_rendered_once_per_data_version() -> None:
    calls: list[int] = []

    def context() -> dict[str, object]:
        calls.append(1)
        return {"banners": []}

    for _ in range(3):
        cached_fragment("test", (1,), "advisories/_banners.html", context)
    assert len(calls) == 1
    Banner.objects.create(
        country=Country.objects.get(slug="russia"),
        headline="Ended",
        starts_at=timezone.now() - dt.timedelta(days=2),
        ends_at=timezone.now() - dt.timedelta(days=1),
    )  # any save bumps the data version
    cached_fragment("test", (1,), "advisories/_banners.html", context)
    assert len(calls) == 2


def test_the_key_holds_the_language_and_the_data_version() -> None:
    with override("fr"):
        french = fragment_key("banners", (7,))
    with override("en"):
        english = fragment_key("banners", (7,))
    assert french != english
    assert french.endswith(":fr:7")


def test_zero_seconds_turns_the_cache_off() -> None:
    calls: list[int] = []

    def context() -> dict[str, object]:
        calls.append(1)
        return {"banners": []}

    for _ in range(2):
        cached_fragment("test", (1,), "advisories/_banners.html", context)
    assert len(calls) == 2


@override_settings(CHANCERY_FRAGMENT_CACHE_SECONDS=60)
def test_a_hub_listing_is_kept_until_the_data_changes(client: Client) -> None:
    from chancery.directory.models import Mission

    first = client.get("/in/russia/").content
    assert client.get("/in/russia/").content == first
    # The same listing in another language is kept apart.
    assert "Allemagne" in client.get("/fr/in/russia/").content.decode()
    assert b"Allemagne" not in client.get("/in/russia/").content

    mission = Mission.objects.get(slug="embassy-of-germany-in-russia")
    mission.name = "Embassy of Germany in Moscow (renamed)"
    mission.save()
    assert b"Embassy of Germany in Moscow (renamed)" in client.get("/in/russia/").content
    assert b"Embassy of Germany in Moscow (renamed)" in client.get("/from/germany/").content
