"""Atom feeds of advisory changes, for everything and per country.

Each entry is one version of one issuer's advisory. Its id is a tag: URI made of what names
that version outside the database (see `version_tag`), so that it is the same in every feed and
language, and after the database is rebuilt from the issuers' feeds.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from chancery.core.taguri import tag_uri
from chancery.countries.models import Country
from chancery.countries.selectors import country_lookup

from . import selectors
from .models import AdvisoryVersion


def version_tag(version: AdvisoryVersion) -> str:
    """The version's id: issuer, destination, the issuer's date for it, and the fingerprint of
    its content, which tells apart two versions of one day (the US feed dates by the day)."""
    advisory = version.advisory
    issued = version.updated_at or version.published_at
    day = issued.astimezone(dt.UTC).date().isoformat() if issued else "undated"
    return tag_uri(
        f"advisory/{advisory.issuer.code.lower()}/{advisory.destination.code.lower()}"
        f"/{day}/{version.content_hash[:16]}"
    )


class AdvisoryChangesFeed(Feed):
    feed_type = Atom1Feed
    title = "Chancery: travel advisory changes"
    subtitle = "New and changed travel advisories from several governments."
    #: Atom requires an author for the feed when an entry has none (RFC 4287 §4.1.1).
    author_name = "Chancery"

    def author_link(self) -> str:
        return settings.CHANCERY_SITE_URL

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
        return version_tag(item)

    def item_author_name(self, item: AdvisoryVersion) -> str:
        """The government that wrote the advice."""
        module = selectors.ISSUER_CODES.get(item.advisory.issuer.iso_alpha2 or "")
        return module.LABEL if module else item.advisory.issuer.name

    def item_pubdate(self, item: AdvisoryVersion):
        return item.created_at

    def item_updateddate(self, item: AdvisoryVersion):
        return item.created_at
