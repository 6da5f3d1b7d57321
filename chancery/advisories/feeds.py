"""Atom feeds of advisory changes, for everything and per country."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from chancery.countries.models import Country
from chancery.countries.selectors import country_lookup

from . import selectors
from .models import AdvisoryVersion


class AdvisoryChangesFeed(Feed):
    feed_type = Atom1Feed
    title = "Chancery: travel advisory changes"
    subtitle = "New and changed travel advisories from several governments."

    def get_object(self, request: HttpRequest, country: str | None = None) -> Country | None:
        if country is None:
            return None
        found = country_lookup(country).country
        if found is None:
            raise Http404(f"No country {country!r}")
        return found

    def link(self, obj: Country | None) -> str:
        if obj is None:
            return reverse("advisories:index")
        return reverse("advisories:country", args=[obj.slug])

    def get_feed(self, obj: Country | None, request: HttpRequest):
        feed = super().get_feed(obj, request)
        if obj is not None:
            feed.feed["title"] = f"Chancery: travel advisory changes for {obj.name}"
        return feed

    def items(self, obj: Country | None) -> list[AdvisoryVersion]:
        return list(selectors.recent_changes(obj))

    def item_title(self, item: AdvisoryVersion) -> str:
        change = (
            "new"
            if item.previous_level is None
            else (
                f"level {item.previous_level} → {item.level}" if item.level_changed else "updated"
            )
        )
        return (
            f"{item.advisory.destination.name}: {item.advisory.issuer.name} — "
            f"{item.level_text} ({change})"
        )

    def item_description(self, item: AdvisoryVersion) -> str:
        return item.summary

    def item_link(self, item: AdvisoryVersion) -> str:
        return reverse("advisories:country", args=[item.advisory.destination.slug])

    def item_guid(self, item: AdvisoryVersion) -> str:
        return f"chancery-advisory-version-{item.pk}"

    def item_pubdate(self, item: AdvisoryVersion):
        return item.created_at

    def item_updateddate(self, item: AdvisoryVersion):
        return item.created_at
