"""A mission as a vCard (3.0), for a phone's address book."""

from __future__ import annotations

import vobject

from chancery.core.weblinks import email_problem, web_address_problem

from .models import Mission


def mission_vcard(mission: Mission, *, base_url: str = "") -> str:
    card = vobject.vCard()
    # The name in the language the card was asked in; the stored English name goes with it,
    # to show anyone who reads neither the local language nor the traveller's.
    card.add("fn").value = mission.title
    card.add("n").value = vobject.vcard.Name(family=mission.title)
    if mission.title != mission.name:
        card.add("nickname").value = mission.name
    card.add("org").value = [mission.sending_country.label]
    card.add("title").value = mission.get_kind_display()
    for phone in mission.phones:
        number = phone.get("e164") or phone.get("raw")
        if number:
            tel = card.add("tel")
            tel.value = number
            tel.type_param = "work"
    if mission.fax:
        fax = card.add("tel")
        fax.value = mission.fax
        fax.type_paramlist = ["work", "fax"]
    # An address that could mislead (kept in the database for an editor to fix) is not copied
    # into address books, where no warning would go with it.
    if mission.email_address and not email_problem(mission.email_address):
        card.add("email").value = mission.email_address
    if mission.website and not web_address_problem(mission.website):
        card.add("url").value = mission.website
    parts = mission.address_parts or {}
    if parts.get("street_address") or parts.get("locality"):
        card.add("adr").value = vobject.vcard.Address(
            street=parts.get("street_address", ""),
            city=parts.get("locality") or mission.town,
            region=parts.get("region", ""),
            code=parts.get("postal_code", ""),
            country=mission.located_in.name,
        )
    elif mission.address or mission.city:
        card.add("adr").value = vobject.vcard.Address(
            street=mission.address, city=mission.town, country=mission.located_in.name
        )
    if mission.has_coordinates:
        card.add("geo").value = f"{mission.latitude:.6f};{mission.longitude:.6f}"
    labelled = [f"{p['raw']}: {p['label']}" for p in mission.phones if p.get("label")]
    note = (
        f"Source: Wikidata {mission.wikidata_id}, last seen {mission.last_seen:%Y-%m-%d}."
        if mission.wikidata_id
        else f"Source: {mission.source} {mission.source_id}, last seen {mission.last_seen:%Y-%m-%d}."
    )
    if labelled:
        note = " ".join(labelled) + ". " + note
    if base_url:
        note += f" {base_url}{mission.get_absolute_url()}"
    card.add("note").value = note
    return card.serialize()
