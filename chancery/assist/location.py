"""Reading what a person says: their nationality and where they are, from a country and an
optional town, or from coordinates (the country found offline by reverse geocoding).

A wrong or missing value raises `AssistInputError`, whose message names the parameter.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from chancery.core.geo import CoordinatesError, nearest_place
from chancery.countries.models import Country
from chancery.countries.selectors import country_lookup
from chancery.lexicon.selectors import city_coordinates

from .presenters import position_note
from .types import AssistInputError, Location, Point

#: A country as typed (ISO code, slug or name), or one already found.
CountryInput = Country | str | None


def _given(value: CountryInput) -> bool:
    return isinstance(value, Country) or bool(value and value.strip())


def country_from(value: CountryInput, parameter: str) -> Country:
    if isinstance(value, Country):
        return value
    if not value or not value.strip():
        raise AssistInputError(parameter, _("required (an ISO code such as NL, or a country name)"))
    country = country_lookup(value.strip()).country
    if country is None:
        raise AssistInputError(
            parameter, _("unknown country %(value)s") % {"value": repr(value.strip()[:60])}
        )
    return country


def location_from(
    *,
    country: CountryInput = None,
    city: str | None = None,
    latitude: float | None = None,
    longitude: float | None = None,
) -> Location:
    """Where the person is: coordinates (the host country found offline), or a country and an
    optional city."""
    if (latitude is None) != (longitude is None):
        missing = "lon" if longitude is None else "lat"
        raise AssistInputError(missing, _("give both lat and lon"))
    if latitude is not None and longitude is not None:
        return _location_at(latitude, longitude, country)
    if not _given(country):
        raise AssistInputError(
            "country", _("say where you are: a country (and optionally a city), or lat and lon")
        )
    host = country_from(country, "country")
    if city and city.strip():
        found = city_coordinates(city.strip(), host.pk)
        if found is None:
            return Location(country=host, city=city.strip()[:100], source="country")
        name, lat, lon = found
        return Location(country=host, city=name, point=Point(lat, lon), source="city")
    return Location(country=host, source="country")


def _location_at(latitude: float, longitude: float, country: CountryInput) -> Location:
    """The country a point lies in; a country named as well only adds a note when it differs."""
    try:
        place = nearest_place(latitude, longitude)
    except CoordinatesError as exc:
        parameter = str(exc).split(" ", 1)[0]
        raise AssistInputError(parameter, str(exc).split(" ", 1)[1]) from exc
    host = Country.objects.filter(iso_alpha2=place.country_code).first()
    note = ""
    if host is None:
        raise AssistInputError(
            "lat", _("no country known for %(code)s") % {"code": place.country_code}
        )
    if _given(country):
        named = country_from(country, "country")
        if named.pk != host.pk and not note:
            note = position_note(host, named)
    return Location(
        country=host,
        city=place.city if not place.remote else "",
        point=Point(latitude, longitude),
        source="coordinates",
        place=place,
        note=note,
    )
