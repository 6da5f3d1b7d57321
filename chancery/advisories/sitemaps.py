"""The advisories of each country in the sitemaps: /advisories/<country>/ for every country an
issuer gives advice on (the index page is among the site's fixed pages)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db.models import Max

from chancery.core.wellknown import PublicSitemap
from chancery.countries.models import Country

from .models import AdvisoryVersion


class AdvisorySitemap(PublicSitemap):
    changefreq = "daily"

    def items(self) -> list[Mapping[str, Any]]:
        # lastmod: when the page last got a new text, the newest of its current versions'
        # arrival here (an issuer's own date can be older than the day we read it, or absent).
        return list(
            Country.objects.filter(advisories__isnull=False)
            .values("slug")
            .annotate(changed=Max("advisories__current__created_at"))
            .order_by("slug")
        )

    def location(self, item: Mapping[str, Any]) -> str:
        return self.path("advisories:country", item["slug"])

    def lastmod(self, item: Mapping[str, Any]) -> dt.datetime | None:
        return item["changed"]

    def get_latest_lastmod(self) -> dt.datetime | None:
        return AdvisoryVersion.objects.aggregate(latest=Max("created_at"))["latest"]
