"""Reading what a person says: their nationality and where they are, from a country and an
optional town, or from coordinates (the country found offline by reverse geocoding).

A wrong or missing value raises `AssistInputError`, whose message names the parameter.
"""

from __future__ import annotations

import math

from django.utils.translation import gettext as _

from chancery.core.geo import CoordinatesError, Place, great_circle_km, nearest_place
from chancery.countries.models import Country
from chancery.countries.places import country_code_at
from chancery.countries.selectors import country_lookup
from chancery.lexicon.selectors import city_coordinates

from .presenters import position_note
from .types import AssistInputError, Location, Point

#: A country as typed (ISO code, slug or name), or one already found.
CountryInput = Country | str | None
#: A town of another country at most this much farther than the nearest town puts the point
#: near a border. Measured on the 8,715 missions with coordinates in the 2022 file: 143 have
#: their nearest town in another country than their own; 14 of them are misplaced by the
#: source (tens to thousands of km off), and of the other 129 (Rome and the Holy See,
#: Jerusalem, border towns) 128 have another country's town less than 5 km farther than the
#: nearest (129 under 10 km). 366 missions (4 %) have one that close.
BORDER_MARGIN_KM = 5.0
KM_PER_DEGREE = 111.2


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
    return Location(country=host, source="country", centre=_centre(host))


def _centre(place: Country) -> Point | None:
    """A territory's main town (Macau's, Nouméa's), as the lexicon knows it."""
    if place.part_of_id is None:
        return None
    found = city_coordinates(place.name, place.pk)
    return Point(found[1], found[2]) if found is not None else None


def _location_at(latitude: float, longitude: float, country: CountryInput) -> Location:
    """The country a point lies in; a country named as well only adds a note when it differs."""
    try:
        place = nearest_place(latitude, longitude)
    except CoordinatesError as exc:
        parameter = str(exc).split(" ", 1)[0]
        raise AssistInputError(parameter, str(exc).split(" ", 1)[1]) from exc
    code = country_code_at(latitude, longitude, nearest_code=place.country_code)
    host = Country.objects.select_related("part_of").filter(iso_alpha2=code).first()
    note = ""
    if host is None:
        raise AssistInputError("lat", _("no country known for %(code)s") % {"code": code})
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
        across_border=None if place.remote else across_border(latitude, longitude, place),
    )


def across_border(latitude: float, longitude: float, nearest: Place) -> Place | None:
    """The nearest town of another country, when it is less than `BORDER_MARGIN_KM` farther
    than the nearest town: the point may be on either side of a border."""
    import reverse_geocode

    # The towns `nearest_place` reads (GeoNames), from the library's own index since its API
    # gives only the nearest one; searched within a radius in degrees wide enough for the
    # margin at this latitude (a degree of longitude shrinks with its cosine).
    data = reverse_geocode.GeocodeData()
    reach_km = nearest.distance_km + BORDER_MARGIN_KM
    radius = reach_km / KM_PER_DEGREE / max(math.cos(math.radians(latitude)), 0.05)
    best: Place | None = None
    for index in data._tree.query_ball_point((latitude, longitude), radius):
        town = data._locations[index]
        if town["country_code"] == nearest.country_code:
            continue
        lat, lon = float(town["latitude"]), float(town["longitude"])
        distance = great_circle_km(latitude, longitude, lat, lon)
        if distance <= reach_km and (best is None or distance < best.distance_km):
            best = Place(town["country_code"], town.get("city", ""), lat, lon, distance)
    return best
