from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandParser

from chancery.ingest.coverage import source_coverage


class Command(BaseCommand):
    help = (
        "For each contact field (phone, email, website, address, hours, coordinates, town), the "
        "share of active missions with a value: overall (what pages show) and in each source's "
        "records. Shares are of all active missions."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="Print the figures as JSON.")

    def handle(self, *args: object, **options: object) -> None:
        coverage = source_coverage()
        if options["json"]:
            self.stdout.write(json.dumps(coverage.as_dict(), indent=2))
            return
        self.stdout.write(f"Coverage of {coverage.missions:,} active missions")
        for line in coverage.table():
            self.stdout.write(line)
