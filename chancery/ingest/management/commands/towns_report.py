from __future__ import annotations

from django.core.management.base import BaseCommand, CommandParser

from chancery.ingest.town_figures import town_figures


class Command(BaseCommand):
    help = (
        "How many missions' towns differ from the source's label and how many have no town, "
        "by reason; --list names each."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--list", action="store_true", help="List each mission concerned.")

    def handle(self, *args: object, **options: object) -> None:
        for line in town_figures().lines(listing=bool(options["list"])):
            self.stdout.write(line)
