from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from chancery.news.models import FeedSource
from chancery.news.services import NewsFeedError, news_import


def _one_line(message: object) -> str:
    return " ".join(str(message).splitlines())


class Command(BaseCommand):
    help = (
        "Read a news feed (RSS or Atom; a path or an https URL), or every enabled feed source "
        "with --all. A broken or hostile feed is reported and changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--feed", help="A feed's path or URL.")
        target.add_argument("--all", action="store_true", help="Every enabled feed source.")

    def handle(self, *args: object, **options: object) -> None:
        if options["feed"]:
            feed = str(options["feed"])
            try:
                report = news_import(feed)
            except NewsFeedError as exc:
                raise CommandError(f"{feed}: {_one_line(exc)}; nothing was changed") from exc
            except Exception as exc:
                raise CommandError(
                    f"{feed}: unexpected error {_one_line(repr(exc))}; nothing was changed"
                ) from exc
            self._print(report)
            return
        failures = 0
        for source in FeedSource.objects.filter(enabled=True):
            try:
                self._print(news_import(source.url, source=source), source.name)
            except NewsFeedError as exc:
                failures += 1
                self.stderr.write(f"{source.name}: {_one_line(exc)}; nothing was changed")
            except Exception as exc:  # recorded as the source's failed run by news_import
                failures += 1
                self.stderr.write(f"{source.name}: unexpected error {exc!r}; nothing was changed")
        if failures:
            raise CommandError(f"{failures} feed(s) failed; the others were read")

    def _print(self, report, name: str = "") -> None:
        label = f"{name}: " if name else ""
        for warning in report.warnings:
            self.stderr.write(f"{label}warning: {warning}")
        for rejected in report.rejected:
            self.stderr.write(f"{label}rejected: {rejected}")
        self.stdout.write(
            f"{label}{report.added} added, {report.duplicates} already here, "
            f"{len(report.rejected)} rejected"
        )
