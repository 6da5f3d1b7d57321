"""`news_feeds_default`: the shipped list of foreign ministries' feeds becomes feed sources,
once."""

from __future__ import annotations

import io
import tomllib
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from chancery.news.management.commands.news_feeds_default import DEFAULT_FEEDS
from chancery.news.models import FeedSource

pytestmark = pytest.mark.django_db


def feeds_default(*args: str) -> str:
    out = io.StringIO()
    call_command("news_feeds_default", *args, stdout=out)
    return out.getvalue()


def shipped() -> list[dict[str, str]]:
    return tomllib.loads(DEFAULT_FEEDS.read_text(encoding="utf-8"))["feed"]


def test_the_shipped_list_is_a_handful_of_official_https_feeds() -> None:
    feeds = shipped()
    assert 6 <= len(feeds) <= 12
    for feed in feeds:
        assert urlsplit(feed["url"]).scheme == "https"
        assert urlsplit(feed["url"]).hostname
        assert " " not in feed["url"]
        assert feed["licence"] and feed["licence_url"].startswith("https://")
    assert {feed["country"] for feed in feeds} >= {"GB", "US", "CA", "AU"}


def test_running_twice_creates_each_feed_once() -> None:
    feeds = shipped()
    first = feeds_default()
    assert f"{len(feeds)} feed source(s) added, 0 already present." in first
    assert FeedSource.objects.count() == len(feeds)
    assert set(FeedSource.objects.values_list("url", flat=True)) == {f["url"] for f in feeds}
    assert all(FeedSource.objects.values_list("enabled", flat=True))  # read by ingest_news --all
    # The licence is not stored on FeedSource; the command shows it.
    assert "licence: Open Government Licence v3.0" in first

    second = feeds_default()
    assert f"0 feed source(s) added, {len(feeds)} already present." in second
    assert FeedSource.objects.count() == len(feeds)


def test_a_feed_already_present_is_left_as_the_editor_set_it() -> None:
    url = shipped()[0]["url"]
    FeedSource.objects.create(name="FCDO (switched off)", url=url, enabled=False)
    out = feeds_default()
    assert "already present: " in out
    kept = FeedSource.objects.get(url=url)
    assert (kept.name, kept.enabled) == ("FCDO (switched off)", False)


def test_a_bad_entry_names_the_file_the_feed_and_the_field(tmp_path: Path) -> None:
    bad = tmp_path / "feeds.toml"
    bad.write_text(
        '[[feed]]\nname = "Ministry A"\nurl = "http://a.example/feed"\ncountry = "Germany"\n'
        'language = "de"\nlicence = "CC0 1.0"\n'
        'licence_url = "https://creativecommons.org/publicdomain/zero/1.0/"\n'
        '[[feed]]\nname = "Ministry B"\nurl = "https://b.example/feed"\n',
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as error:
        feeds_default("--file", str(bad))
    message = str(error.value)
    assert f"{bad}: feed 1 (Ministry A): field 'url' is not an https URL" in message
    assert f"{bad}: feed 1 (Ministry A): field 'country' is not an ISO 3166-1 alpha-2" in message
    assert f"{bad}: feed 2 (Ministry B): field 'licence' is missing or empty" in message
    assert FeedSource.objects.count() == 0


def test_a_file_that_is_not_toml_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "feeds.toml"
    bad.write_text("[[feed]\nname = ", encoding="utf-8")
    with pytest.raises(CommandError, match=rf"{bad}: not valid TOML"):
        feeds_default("--file", str(bad))


@pytest.mark.django_db
def test_if_empty_adds_the_feeds_to_a_fresh_install_only() -> None:
    out = io.StringIO()
    call_command("news_feeds_default", if_empty=True, stdout=out)
    added = FeedSource.objects.count()
    assert added >= 6
    FeedSource.objects.filter(pk=FeedSource.objects.first().pk).delete()  # an editor removes one
    out = io.StringIO()
    call_command("news_feeds_default", if_empty=True, stdout=out)
    assert "nothing added" in out.getvalue()
    assert FeedSource.objects.count() == added - 1
