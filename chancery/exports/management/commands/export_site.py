from __future__ import annotations

import os
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from chancery.exports.mirror import export_site, page_paths, site_paths


class Command(BaseCommand):
    help = (
        "Render every public page in every language, with its feeds and vCards, into DIR with "
        "relative links (a static mirror for any static host), copy the static files the pages "
        "name, and check that no internal link is broken."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory")
        parser.add_argument("--no-progress", action="store_true")
        parser.add_argument(
            "--jobs", type=int, default=os.cpu_count() or 1, help="Processes (default: CPUs)."
        )
        parser.add_argument(
            "--language",
            action="append",
            choices=[code for code, _ in settings.LANGUAGES],
            help="Only this language (repeat for several; default: every language).",
        )

    def handle(self, *args: object, jobs: int, **options: object) -> None:
        started = time.perf_counter()
        chosen = options["language"]
        languages = chosen if isinstance(chosen, list) else [c for c, _ in settings.LANGUAGES]
        pages = list(page_paths())
        paths = site_paths(pages, languages)
        with tqdm(
            total=len(paths), unit="page", desc="Exporting", disable=bool(options["no_progress"])
        ) as bar:
            report = export_site(
                Path(str(options["directory"])),
                paths,
                progress=bar.update,
                jobs=max(1, jobs),
            )
        elapsed = time.perf_counter() - started
        for path, status in report.failed[:20]:
            self.stderr.write(f"not exported: {path} answered {status}")
        for page, link in report.broken_links[:20]:
            self.stderr.write(f"broken link: {page} → {link}")
        rendered = report.pages + report.files
        self.stdout.write(
            f"{report.pages:,} pages ({len(pages):,} in each of {len(languages)} languages) and "
            f"{report.files:,} feeds and vCards, {report.bytes / 2**20:.1f} MB in {elapsed:.1f} s "
            f"({rendered / elapsed:.0f} a second); {len(report.failed)} failed, "
            f"{len(report.broken_links)} broken links"
        )
        if report.failed or report.broken_links:
            raise CommandError("the mirror is incomplete (see above)")
