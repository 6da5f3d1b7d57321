"""Build the whole-table exports for the current data now (`make prepare` runs it after the
import), so that the first visitor to ask for one does not wait for it."""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from chancery.exports.published import ExportNotBuilt, build_all


class Command(BaseCommand):
    help = (
        "Write /exports/missions.csv, .json and .geojson (ODbL) and missions-cc0.csv, .json and "
        ".geojson (CC0), with gzip copies, for the current data "
        "under CHANCERY_EXPORTS_DIR. The files name the site in every row: build them for the "
        "address visitors use (default CHANCERY_SITE_URL)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--base-url",
            action="append",
            dest="base_urls",
            metavar="URL",
            help="The site's address as visitors reach it, e.g. https://chancery.example.org "
            "(repeat for several; default: CHANCERY_SITE_URL).",
        )

    def handle(self, *args: Any, base_urls: list[str] | None, **options: Any) -> None:
        for base in base_urls or [settings.CHANCERY_SITE_URL]:
            base = base.rstrip("/")
            parts = urlsplit(base)
            if parts.scheme not in ("http", "https") or not parts.hostname or parts.path:
                raise CommandError(f"--base-url: expected http(s)://host[:port], got {base!r}")
            started = time.perf_counter()
            try:
                files = build_all(base)
            except ExportNotBuilt as exc:
                raise CommandError(f"{exc} (the warning above says why)") from exc
            sizes = ", ".join(f"{f.path.name} {f.size / 2**20:.1f} MB" for f in files)
            self.stdout.write(
                f"exports for {base} ready in {time.perf_counter() - started:.1f} s: {sizes}"
            )
