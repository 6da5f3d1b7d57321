"""An answer as plain data, for the JSON API."""

from __future__ import annotations

from django.urls import reverse

from chancery.countries.models import Country
from chancery.directory.models import Mission

from .services import Answer


def _country(country: Country) -> dict[str, str]:
    return {"code": country.code, "name": country.name, "slug": country.slug}


def mission_payload(mission: Mission | None) -> dict[str, object] | None:
    if mission is None:
        return None
    return {
        "wikidata_id": mission.wikidata_id,
        "slug": mission.slug,
        "url": mission.get_absolute_url(),
        "vcard_url": reverse("directory:mission-vcard", args=[mission.slug]),
        "name": mission.name,
        "kind": mission.kind,
        "sending_country": _country(mission.sending_country),
        "host_country": _country(mission.host_country),
        "city": mission.city,
        "address": mission.address,
        "latitude": mission.latitude,
        "longitude": mission.longitude,
        "phones": mission.phones,
        "email": mission.email_address,
        "website": mission.website,
    }


def answer_payload(result: Answer) -> dict[str, object]:
    location = result.location
    return {
        "nationality": _country(result.nationality),
        "location": {
            "country": _country(location.country),
            "city": location.city,
            "latitude": location.point.latitude if location.point else None,
            "longitude": location.point.longitude if location.point else None,
            "found_from": location.source,
            "nearest_place_km": round(location.place.distance_km, 1) if location.place else None,
        },
        "options": [
            {
                "rule": str(option.rule),
                "rule_label": option.rule_label,
                "mission": mission_payload(option.mission),
                "distance_km": option.distance_km,
                "note": option.note,
                "phone": option.phone,
                "web": option.web,
                "supervising": mission_payload(option.supervising),
                "source": option.source,
                "hours": option.hours,
                "is_24_7": option.is_24_7,
                "other_phones": [
                    {"phone": phone, "phone_display": shown, "note": note}
                    for phone, shown, note in option.other_phones
                ],
                "as_of": option.as_of,
            }
            for option in result.options
        ],
        "caveats": result.caveats,
    }
