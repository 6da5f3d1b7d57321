from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from chancery.directory.models import Mission
from chancery.ingest.fetch import FetchError, is_url, local_copy
from chancery.ingest.services import ImportReport, missions_import
from chancery.ingest.sources import wikidata_csv, wikidata_sparql
from chancery.ingest.sources.wikidata_csv import SourceFormatError
from chancery.ingest.town_figures import town_figures

SOURCES = {wikidata_csv.SOURCE_NAME: wikidata_csv, wikidata_sparql.SOURCE_NAME: wikidata_sparql}
#: The whole database of embassies is about 4 MB; a file fifty times larger is not one.
MAX_MISSIONS_BYTES = 200 * 1024 * 1024


class Command(BaseCommand):
    help = (
        "Import diplomatic missions from a source file (a path or an http(s) URL), or live "
        "from the Wikidata Query Service (--source wikidata-sparql without --file)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--source", choices=sorted(SOURCES), default=wikidata_csv.SOURCE_NAME)
        parser.add_argument(
            "--file",
            help="Path or URL; defaults to CHANCERY_MISSIONS_CSV. For wikidata-sparql: a SPARQL "
            "JSON results file or a directory of them (the pages); without it, asks --endpoint.",
            default=None,
        )
        parser.add_argument(
            "--endpoint",
            help="SPARQL endpoint for wikidata-sparql; defaults to CHANCERY_WIKIDATA_SPARQL_URL.",
            default=None,
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
        source = str(options["source"])
        if options["endpoint"] and source != wikidata_sparql.SOURCE_NAME:
            raise CommandError(f"--endpoint is only for --source {wikidata_sparql.SOURCE_NAME}.")
        progress = not options["no_progress"]
        dry_run = bool(options["dry_run"])
        try:
            if source == wikidata_sparql.SOURCE_NAME:
                location, report = self._sparql(options, dry_run=dry_run, progress=progress)
            else:
                location = str(options["file"] or settings.CHANCERY_MISSIONS_CSV)
                with local_copy(location, max_bytes=MAX_MISSIONS_BYTES, progress=progress) as path:
                    report = missions_import(
                        wikidata_csv.read_missions(path),
                        location=location,
                        source=source,
                        dry_run=dry_run,
                        progress=progress,
                    )
        except (FetchError, SourceFormatError) as exc:
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

    def _sparql(
        self, options: dict[str, object], *, dry_run: bool, progress: bool
    ) -> tuple[str, ImportReport]:
        """Pages from --file (a file, a directory of pages, or a URL of one page), else the
        live endpoint; every page is read before the import starts."""
        source = wikidata_sparql.SOURCE_NAME
        if options["file"]:
            location = str(options["file"])
            if is_url(location):
                with local_copy(location, max_bytes=MAX_MISSIONS_BYTES, progress=progress) as path:
                    items = list(wikidata_sparql.read_missions(path))
            else:
                items = list(wikidata_sparql.read_missions(Path(location)))
        else:
            location = str(options["endpoint"] or settings.CHANCERY_WIKIDATA_SPARQL_URL)
            items = wikidata_sparql.fetch_missions(location, progress=progress)
        report = missions_import(
            items, location=location, source=source, dry_run=dry_run, progress=progress
        )
        return location, report
