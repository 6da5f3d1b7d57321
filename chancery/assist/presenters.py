"""What an answer says: the sentences of its cards and caveats, in the page's language, and the
answer as plain data for the JSON API."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from chancery.core.geo import Place
from chancery.countries.models import Country
from chancery.directory.models import Mission, MissionKind

from .rules import EmergencyLine, ProtectingMandate, SharingAgreement
from .types import Answer

HONORARY_NOTE = gettext_noop(
    "An honorary consul is a volunteer, not a career diplomat: they can advise you, contact "
    "your family and pass messages to your embassy, but cannot issue passports or visas."
)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _where(mission: Mission) -> str:
    return ", ".join(part for part in (mission.city, mission.located_in.label) if part)


# --- the notes on the cards -------------------------------------------------------------------


def resident_note(mission: Mission, nationality: Country) -> str:
    if mission.kind == MissionKind.EMBASSY:
        return _(
            "The embassy of %(nationality)s: emergency passports, help after arrest, illness "
            "or crime, and contact with family."
        ) % {"nationality": nationality.label_in_sentence}
    if mission.kind == MissionKind.HIGH_COMMISSION:
        return _(
            "The high commission of %(nationality)s: emergency passports, help after arrest, "
            "illness or crime, and contact with family."
        ) % {"nationality": nationality.label_in_sentence}
    if mission.kind == MissionKind.INTERESTS_SECTION:
        return _("Acts for your country where it has no embassy.")
    return _("A consulate: emergency passports and help for citizens in its area.")


def accredited_note(mission: Mission, nationality: Country, host: Country) -> str:
    return _(
        "%(nationality)s has no mission based in %(country)s; this mission in "
        "%(place)s is accredited to %(country)s. Call first: it may send a "
        "consul to you or help by phone."
    ) % {
        "nationality": _cap(nationality.label_in_sentence),
        "country": host.label_in_sentence,
        "place": _where(mission),
    }


def sovereign_note(
    mission: Mission, nationality: Country, place: Country, sovereign: Country
) -> str:
    return _(
        "%(nationality)s has this mission in %(state)s, which %(place)s is part of. "
        "Call first: it may help from there or tell you where to go."
    ) % {
        "nationality": _cap(nationality.label_in_sentence),
        "state": sovereign.label_in_sentence,
        "place": place.label,
    }


def sovereign_basis(place: Country, sovereign: Country) -> str:
    return _("%(place)s is part of %(state)s.") % {
        "place": place.label,
        "state": sovereign.label_in_sentence,
    }


def eu_directive_note(nationality: Country, host: Country) -> str:
    return _(
        "%(nationality)s has no embassy or consulate in %(country)s. As an EU "
        "citizen you may ask any EU country's embassy or consulate for help, on the "
        "same terms as its own citizens (Directive (EU) 2015/637)."
    ) % {"nationality": _cap(nationality.label_in_sentence), "country": host.label_in_sentence}


def sharing_note(
    agreement: SharingAgreement, mission: Mission, nationality: Country, host: Country
) -> str:
    return _(
        "Under the %(agreement)s, %(partner)s helps citizens of "
        "%(nationality)s in %(country)s: %(services)s"
    ) % {
        "agreement": agreement.name,
        "partner": mission.sending_country.label_in_sentence,
        "nationality": nationality.label_in_sentence,
        "country": host.label_in_sentence,
        "services": agreement.services,
    } + (f" {agreement.note}" if agreement.note else "")


def protecting_note(mandate: ProtectingMandate, nationality: Country, host: Country) -> str:
    return (
        _("%(office)s acts for %(nationality)s in %(country)s: %(services)s")
        if mandate.services
        else _("%(office)s acts for %(nationality)s in %(country)s.")
    ) % {
        "office": mandate.office,
        "nationality": nationality.label_in_sentence,
        "country": host.label_in_sentence,
        "services": mandate.services,
    }


def honorary_note() -> str:
    return _(HONORARY_NOTE)


def ministry_line_note(line: EmergencyLine) -> str:
    return " ".join(
        part
        for part in (
            _("%(ministry)s: consular emergencies, %(hours)s.")
            % {"ministry": line.ministry, "hours": line.hours}
            if line.hours
            else _("%(ministry)s: consular emergencies, at any hour.")
            % {"ministry": line.ministry},
            line.note,
        )
        if part
    )


# --- caveats ----------------------------------------------------------------------------------


def own_country_caveat(host: Country) -> str:
    return _(
        "You are in %(country)s, your own country: embassies help foreigners, "
        "so call the local emergency services or go to the police."
    ) % {"country": host.label_in_sentence}


def dual_citizen_caveat(nationality: Country, host: Country) -> str:
    return _(
        "You are also a citizen of %(country)s. %(country_capitalized)s may treat you "
        "only as its own citizen and refuse %(nationality)s's consuls access to you; "
        "travel on the passport you entered with."
    ) % {
        "country": host.label_in_sentence,
        "country_capitalized": _cap(host.label_in_sentence),
        "nationality": nationality.label_in_sentence,
    }


def permanent_resident_caveat(host: Country) -> str:
    return _(
        "As a permanent resident of %(country)s you are mostly under its local "
        "services; the missions above still help with passports and in emergencies, but "
        "not with matters of your residence."
    ) % {"country": host.label_in_sentence}


def remote_position_caveat(place: Place, host: Country) -> str:
    return _(
        "Your position is %(distance)s km from the nearest town (%(town)s, "
        "%(country)s): if you are at sea or in a remote area, call the ministry line "
        "or the ship's or local emergency services."
    ) % {
        "distance": f"{place.distance_km:.0f}",
        "town": place.city,
        "country": host.label_in_sentence,
    }


def no_mission_caveat(nationality: Country, host: Country) -> str:
    return _("No mission of %(nationality)s or of a partner country is known for %(country)s.") % {
        "nationality": nationality.label_in_sentence,
        "country": host.label_in_sentence,
    }


def eu_rule_not_here_caveat(reason: str) -> str:
    return _(
        "The EU rule for unrepresented citizens does not apply here, so no other EU "
        "country's mission is listed: %(reason)s"
    ) % {"reason": reason}


def not_known_in_territory_caveat(name: str, place: Country, sovereign: Country) -> str:
    return _(
        "%(name)s applies in %(state)s, but its source does not say whether it covers "
        "%(place)s: ask before relying on it."
    ) % {"name": _cap(name), "state": sovereign.label_in_sentence, "place": place.label}


def mandate_not_known_in_territory_caveat(
    mandate: ProtectingMandate, nationality: Country, place: Country, sovereign: Country
) -> str:
    return _(
        "%(office)s acts for %(nationality)s in %(state)s, but its source does not say "
        "whether it does in %(place)s: ask before relying on it."
    ) % {
        "office": mandate.office,
        "nationality": nationality.label_in_sentence,
        "state": sovereign.label_in_sentence,
        "place": place.label,
    }


def near_border_caveat(place: Place, other: Place) -> str:
    return _(
        "Your position is near a border: the nearest town is %(town)s (%(distance)s km), "
        "but %(other_town)s, in another country, is %(other_distance)s km away. If you are "
        "across the border, ask again with that country."
    ) % {
        "town": place.city,
        "distance": f"{place.distance_km:.0f}",
        "other_town": other.city,
        "other_distance": f"{other.distance_km:.0f}",
    }


def honorary_only_caveat() -> str:
    return _(
        "Only an honorary consul is listed here: for a new passport you will need the "
        "ministry line or a career mission in a neighbouring country."
    )


# --- where the person is ----------------------------------------------------------------------


def position_note(host: Country, named: Country) -> str:
    return _(
        "Your position is in %(country)s, not %(named)s: the answer follows your position."
    ) % {"country": host.label_in_sentence, "named": named.label_in_sentence}


# --- the JSON API -----------------------------------------------------------------------------


def _country(country: Country) -> dict[str, str]:
    return {"code": country.code, "name": country.name, "slug": country.slug}


def mission_payload(mission: Mission | None) -> dict[str, object] | None:
    if mission is None:
        return None
    return {
        "id": mission.public_id,
        "wikidata_id": mission.wikidata_id,
        "slug": mission.slug,
        "url": mission.get_absolute_url(),
        "vcard_url": reverse("directory:mission-vcard", args=[mission.slug]),
        "name": mission.data_name,
        "kind": mission.kind,
        "sending_country": _country(mission.sending_country),
        "host_country": _country(mission.host_country),
        "territory": _country(mission.located_in),
        "city": mission.data_town,
        "address": mission.address,
        "latitude": mission.latitude,
        "longitude": mission.longitude,
        "phones": mission.phones,
        "email": mission.email_address,
        "website": mission.website,
        "verified": mission.verified,
    }


def answer_payload(result: Answer) -> dict[str, object]:
    location = result.location
    return {
        "nationality": _country(result.nationality),
        "location": {
            "country": _country(location.country),
            "part_of": _country(location.sovereign) if location.sovereign else None,
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
                "basis": option.basis,
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
