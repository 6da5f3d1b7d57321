"""Reading the vocabulary: this process's lexicon, and the place lookups the features share
(assist places a person by their town, corrections checks a suggested point, news tags
articles), all answered from the same lexicon as search."""

from __future__ import annotations

from chancery.core.geo import great_circle_km

from .store import current_lexicon

__all__ = ["city_coordinates", "current_lexicon", "near_a_city_of"]


def city_coordinates(name: str, country_id: int) -> tuple[str, float, float] | None:
    """The best-known city (or region) of that name in a country: (name, lat, lon)."""
    city = current_lexicon().locate(name, country_id)
    if city is None or city.latitude is None or city.longitude is None:
        return None
    return city.name, city.latitude, city.longitude


def near_a_city_of(country_id: int, latitude: float, longitude: float, within_km: float) -> bool:
    """Whether a point lies within `within_km` of one of a country's known cities."""
    lexicon = current_lexicon()
    return any(
        city.country_id == country_id
        and city.latitude is not None
        and city.longitude is not None
        and abs(city.latitude - latitude) < 1
        and great_circle_km(latitude, longitude, city.latitude, city.longitude) <= within_km
        for city in lexicon.cities
    )
