from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from chancery.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the whole database (SQLite online backup, or pg_dump) to a file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", help="Default: var/backups/chancery-<time>.backup")

    def handle(self, *args: object, **options: object) -> None:
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        target = Path(
            str(options["file"] or Path(settings.VAR_DIR) / "backups" / f"chancery-{stamp}.backup")
        )
        try:
            backup(target)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"backed up to {target} ({target.stat().st_size:,} bytes)")
