"""/missions/<slug>.vcf: a mission as a vCard for a phone's contacts."""

from __future__ import annotations

import pytest
import vobject
from django.test import Client

from chancery.directory.models import Mission
from chancery.directory.vcard import mission_vcard

pytestmark = pytest.mark.django_db


def _get(client: Client, mission: Mission):  # type: ignore[no-untyped-def]
    response = client.get(f"/missions/{mission.slug}.vcf")
    assert response.status_code == 200, response.content
    return response


def _parse(response) -> vobject.base.Component:  # type: ignore[no-untyped-def]
    text = response.content.decode("utf-8")
    assert text.startswith("BEGIN:VCARD")
    assert text.rstrip().endswith("END:VCARD")
    return vobject.readOne(text)


def _with_phones(minimum: int = 1) -> Mission:
    for mission in Mission.objects.active().exclude(phones=[]).order_by("wikidata_id"):
        if len(mission.phones) >= minimum:
            return mission
    pytest.skip(f"no mission with {minimum} phones")


def _tels(card: vobject.base.Component) -> list[str]:
    return [tel.value for tel in card.contents.get("tel", [])]


def test_a_mission_with_a_phone(client: Client) -> None:
    mission = _with_phones()
    response = _get(client, mission)

    assert response["Content-Type"].startswith("text/vcard")
    assert "charset=utf-8" in response["Content-Type"]
    assert response["Content-Disposition"] == f'attachment; filename="{mission.slug}.vcf"'
    text = response.content.decode()
    assert "VERSION:3.0" in text
    assert f"FN:{mission.name}" in text
    card = _parse(response)
    assert card.fn.value == mission.name
    assert card.org.value == [mission.sending_country.name]
    assert _tels(card) == [p.get("e164") or p["raw"] for p in mission.phones]
    assert text.count("TEL") == len(mission.phones)


def test_every_phone_becomes_a_tel(client: Client) -> None:
    """The data holds one phone per mission at most: give one three, as the source may."""
    mission = _with_phones()
    phones = [
        *mission.phones,
        {"raw": "+33 1 23 45 67 89", "e164": "+33123456789", "valid": True},
        {"raw": "ext. 12 (night line)", "e164": "", "valid": False},
    ]
    Mission.objects.filter(pk=mission.pk).update(phones=phones)
    card = _parse(_get(client, mission))
    assert _tels(card) == [
        mission.phones[0].get("e164") or mission.phones[0]["raw"],
        "+33123456789",
        "ext. 12 (night line)",
    ]


def test_a_mission_without_phones(client: Client) -> None:
    mission = Mission.objects.active().filter(phones=[]).order_by("wikidata_id").first()
    response = _get(client, mission)
    assert "TEL" not in response.content.decode()
    assert _parse(response).fn.value == mission.name


def test_address_email_website_and_position(client: Client) -> None:
    mission = (
        Mission.objects.active()
        .exclude(email="")
        .exclude(website="")
        .exclude(latitude=None)
        .exclude(city="")
        .order_by("wikidata_id")
        .first()
    )
    if mission is None:
        pytest.skip("no mission with an e-mail, a website, a city and coordinates")
    # The 2022 file has no addresses: give this one an address that needs escaping.
    address = "Straße des 17. Juni 1, Haus B; 2. Etage"
    Mission.objects.filter(pk=mission.pk).update(address=address)
    mission.refresh_from_db()

    card = _parse(_get(client, mission))
    assert card.adr.value.street == address
    assert card.adr.value.city == mission.city
    assert card.adr.value.country == mission.host_country.name
    assert card.email.value == mission.email_address
    assert card.url.value == mission.website
    assert card.geo.value.split(";") == [f"{mission.latitude:.6f}", f"{mission.longitude:.6f}"]
    assert mission.wikidata_id in card.note.value
    assert f"http://testserver/missions/{mission.slug}/" in card.note.value


def test_non_ascii_names_survive(client: Client) -> None:
    mission = Mission.objects.active().filter(name__contains="ü").order_by("wikidata_id").first()
    assert mission is not None
    response = _get(client, mission)
    card = _parse(response)
    assert card.fn.value == mission.name
    assert card.n.value.family == mission.name


def test_the_function_matches_the_view(client: Client) -> None:
    mission = _with_phones()
    text = mission_vcard(mission, base_url="http://testserver")
    assert _get(client, mission).content.decode() == text
    assert vobject.readOne(mission_vcard(mission)).fn.value == mission.name


def test_unknown_slug_is_404(client: Client) -> None:
    response = client.get("/missions/no-such-mission-anywhere.vcf")
    assert response.status_code == 404
    assert not response["Content-Type"].startswith("text/vcard")


def test_post_is_not_allowed(client: Client) -> None:
    mission = _with_phones()
    assert client.post(f"/missions/{mission.slug}.vcf").status_code == 405


def test_the_html_page_still_works(client: Client) -> None:
    mission = _with_phones()
    response = client.get(f"/missions/{mission.slug}/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
