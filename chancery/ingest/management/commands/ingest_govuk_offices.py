from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q

from chancery.ingest.contacts import contacts_import, report_write
from chancery.ingest.fetch import FetchError
from chancery.ingest.sources import govuk
from chancery.ingest.sources.records import SourceFormatError


class Command(BaseCommand):
    help = (
        "Import the United Kingdom's embassies, high commissions and consulates from GOV.UK's "
        "Content API (live), or from worldwide_office items (--file: a file or a directory)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--file", help="A worldwide_office JSON item or a directory of them.")
        parser.add_argument(
            "--api-url", default=None, help="GOV.UK API root, e.g. https://www.gov.uk/api"
        )
        parser.add_argument("--dry-run", action="store_true", help="Report, then roll back.")
        parser.add_argument("--no-progress", action="store_true", help="Accepted for symmetry.")

    def handle(self, *args: object, **options: object) -> None:
        try:
            if options["file"]:
                location = str(options["file"])
                path = Path(location).expanduser()
                if not path.exists():
                    raise CommandError(
                        f"{location}: no such file or directory. Nothing was changed."
                    )
                items = list(govuk.read_offices(path))
                scope = None  # some items of the list: the others' links stay
            else:
                location = str(options["api_url"] or settings.CHANCERY_GOVUK_API_URL)
                items = list(govuk.fetch_offices(api_url=location))
                # The whole list was read: a UK office no longer in it loses its GOV.UK values.
                scope = Q(mission__sending_country__iso_alpha2="GB")
        except (FetchError, SourceFormatError) as exc:
            raise CommandError(f"{exc}. Nothing was changed.") from exc
        report = contacts_import(
            items,
            source=govuk.SOURCE_NAME,
            location=location,
            scope=scope,
            dry_run=bool(options["dry_run"]),
        )
        report_write(self, report)
