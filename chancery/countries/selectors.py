"""Reads for countries: look-up by slug, ISO code or name, and suggestions for near misses."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from django.db.models import Count, Q

from chancery.directory.models import Mission

from .models import PLACE_KINDS, Country
from .resolution import normalize_name, slug_for, sort_key


@dataclass(frozen=True)
class CountryLookup:
    country: Country | None
    #: True when the code was not the canonical slug (an ISO code or another name): redirect.
    redirect: bool = False


def country_lookup(code: str) -> CountryLookup:
    """Find a country by slug, ISO alpha-2/alpha-3 code, Wikidata ID or any of its names."""
    code = code.strip()
    if not code:
        return CountryLookup(None)
    country = Country.objects.filter(slug=code).first()
    if country:
        return CountryLookup(country)
    upper = code.upper()
    country = Country.objects.filter(
        Q(iso_alpha2=upper) | Q(iso_alpha3=upper) | Q(wikidata_id=upper)
    ).first()
    if country:
        return CountryLookup(country, redirect=True)
    wanted = _name_key(code.replace("-", " "))
    if not wanted:
        return CountryLookup(None)
    for candidate in Country.objects.only("id", "slug", "name", "names", "aliases"):
        names = [candidate.name, *candidate.names.values(), *candidate.aliases]
        if any(_name_key(name) == wanted for name in names):
            return CountryLookup(Country.objects.get(pk=candidate.pk), redirect=True)
    return CountryLookup(None)


def _name_key(name: str) -> str:
    """Accent- and case-free form for Latin names; the case-folded text for other scripts."""
    return normalize_name(name).replace("-", " ") or " ".join(name.casefold().split())


def country_suggestions(code: str, limit: int = 5) -> list[Country]:
    """Countries whose slug or name is close to what was asked for."""
    countries = {c.slug: c for c in Country.objects.only("id", "slug", "name", "names", "kind")}
    by_name = {slug_for(c.name): c.slug for c in countries.values()}
    wanted = slug_for(code.replace("-", " "))
    matches = difflib.get_close_matches(
        wanted, list(countries) + list(by_name), n=limit, cutoff=0.6
    )
    seen: list[Country] = []
    for match in matches:
        country = countries.get(match) or countries[by_name[match]]
        if country not in seen:
            seen.append(country)
    return seen


def country_list_places() -> list[Country]:
    """States and territories, each with `hosted` and `sent`: its counts of active missions,
    in the alphabetical order of their names in the page's language."""
    active = Mission.objects.active().order_by()
    hosted = dict(
        active.values("host_country").annotate(n=Count("id")).values_list("host_country", "n")
    )
    sent = dict(
        active.values("sending_country").annotate(n=Count("id")).values_list("sending_country", "n")
    )
    places = list(
        Country.objects.filter(kind__in=PLACE_KINDS).only(
            "id", "slug", "name", "names", "kind", "iso_alpha2"
        )
    )
    places.sort(key=lambda country: sort_key(country.label))
    for place in places:
        place.hosted = hosted.get(place.pk, 0)  # type: ignore[attr-defined]
        place.sent = sent.get(place.pk, 0)  # type: ignore[attr-defined]
    return places


def country_list_senders() -> list[Country]:
    """Every entity that has at least one active mission abroad, in the alphabetical order of
    their names in the page's language."""
    senders = Country.objects.filter(
        pk__in=Mission.objects.active().values("sending_country")
    ).only("id", "slug", "name", "names", "kind", "iso_alpha2")
    return sorted(senders, key=lambda country: sort_key(country.label))
