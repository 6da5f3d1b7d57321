from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from chancery.directory.models import Mission
from chancery.ingest.fetch import FetchError, local_copy
from chancery.ingest.services import missions_import
from chancery.ingest.sources import wikidata_csv
from chancery.ingest.town_figures import town_figures

SOURCES = {wikidata_csv.SOURCE_NAME: wikidata_csv}
#: The whole database of embassies is about 4 MB; a file fifty times larger is not one.
MAX_MISSIONS_BYTES = 200 * 1024 * 1024


class Command(BaseCommand):
    help = "Import diplomatic missions from a source file (a path or an http(s) URL)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--source", choices=sorted(SOURCES), default=wikidata_csv.SOURCE_NAME)
        parser.add_argument(
            "--file", help="Path or URL; defaults to CHANCERY_MISSIONS_CSV.", default=None
        )
        parser.add_argument("--dry-run", action="store_true", help="Report, then roll back.")
        parser.add_argument("--no-progress", action="store_true", help="Hide progress bars.")
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when missions are already stored."
        )

    def handle(self, *args: object, **options: object) -> None:
        if options["if_empty"] and Mission.objects.exists():
            self.stdout.write("Missions are already imported; skipping (run without --if-empty).")
            return
        location = str(options["file"] or settings.CHANCERY_MISSIONS_CSV)
        source = SOURCES[str(options["source"])]
        progress = not options["no_progress"]
        try:
            with local_copy(location, max_bytes=MAX_MISSIONS_BYTES, progress=progress) as path:
                report = missions_import(
                    source.read_missions(path),
                    location=location,
                    source=source.SOURCE_NAME,
                    dry_run=bool(options["dry_run"]),
                    progress=progress,
                )
        except (FetchError, source.SourceFormatError) as exc:
            raise CommandError(f"{exc}. Nothing was changed.") from exc

        for error in report.rejected:
            self.stderr.write(f"rejected: {location}, line {error.line}: {error.reason}")
        for warning in report.warnings:
            self.stderr.write(f"warning: {warning}")
        prefix = "Dry run, rolled back: " if report.dry_run else ""
        suffix = f" (import run #{report.run_id})" if report.run_id else ""
        self.stdout.write(self.style.SUCCESS(f"{prefix}{report.summary()}{suffix}"))
        if not report.dry_run:
            for line in town_figures().lines():
                self.stdout.write(line)
