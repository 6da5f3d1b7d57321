"""Advisories and banners as plain data, for the JSON API."""

from __future__ import annotations

from chancery.countries.models import Country

from .selectors import ShownAdvisory, ShownBanner, attribution


def _ref(country: Country) -> dict[str, str]:
    return {"code": country.code, "name": country.name, "slug": country.slug}


def advisory_payload(shown: ShownAdvisory) -> dict[str, object]:
    """One issuer's advisory as shown for a place: `destination` is the place the advice is
    for, `shown_for` the place asked about; they differ when a territory gets its state's
    advice (`coverage`: "named" when the advice names the territory, "state" when it does not
    say)."""
    advisory = shown.advisory
    version = shown.current
    return {
        "destination": _ref(advisory.destination),
        "shown_for": _ref(shown.place),
        "coverage": shown.coverage.value,
        "coverage_note": shown.short_note,
        "issuer": _ref(advisory.issuer),
        "level": version.level,
        "level_text": version.level_text,
        "title": version.title,
        "summary_html": version.summary,
        "source_url": version.source_url,
        "issuer_updated_at": version.updated_at,
        "date_note": version.date_note,
        "fetched_at": version.fetched_at,
        "last_seen_at": advisory.last_seen_at,
        "stale": advisory.is_stale(),
        "attribution": attribution(advisory),
    }


def banner_payload(banner: ShownBanner) -> dict[str, object]:
    return {
        "country": _ref(banner.country),
        "headline": banner.headline,
        "body": banner.body,
        "call_to_action": banner.link_text,
        "link": banner.link,
        "severity": banner.severity,
        "derived": banner.derived,
        "starts_at": banner.starts_at,
        "ends_at": banner.ends_at,
        "shown_for": _ref(banner.place),
        "note": banner.note,
    }
