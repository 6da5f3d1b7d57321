"""A feed that cannot be used changes nothing, is recorded as a failed import run and makes the
command exit non-zero; bad items are reported and the rest imported."""

from __future__ import annotations

import datetime as dt
import io
import json
import socket
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from chancery.advisories import services
from chancery.advisories.models import Advisory, AdvisoryVersion
from chancery.advisories.services import advisories_import
from chancery.advisories.sources import us_state
from chancery.advisories.sources.base import FeedError
from chancery.ingest import fetch
from chancery.ingest.fetch import FetchError

from .helpers import (
    CA_SAMPLE,
    FIXTURES,
    UK_ALBANIA,
    UK_INDEX,
    US_1014,
    UsItem,
    advisory_runs,
    current,
    last_run,
    snapshot,
    us_rss,
    write,
)

pytestmark = pytest.mark.django_db

BEFORE = dt.datetime(2025, 10, 7, 22, tzinfo=dt.UTC)


@pytest.fixture
def stored(tmp_path: Path) -> None:
    """Advisories from all three issuers, so that a failed run has something to spoil."""
    feed = us_rss(UsItem("Germany", "GM", 2), UsItem("Russia", "RS", 4), UsItem("Peru", "PE", 1))
    advisories_import("us", write(tmp_path / "us.xml", feed), now=BEFORE)
    advisories_import("uk", str(UK_ALBANIA), now=BEFORE)
    advisories_import("ca", str(CA_SAMPLE), now=dt.datetime(2025, 10, 14, 12, tzinfo=dt.UTC))
    assert Advisory.objects.count() == 3 + 1 + 6


def _empty_dir(path: Path) -> str:
    path.mkdir()
    return str(path)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


#: (id, issuer, location maker (tmp_path, server URL) -> location, words in the error)
Case = tuple[str, str, Callable[[Path, str], str], str]
CASES: list[Case] = [
    ("malformed-xml", "us", lambda t, s: str(FIXTURES / "malformed.xml"), "malformed XML"),
    ("billion-laughs", "us", lambda t, s: str(FIXTURES / "billion-laughs.xml"), "refused"),
    ("external-entity", "us", lambda t, s: str(FIXTURES / "external-entity.xml"), "refused"),
    ("atom", "us", lambda t, s: str(FIXTURES / "atom-instead-of-rss.xml"), "changed format"),
    ("rss-without-items", "us", lambda t, s: str(FIXTURES / "rss-without-items.xml"), "<item>"),
    ("empty-file", "us", lambda t, s: write(t / "empty.xml", b""), "malformed XML"),
    ("json-for-us", "us", lambda t, s: str(CA_SAMPLE), "malformed XML"),
    ("missing-file", "us", lambda t, s: str(t / "no-such-feed.xml"), "no such file"),
    ("http-500", "us", lambda t, s: f"{s}/boom", "500"),
    ("http-404", "us", lambda t, s: f"{s}/gone", "404"),
    ("http-403", "ca", lambda t, s: f"{s}/forbidden", "403"),
    (
        "connection-refused",
        "us",
        lambda t, s: f"http://127.0.0.1:{_free_port()}/feed.xml",
        "could not be fetched",
    ),
    # Items that are all unusable (here: no level anywhere) are a changed format too; the UK
    # source already refuses a feed without a usable item.
    (
        "us-no-usable-item",
        "us",
        lambda t, s: write(
            t / "us.xml",
            us_rss(
                UsItem("Germany", "GM", 2, title="Germany travel advisory", threat_level=""),
                UsItem("Russia", "RS", 4, title="Russia travel advisory", threat_level=""),
            ),
        ),
        "item",
    ),
    (
        "ca-no-usable-item",
        "ca",
        lambda t, s: write(
            t / "ca.json",
            json.dumps(
                {"data": {"FR": {"country-iso": "FR", "advisory-state": 9, "eng": {}}}}
            ).encode(),
        ),
        "item",
    ),
    ("uk-not-json", "uk", lambda t, s: str(FIXTURES / "malformed.xml"), "not JSON"),
    ("uk-index", "uk", lambda t, s: str(UK_INDEX), "travel-advice index"),
    # A directory without any document, or an empty list, is a changed format too (as an RSS
    # without items is).
    ("uk-empty-dir", "uk", lambda t, s: _empty_dir(t / "uk"), "item"),
    ("uk-empty-list", "uk", lambda t, s: write(t / "uk.json", b"[]"), "item"),
    ("ca-not-json", "ca", lambda t, s: str(FIXTURES / "malformed.xml"), "not JSON"),
    (
        "ca-changed-format",
        "ca",
        lambda t, s: write(t / "ca.json", json.dumps({"metadata": {}, "items": []}).encode()),
        "changed format",
    ),
    (
        "ca-list",
        "ca",
        lambda t, s: write(t / "ca.json", json.dumps([{"country-iso": "FR"}]).encode()),
        "changed format",
    ),
]


@pytest.mark.usefixtures("stored")
@pytest.mark.parametrize(
    ("issuer", "make", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_unusable_feed_changes_nothing(
    tmp_path: Path,
    feed_server: str,
    issuer: str,
    make: Callable[[Path, str], str],
    words: str,
) -> None:
    location = make(tmp_path, feed_server)
    before = snapshot()
    runs = advisory_runs().count()

    with pytest.raises(CommandError) as raised:
        call_command("ingest_advisories", issuer=issuer, file=location, stdout=io.StringIO())

    message = str(raised.value)
    assert words in message
    assert "nothing was changed" in message
    assert snapshot() == before
    assert advisory_runs().count() == runs + 1
    run = last_run()
    assert run.ok is False
    assert words in run.error
    assert run.location == location
    assert run.source == issuer
    assert run.finished_at is not None
    assert (run.rows_read, run.created, run.updated) == (0, 0, 0)


@pytest.mark.usefixtures("stored")
def test_the_service_raises_feed_error(tmp_path: Path) -> None:
    before = snapshot()
    with pytest.raises(FeedError, match="malformed XML"):
        advisories_import("us", str(FIXTURES / "malformed.xml"))
    assert snapshot() == before


@pytest.mark.usefixtures("stored")
def test_no_entity_is_ever_expanded() -> None:
    with pytest.raises(FeedError):
        advisories_import("us", str(FIXTURES / "external-entity.xml"))
    with pytest.raises(FeedError):
        advisories_import("us", str(FIXTURES / "billion-laughs.xml"))
    assert not AdvisoryVersion.objects.filter(summary__contains="root:").exists()
    assert not AdvisoryVersion.objects.filter(summary__contains="lollol").exists()
    assert current("DE").level == 2


@pytest.mark.usefixtures("stored")
def test_a_feed_over_the_size_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(services, "MAX_FEED_BYTES", 100)
    feed = us_rss(UsItem("Germany", "GM", 3))
    before = snapshot()
    with pytest.raises(CommandError, match="allowed"):
        call_command("ingest_advisories", issuer="us", file=write(tmp_path / "big.xml", feed))
    assert snapshot() == before
    assert last_run().ok is False


def test_an_unknown_issuer_is_refused() -> None:
    with pytest.raises(CommandError):
        call_command("ingest_advisories", issuer="fr", file=str(CA_SAMPLE))
    with pytest.raises(FeedError, match="unknown issuer"):
        advisories_import("fr", str(CA_SAMPLE))
    assert not Advisory.objects.exists()


def test_import_from_a_url(feed_server: str) -> None:
    url = f"{feed_server}/feed.xml"
    result = advisories_import("us", url, now=BEFORE)
    assert result.run.ok
    assert result.run.location == url
    assert current("RU").level == 4
    assert current("RU").feed == url


def test_the_command_reports_bad_items_and_imports_the_rest(tmp_path: Path) -> None:
    feed = us_rss(
        UsItem("Germany", "GM", 2),
        UsItem("Atlantis", "ZZ", 1),
        UsItem("French Guiana", "A2", 1),
    )
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "ingest_advisories",
        issuer="us",
        file=write(tmp_path / "feed.xml", feed),
        stdout=out,
        stderr=err,
    )
    assert "2 items read: 2 new, 0 changed (none), 0 unchanged, 1 rejected" in out.getvalue()
    assert "rejected: Atlantis - Level 1: Exercise Normal Precautions: unknown Country-Tag" in (
        err.getvalue()
    )
    assert current("DE").level == 2
    assert current("GF").level == 1  # a territory, under the feed's own tag
    run = last_run()
    assert run.ok
    assert len(run.rejections) == 1

    # The same file again: nothing new; a changed file: its change is listed.
    call_command(
        "ingest_advisories",
        issuer="us",
        file=str(tmp_path / "feed.xml"),
        stdout=(out := io.StringIO()),
        stderr=io.StringIO(),
    )
    assert "0 new, 0 changed (none), 2 unchanged" in out.getvalue()
    write(tmp_path / "feed.xml", us_rss(UsItem("Germany", "GM", 3)))
    call_command(
        "ingest_advisories",
        issuer="us",
        file=str(tmp_path / "feed.xml"),
        stdout=(out := io.StringIO()),
        stderr=io.StringIO(),
    )
    assert "1 changed (DE)" in out.getvalue()


@pytest.mark.usefixtures("stored")
def test_the_live_feed_failing_changes_nothing(monkeypatch: pytest.MonkeyPatch, settings) -> None:
    """Without --file and without a configured feed, the issuer's live feed is read; here
    the download answers 503."""

    def unavailable(url: str, sink: object, **kwargs: object) -> None:
        raise FetchError(url, "the server answered 503 Service Unavailable")

    settings.CHANCERY_ADVISORY_FEEDS = {"us": "", "uk": "", "ca": ""}
    monkeypatch.setattr(fetch, "download", unavailable)
    before = snapshot()
    with pytest.raises(CommandError, match="503"):
        call_command("ingest_advisories", issuer="us")
    assert snapshot() == before
    failed = last_run()
    assert (failed.ok, failed.location) == (False, us_state.DEFAULT_URL)
    assert "503" in failed.error


def test_the_configured_feed_and_if_empty(settings) -> None:
    settings.CHANCERY_ADVISORY_FEEDS = {"us": str(US_1014), "uk": "", "ca": ""}
    out = io.StringIO()
    call_command("ingest_advisories", issuer="us", if_empty=True, stdout=out, stderr=io.StringIO())
    assert "211 items read: 212 new" in out.getvalue()
    assert last_run().location == str(US_1014)
    runs = advisory_runs().count()
    versions = AdvisoryVersion.objects.count()

    out = io.StringIO()
    call_command("ingest_advisories", issuer="us", if_empty=True, stdout=out)
    assert "already imported" in out.getvalue()
    assert advisory_runs().count() == runs
    assert AdvisoryVersion.objects.count() == versions
    # Another issuer is still empty: --if-empty imports it.
    out = io.StringIO()
    call_command(
        "ingest_advisories",
        issuer="ca",
        file=str(CA_SAMPLE),
        if_empty=True,
        stdout=out,
        stderr=io.StringIO(),
    )
    assert "6 items read: 6 new" in out.getvalue()


@pytest.mark.usefixtures("stored")
def test_a_crash_in_the_middle_of_a_run_rolls_everything_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One run is one transaction: an error after some writes leaves nothing behind."""
    feed = us_rss(UsItem("Germany", "GM", 3), UsItem("Russia", "RS", 3), UsItem("Chile", "CI", 1))
    calls = []
    real_clean = services.clean_html

    def failing_clean(html: str, **options: str) -> str:
        calls.append(html)
        if len(calls) == 3:  # while the second item is read, after the first was written
            raise RuntimeError("disk on fire")
        return real_clean(html, **options)

    monkeypatch.setattr(services, "clean_html", failing_clean)
    before = snapshot()
    with pytest.raises(RuntimeError):
        advisories_import("us", write(tmp_path / "feed.xml", feed))
    assert snapshot() == before
    assert current("DE").level == 2
    assert not Advisory.objects.filter(destination__iso_alpha2="CL").exists()
