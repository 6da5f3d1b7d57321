"""Reads for countries: look-up by slug, ISO code or name, and suggestions for near misses."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from django.db.models import Q

from .models import Country
from .resolution import normalize_name, slug_for


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
    for candidate in Country.objects.only(
        "id", "slug", "name", "names", "aliases", "other_wikidata_ids"
    ):
        names = [candidate.name, *candidate.names.values(), *candidate.aliases]
        if upper in candidate.other_wikidata_ids or any(_name_key(n) == wanted for n in names):
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
