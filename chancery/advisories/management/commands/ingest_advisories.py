from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from chancery.advisories.models import Advisory
from chancery.advisories.services import advisories_import
from chancery.advisories.sources import SOURCES
from chancery.advisories.sources.base import FeedError


class Command(BaseCommand):
    help = (
        "Import one government's travel advisories. A feed that fails changes nothing and exits "
        "non-zero; bad items are reported and the rest imported; unchanged advisories add no "
        "version."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--issuer", required=True, choices=sorted(SOURCES))
        parser.add_argument(
            "--file",
            help="A path, a directory (for sources that read several documents) or an https "
            "URL; default: CHANCERY_ADVISORY_FEEDS, else the issuer's live feed.",
        )

        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing if advisories from this issuer are already stored (for `make run`).",
        )

    def handle(self, *args: object, file: str | None, **options: object) -> None:
        issuer = str(options["issuer"])
        if options["if_empty"] and Advisory.objects.filter(source=issuer).exists():
            self.stdout.write(f"{issuer}: advisories already imported; nothing to do")
            return
        location = file or settings.CHANCERY_ADVISORY_FEEDS.get(issuer) or None
        try:
            result = advisories_import(issuer, location)
        except FeedError as exc:
            # One line: the location and the problem (FeedError's message starts with them).
            problem = " ".join(str(exc).split("\n"))
            raise CommandError(f"{problem}; nothing was changed") from exc
        run = result.run
        for rejection in run.rejections:
            self.stderr.write(f"rejected: {rejection['item']}: {rejection['reason']}")
        for warning in result.warnings:
            self.stderr.write(f"warning: {warning}")
        changed = ", ".join(result.changed_destinations) or "none"
        self.stdout.write(
            f"{run.rows_read} items read: {run.created} new, {run.updated} changed "
            f"({changed}), {run.unchanged} unchanged, {run.rejected} rejected"
        )
