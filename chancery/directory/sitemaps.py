"""The directory's pages in the sitemaps: the site's fixed pages, the country hubs, the pairs
that have something to say and every active mission.

Each sitemap reads slugs and dates in a few grouped queries (no model instances, no query per
address); `lastmod` is the latest change of the missions a page shows, withdrawn ones included
(a withdrawal changes the page too).
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property

from django.conf import settings
from django.db.models import Max, QuerySet
from django.urls import reverse
from django.utils import translation

from chancery.core.wellknown import PublicSitemap

from .models import Mission
from .selectors import host_hub_slugs, pair_slugs, sender_hub_slugs

Key = str | tuple[str, ...]


def _latest_by(rows: QuerySet, *keys: str, date: str = "updated_at") -> dict[Key, dt.datetime]:
    """The latest `date` for each value of `keys` (a tuple of them when there are several)."""
    grouped = rows.order_by().values(*keys).annotate(latest=Max(date)).values_list(*keys, "latest")
    if len(keys) == 1:
        return {key: latest for key, latest in grouped}
    return {tuple(row[:-1]): row[-1] for row in grouped}


def _merged(*dates: dict[Key, dt.datetime]) -> dict[Key, dt.datetime]:
    merged: dict[Key, dt.datetime] = {}
    for by_key in dates:
        for key, latest in by_key.items():
            if latest is not None and (key not in merged or latest > merged[key]):
                merged[key] = latest
    return merged


def _latest_change() -> dt.datetime | None:
    return Mission.objects.aggregate(latest=Max("updated_at"))["latest"]


class StaticPagesSitemap(PublicSitemap):
    """The pages that are always there; the exports page, outside i18n_patterns, has one
    address for every language."""

    changefreq = "daily"
    pages = (
        "directory:home",
        "directory:countries",
        "assist:help",
        "advisories:index",
        "news:index",
        "exports:index",
    )

    def items(self) -> list[str]:
        return list(self.pages)

    def location(self, item: str) -> str:
        return reverse(item)

    def get_languages_for_item(self, item: str) -> list[str]:
        with translation.override(settings.LANGUAGE_CODE):
            default = reverse(item)
        languages = []
        for code in self.languages:
            with translation.override(code):
                if code == settings.LANGUAGE_CODE or reverse(item) != default:
                    languages.append(code)
        return languages


class HostHubSitemap(PublicSitemap):
    """/in/<place>/ for every place where active missions stand."""

    changefreq = "weekly"

    def items(self) -> list[str]:
        return host_hub_slugs()

    def location(self, item: str) -> str:
        return self.path("directory:host", item)

    @cached_property
    def _dates(self) -> dict[Key, dt.datetime]:
        return _merged(
            _latest_by(Mission.objects.exclude(territory=None), "territory__slug"),
            _latest_by(Mission.objects.all(), "host_country__slug"),
        )

    def lastmod(self, item: str) -> dt.datetime | None:
        return self._dates.get(item)

    def get_latest_lastmod(self) -> dt.datetime | None:
        return _latest_change()


class SenderHubSitemap(PublicSitemap):
    """/from/<country>/ for every country with an active mission."""

    changefreq = "weekly"

    def items(self) -> list[str]:
        return sender_hub_slugs()

    def location(self, item: str) -> str:
        return self.path("directory:sender", item)

    @cached_property
    def _dates(self) -> dict[Key, dt.datetime]:
        return _latest_by(Mission.objects.all(), "sending_country__slug")

    def lastmod(self, item: str) -> dt.datetime | None:
        return self._dates.get(item)

    def get_latest_lastmod(self) -> dt.datetime | None:
        return _latest_change()


class PairSitemap(PublicSitemap):
    """/from/<sender>/in/<host>/ where the sender has a mission standing in the host or
    accredited to it; the other combinations only say there is none."""

    changefreq = "weekly"

    def items(self) -> list[tuple[str, str]]:
        return pair_slugs()

    def location(self, item: tuple[str, str]) -> str:
        return self.path("directory:pair", *item)

    @cached_property
    def _dates(self) -> dict[Key, dt.datetime]:
        missions = Mission.objects.all()
        through = Mission.jurisdictions.through.objects.all()
        return _merged(
            _latest_by(
                missions.exclude(territory=None), "sending_country__slug", "territory__slug"
            ),
            _latest_by(missions, "sending_country__slug", "host_country__slug"),
            _latest_by(
                through,
                "mission__sending_country__slug",
                "country__slug",
                date="mission__updated_at",
            ),
        )

    def lastmod(self, item: tuple[str, str]) -> dt.datetime | None:
        return self._dates.get(item)

    def get_latest_lastmod(self) -> dt.datetime | None:
        return _latest_change()


class MissionSitemap(PublicSitemap):
    """/missions/<slug>/ for every active mission (withdrawn and closed ones are left out)."""

    changefreq = "weekly"

    def items(self) -> QuerySet:
        return Mission.objects.active().order_by("slug").values("slug", "updated_at")

    def location(self, item: dict) -> str:
        return self.path("directory:mission", item["slug"])

    def lastmod(self, item: dict) -> dt.datetime:
        return item["updated_at"]

    def get_latest_lastmod(self) -> dt.datetime | None:
        return Mission.objects.active().aggregate(latest=Max("updated_at"))["latest"]
