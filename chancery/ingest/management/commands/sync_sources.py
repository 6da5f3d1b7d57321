from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from chancery.ingest.sync import (
    FAILED,
    SyncLocked,
    step_command_line,
    summary_table,
    sync_lock,
    sync_run,
    sync_steps,
    sync_steps_only,
)

#: Exit status when another sync holds the lock: nothing was run, which is not a source failing.
EXIT_LOCKED = 2


class Command(BaseCommand):
    help = (
        "Refresh every configured source in turn: missions (Wikidata, OpenStreetMap, GOV.UK), "
        "advisories (each issuer with a feed in CHANCERY_ADVISORY_FEEDS) and news (every enabled "
        "feed source). Each source runs on its own; one that cannot reach the network is "
        "skipped. Exit status: 0 when nothing failed (skipped sources included), 1 when a source "
        f"failed, {EXIT_LOCKED} when another run holds the lock (nothing done)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--only",
            nargs="+",
            action="extend",
            metavar="NAME",
            help="Run only these sources: a step (wikidata-sparql, osm, govuk, advisories-us, "
            "news …) or a group (missions, advisories, news).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List the commands that would run, and run none.",
        )

    def handle(
        self, *args: object, only: list[str] | None, dry_run: bool, **options: object
    ) -> None:
        steps = sync_steps()
        if only:
            steps = sync_steps_only(steps, only)
        if not steps:
            self.stdout.write("No source is configured for this selection; nothing done.")
            return
        if dry_run:
            for step in steps:
                self.stdout.write(f"would run {step.name}: {step_command_line(step)}")
            return
        try:
            with sync_lock() as lock:
                results = sync_run(
                    steps, stdout=self.stdout, stderr=self.stderr, between=lock.renew
                )
        except SyncLocked as exc:
            raise CommandError(str(exc), returncode=EXIT_LOCKED) from exc
        self.stdout.write("")
        for line in summary_table(results):
            self.stdout.write(line)
        failures = [result for result in results if result.outcome == FAILED]
        if failures:
            for result in failures:
                self.stderr.write(result.line)
            raise CommandError(f"{len(failures)} of {len(results)} source(s) failed.")
