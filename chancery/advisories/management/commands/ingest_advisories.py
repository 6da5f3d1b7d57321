from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

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
            "URL; default: the issuer's live feed.",
        )

    def handle(self, *args: object, **options: object) -> None:
        try:
            result = advisories_import(str(options["issuer"]), options.get("file") or None)
        except FeedError as exc:
            raise CommandError(f"{options['issuer']}: {exc}; nothing was changed") from exc
        fetch = result.fetch
        for rejection in fetch.rejected:
            self.stderr.write(f"rejected: {rejection['item']}: {rejection['reason']}")
        for warning in result.warnings:
            self.stderr.write(f"warning: {warning}")
        changed = ", ".join(result.changed_destinations) or "none"
        self.stdout.write(
            f"{fetch.items} items read: {fetch.created} new, {fetch.changed} changed "
            f"({changed}), {fetch.unchanged} unchanged, {len(fetch.rejected)} rejected"
        )
