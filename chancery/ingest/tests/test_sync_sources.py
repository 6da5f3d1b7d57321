"""`sync_sources`: every source in turn, offline sources skipped, failures counted, one run at
a time."""

from __future__ import annotations

import io
import socket
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from chancery.ingest import sync
from chancery.ingest.fetch import FetchError, fetch_bytes
from chancery.ingest.models import ImportKind, ImportRun
from chancery.ingest.sync import CacheLock, FileLock, SyncLocked, SyncStep
from chancery.news.models import FeedSource

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _own_var_dir(settings, tmp_path: Path) -> None:
    """Each test has its own lock file: tests running side by side do not share a lock."""
    settings.VAR_DIR = tmp_path


def sync_sources(*args: str) -> tuple[int, str, str]:
    """Exit status, stdout and stderr of `manage.py sync_sources *args`."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("sync_sources", *args, stdout=out, stderr=err)
    except CommandError as exc:
        err.write(f"CommandError: {exc}\n")
        return exc.returncode, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def record_run(source: str, **counts: int) -> ImportRun:
    now = timezone.now()
    return ImportRun.objects.create(
        kind=ImportKind.MISSIONS,
        source=source,
        location="https://example.org/",
        started_at=now,
        finished_at=now,
        **counts,
    )


def offline() -> None:
    try:
        raise FetchError(
            "https://query.wikidata.org/sparql", "could not be fetched (could not connect)"
        )
    except FetchError as exc:
        raise CommandError(f"{exc}. Nothing was changed.") from exc


def broken() -> None:
    raise CommandError("/data/missions.json: line 3: not JSON. Nothing was changed.")


def imports() -> None:
    record_run("fake", rows_read=5, created=2, updated=1, unchanged=2)


Behaviour = Callable[[], None]


@pytest.fixture
def fake_steps(monkeypatch: pytest.MonkeyPatch, settings) -> Callable[..., list[str]]:
    """Replace the steps by fakes: `fake_steps(name=behaviour, …)` in order; returns the list
    of commands called, filled as the sync runs."""
    called: list[str] = []

    def install(**behaviours: Behaviour) -> list[str]:
        steps = tuple(SyncStep(name, f"fake_{name}", group="missions") for name in behaviours)
        monkeypatch.setattr(sync, "MISSION_STEPS", steps)
        monkeypatch.setattr(sync, "NEWS_STEPS", ())
        settings.CHANCERY_ADVISORY_FEEDS = {}

        def fake_call_command(command: str, *args: object, **options: object) -> None:
            called.append(command)
            behaviours[command.removeprefix("fake_")]()

        monkeypatch.setattr(sync, "call_command", fake_call_command)
        return called

    return install


# --- outcomes -----------------------------------------------------------------------------------


def test_every_step_runs_and_the_summary_names_each_run(fake_steps) -> None:
    called = fake_steps(first=imports, second=imports)
    code, out, _err = sync_sources()
    assert code == 0
    assert called == ["fake_first", "fake_second"]
    first, second = ImportRun.objects.filter(source="fake").order_by("pk")
    table = out.split("\n\n")[-1].splitlines()
    assert table[0].split() == [
        "source",
        "outcome",
        "runs",
        "read",
        "created",
        "updated",
        "unchanged",
        "withdrawn",
        "rejected",
    ]
    assert table[1].split() == ["first", "ok", f"#{first.pk}", "5", "2", "1", "2", "0", "0"]
    assert table[2].split() == ["second", "ok", f"#{second.pk}", "5", "2", "1", "2", "0", "0"]


def test_an_offline_source_is_skipped_with_one_line_and_exit_0(fake_steps) -> None:
    called = fake_steps(**{"wikidata-sparql": offline, "osm": imports})
    code, out, err = sync_sources()
    assert code == 0, err
    assert called == ["fake_wikidata-sparql", "fake_osm"]
    assert "skipped wikidata-sparql: offline (query.wikidata.org could not be reached)" in out
    assert "Traceback" not in out + err
    rows = {line.split()[0]: line.split()[1] for line in out.split("\n\n")[-1].splitlines()[1:]}
    assert rows == {"wikidata-sparql": "skipped", "osm": "ok"}


def test_another_failure_exits_1_and_later_sources_still_run(fake_steps) -> None:
    called = fake_steps(osm=broken, govuk=offline, news=imports)
    code, out, err = sync_sources()
    assert code == 1
    assert called == ["fake_osm", "fake_govuk", "fake_news"]
    assert "failed osm: /data/missions.json: line 3: not JSON. Nothing was changed." in err
    assert "skipped govuk: offline (query.wikidata.org could not be reached)" in out
    assert "govuk" not in err  # a skipped source is not a failure
    assert "CommandError: 1 of 3 source(s) failed." in err
    assert ImportRun.objects.filter(source="fake").count() == 1  # news ran after the failure


def test_an_unexpected_exception_is_a_failure_not_a_crash(fake_steps) -> None:
    def crash() -> None:
        raise ZeroDivisionError("division by zero")

    called = fake_steps(osm=crash, govuk=imports)
    code, _out, err = sync_sources()
    assert code == 1
    assert called == ["fake_osm", "fake_govuk"]
    assert "failed osm: unexpected error ZeroDivisionError('division by zero')" in err


def test_a_command_that_does_not_exist_fails_clearly(monkeypatch, settings) -> None:
    monkeypatch.setattr(
        sync, "MISSION_STEPS", (SyncStep("osm", "ingest_no_such_source", group="missions"),)
    )
    monkeypatch.setattr(sync, "NEWS_STEPS", ())
    settings.CHANCERY_ADVISORY_FEEDS = {}
    code, _out, err = sync_sources()
    assert code == 1
    assert "failed osm: the command ingest_no_such_source does not exist" in err
    assert "Traceback" not in err


# --- choosing steps -----------------------------------------------------------------------------


def test_only_runs_the_named_steps_and_groups(fake_steps, monkeypatch, settings) -> None:
    called = fake_steps(osm=imports, govuk=imports)
    assert sync_sources("--only", "govuk")[0] == 0
    assert called == ["fake_govuk"]
    called.clear()
    assert sync_sources("--only", "missions")[0] == 0
    assert called == ["fake_osm", "fake_govuk"]


def test_only_refuses_an_unknown_name(fake_steps) -> None:
    called = fake_steps(osm=imports)
    code, _out, err = sync_sources("--only", "osm", "wikipedia")
    assert code == 1
    assert "Unknown source(s) for --only: wikipedia" in err
    assert called == []


def test_a_group_with_nothing_configured_runs_nothing(fake_steps, settings) -> None:
    settings.CHANCERY_ADVISORY_FEEDS = {}  # no issuer at all
    called = fake_steps(osm=imports)
    code, out, _err = sync_sources("--only", "advisories")
    assert code == 0
    assert "No source is configured for this selection; nothing done." in out
    assert called == []


def test_every_issuer_is_synced_from_its_configured_or_live_feed(settings) -> None:
    settings.CHANCERY_ADVISORY_FEEDS = {"us": "/data/us.xml", "uk": "", "ca": "https://ca/"}
    steps = {step.name: step for step in sync.sync_steps()}
    assert [name for name in steps if name.startswith("advisories")] == [
        "advisories-us",
        "advisories-uk",
        "advisories-ca",
    ]
    assert steps["advisories-ca"].args == ("--issuer", "ca")
    assert steps["news"].args == ("--all",)


def test_dry_run_lists_the_commands_and_runs_none(fake_steps) -> None:
    called = fake_steps(osm=broken)
    code, out, _err = sync_sources("--dry-run")
    assert code == 0
    assert out.strip() == "would run osm: fake_osm"
    assert called == []


def test_no_progress_is_passed_only_to_commands_that_have_it() -> None:
    missions = SyncStep("wikidata-sparql", "ingest_missions", ("--source", "wikidata-sparql"))
    news = SyncStep("news", "ingest_news", ("--all",))
    assert sync.step_command_line(missions).endswith("--no-progress")
    assert sync.step_command_line(news) == "ingest_news --all"


# --- the lock -----------------------------------------------------------------------------------


def test_a_second_run_is_refused_while_the_lock_is_held(fake_steps) -> None:
    called = fake_steps(osm=imports)
    with sync.sync_lock():
        code, _out, err = sync_sources()
    assert code == 2
    assert "Another sync_sources run holds the lock since " in err
    assert "; nothing done." in err
    assert called == []
    assert sync_sources()[0] == 0  # released with the block
    assert called == ["fake_osm"]


def test_the_file_lock_names_its_holder(tmp_path: Path) -> None:
    first, second = FileLock(tmp_path / "lock"), FileLock(tmp_path / "lock")
    first.acquire()
    with pytest.raises(SyncLocked, match=r"since \d{4}-\d\d-\d\d .* \(pid \d+ on "):
        second.acquire()
    first.release()
    second.acquire()
    second.release()


def test_a_shared_cache_lock_is_released_only_by_its_holder() -> None:
    cache = LocMemCache("sync-lock-test", {})
    mine, theirs = CacheLock(cache), CacheLock(cache)
    mine.acquire()
    with pytest.raises(SyncLocked, match=r"holds the lock since \d{4}-"):
        theirs.acquire()
    theirs.release()  # not theirs to release
    with pytest.raises(SyncLocked):
        CacheLock(cache).acquire()
    mine.release()
    theirs.acquire()
    theirs.release()


def test_the_lock_lives_in_the_cache_only_when_the_cache_is_shared(tmp_path: Path) -> None:
    redis = RedisCache("redis://127.0.0.1:1/0", {})  # not connected until used
    assert isinstance(sync.sync_lock_for(redis, tmp_path), CacheLock)
    assert isinstance(sync.sync_lock_for(LocMemCache("x", {}), tmp_path), FileLock)


# --- offline, for real --------------------------------------------------------------------------


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_the_offline_phrases_are_the_ones_fetch_reports(monkeypatch) -> None:
    """A refused connection and a name that does not resolve, as fetch.py words them."""
    with pytest.raises(FetchError) as refused:
        fetch_bytes(f"http://127.0.0.1:{closed_port()}/feed.xml", max_bytes=1000)
    assert sync.offline_hosts(refused.value) == ["127.0.0.1"]

    def no_dns(*args: object, **kwargs: object) -> object:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    with pytest.raises(FetchError) as unresolved:
        fetch_bytes("https://query.wikidata.org/sparql", max_bytes=1000)
    assert sync.offline_hosts(unresolved.value) == ["query.wikidata.org"]
    assert sync.offline_hosts(FetchError("https://x/", "the server answered 500")) is None


def test_news_feeds_that_cannot_be_reached_are_skipped(settings) -> None:
    """`ingest_news --all` reports each feed in its run; all of them offline is a skip."""
    url = f"http://127.0.0.1:{closed_port()}/feed.xml"
    FeedSource.objects.create(name="Unreachable ministry", url=url)
    code, out, err = sync_sources("--only", "news")
    assert code == 0, err
    assert "skipped news: offline (127.0.0.1 could not be reached)" in out
    run = ImportRun.objects.get(kind=ImportKind.NEWS, location=url)
    assert not run.ok
    assert f"#{run.pk}" in out


def test_advisories_from_the_shared_us_snapshot(settings) -> None:
    """One real run: the US feed configured by default (the shared snapshot)."""
    us_feed = settings.CHANCERY_ADVISORY_FEEDS.get("us", "")
    if not us_feed or not Path(us_feed).is_file():
        pytest.skip("the shared US advisories snapshot is not available")
    assert Path(us_feed).is_relative_to(settings.SHARED_DATA_DIR)
    settings.CHANCERY_ADVISORY_FEEDS = {"us": us_feed, "uk": "", "ca": ""}
    code, out, err = sync_sources("--only", "advisories")
    assert code == 0, err
    run = ImportRun.objects.get(kind=ImportKind.ADVISORIES, source="us")
    assert run.ok and run.created > 100
    row = out.split("\n\n")[-1].splitlines()[1].split()
    assert row[:4] == ["advisories-us", "ok", f"#{run.pk}", str(run.rows_read)]
    assert "== advisories-us: ingest_advisories --issuer us" in out
