from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from chancery.news.models import FeedSource

DEFAULT_FEEDS = Path(__file__).resolve().parents[2] / "data" / "default_feeds.toml"
FIELDS = ("name", "url", "country", "language", "licence", "licence_url")
_COUNTRY = re.compile(r"[A-Z]{2}")
_LANGUAGE = re.compile(r"[a-z]{2,3}")
_LIMITS = {
    "name": FeedSource._meta.get_field("name").max_length,
    "url": FeedSource._meta.get_field("url").max_length,
}


@dataclass(frozen=True)
class DefaultFeed:
    name: str
    url: str
    country: str
    language: str
    licence: str
    licence_url: str


def _problems(entry: object) -> list[str]:
    if not isinstance(entry, dict):
        return ["is not a table of fields"]
    problems = [f"unknown field {key!r}" for key in entry if key not in FIELDS]
    for key in FIELDS:
        value, limit = entry.get(key), _LIMITS.get(key)
        if not isinstance(value, str) or not value.strip():
            problems.append(f"field {key!r} is missing or empty")
        elif key in ("url", "licence_url") and not value.startswith("https://"):
            problems.append(f"field {key!r} is not an https URL: {value!r}")
        elif key == "country" and not _COUNTRY.fullmatch(value):
            problems.append(f"field 'country' is not an ISO 3166-1 alpha-2 code: {value!r}")
        elif key == "language" and not _LANGUAGE.fullmatch(value):
            problems.append(f"field 'language' is not an ISO 639 code: {value!r}")
        elif limit is not None and len(value) > limit:
            problems.append(f"field {key!r} is longer than {limit} characters")
    return problems


def default_feeds_read(path: Path) -> list[DefaultFeed]:
    """The feeds listed in `path`; CommandError naming the file, the feed and the field."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CommandError(f"{path}: cannot be read ({exc.strerror})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise CommandError(f"{path}: not valid TOML: {exc}") from exc
    entries = data.get("feed")
    if not isinstance(entries, list) or not entries:
        raise CommandError(f"{path}: no [[feed]] entries")
    errors, seen = [], set()
    for number, entry in enumerate(entries, start=1):
        label = f"{path}: feed {number}" + (
            f" ({entry.get('name')})" if isinstance(entry, dict) and entry.get("name") else ""
        )
        errors += [f"{label}: {problem}" for problem in _problems(entry)]
        url = entry.get("url") if isinstance(entry, dict) else None
        if url in seen:
            errors.append(f"{label}: the url {url!r} is listed twice")
        seen.add(url)
    if errors:
        raise CommandError("\n".join(errors))
    return [DefaultFeed(**entry) for entry in entries]


class Command(BaseCommand):
    help = (
        "Add the default official news feeds (foreign ministries' press releases) as feed "
        "sources, skipping those already present (by URL). Safe to run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--file", type=Path, default=DEFAULT_FEEDS, help="The list of feeds (TOML)."
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when any feed source exists (a fresh install gets news; feeds "
            "editors removed stay removed).",
        )

    def handle(self, *args: object, file: Path, **options: object) -> None:
        feeds = default_feeds_read(file)
        if options.get("if_empty") and FeedSource.objects.exists():
            self.stdout.write("Feed sources exist already; nothing added.")
            return
        created = 0
        with transaction.atomic():
            present = set(
                FeedSource.objects.filter(url__in=[f.url for f in feeds]).values_list(
                    "url", flat=True
                )
            )
            for feed in feeds:
                if feed.url in present:
                    self.stdout.write(f"already present: {feed.name}")
                    continue
                FeedSource.objects.create(
                    name=feed.name,
                    url=feed.url,
                    enabled=True,
                    licence=feed.licence,
                    licence_url=feed.licence_url,
                )
                created += 1
                self.stdout.write(
                    f"added: {feed.name} ({feed.country}, {feed.language}) <{feed.url}>; "
                    f"licence: {feed.licence} <{feed.licence_url}>"
                )
        self.stdout.write(
            f"{created} feed source(s) added, {len(feeds) - created} already present."
        )
