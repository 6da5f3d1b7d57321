"""The run record every importer shares, and the date sanity every feed reader shares."""

from __future__ import annotations

import datetime as dt

import pytest

from chancery.ingest.dates import date_problem
from chancery.ingest.models import ImportKind, ImportRun
from chancery.ingest.runs import import_run_fail, import_run_finish, import_run_start
from chancery.ingest.selectors import import_run_last, import_run_list

NOW = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)


@pytest.mark.django_db
def test_a_finished_run_counts_its_rejections_and_keeps_its_warnings() -> None:
    run = import_run_start(ImportKind.NEWS, "rss-atom", "https://wire.example.org/feed.rss")
    assert run.pk is None and run.finished_at == run.started_at
    run.created = 3
    import_run_finish(
        run, rejections=[{"reason": "no title"}, {"reason": "a javascript: link"}], warnings=["w"]
    )
    stored = ImportRun.objects.get(pk=run.pk)
    assert (stored.ok, stored.error, stored.created, stored.rejected) == (True, "", 3, 2)
    assert stored.rejections == [{"reason": "no title"}, {"reason": "a javascript: link"}]
    assert stored.warnings == ["w"]
    assert stored.finished_at >= stored.started_at


@pytest.mark.django_db
def test_a_failed_run_is_kept_with_its_error_on_one_line() -> None:
    run = import_run_start(ImportKind.ADVISORIES, "us", "https://example.org/feed.xml")
    import_run_fail(run, "https://example.org/feed.xml: refused\nan HTML page")
    stored = ImportRun.objects.get(pk=run.pk)
    assert (stored.ok, stored.error) == (
        False,
        "https://example.org/feed.xml: refused an HTML page",
    )


@pytest.mark.django_db
def test_runs_of_every_kind_are_one_list_and_a_location_has_a_last_run() -> None:
    ImportRun.objects.all().delete()
    feed = "https://wire.example.org/feed.rss"
    for started, kind, location in [
        (NOW - dt.timedelta(hours=3), ImportKind.MISSIONS, "missions.csv"),
        (NOW - dt.timedelta(hours=2), ImportKind.NEWS, feed),
        (NOW - dt.timedelta(hours=1), ImportKind.ADVISORIES, "us.xml"),
        (NOW, ImportKind.NEWS, "https://other.example.org/feed.rss"),
    ]:
        import_run_finish(import_run_start(kind, "test", location, started_at=started))
    assert [run.kind for run in import_run_list()] == ["news", "advisories", "news", "missions"]
    last = import_run_last(ImportKind.NEWS, feed)
    assert last is not None and last.started_at == NOW - dt.timedelta(hours=2)
    assert import_run_last(ImportKind.ADVISORIES, feed) is None


def test_a_very_long_location_is_cut_to_fit() -> None:
    run = import_run_start(ImportKind.NEWS, "rss-atom", "https://example.org/" + "a" * 2000)
    assert len(run.location) == ImportRun._meta.get_field("location").max_length


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (dt.datetime(1989, 12, 31, 23, 59, tzinfo=dt.UTC), "bogus"),
        (dt.datetime(1990, 1, 1, tzinfo=dt.UTC), ""),
        (NOW, ""),
        (NOW + dt.timedelta(days=1), ""),
        (NOW + dt.timedelta(days=1, seconds=1), "future"),
        (dt.datetime(9999, 12, 31, tzinfo=dt.UTC), "future"),
    ],
)
def test_dates_before_1990_or_after_tomorrow_are_not_believed(
    value: dt.datetime, problem: str
) -> None:
    assert date_problem(value, NOW) == problem
