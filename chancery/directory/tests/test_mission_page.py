"""The mission page: facts, contact links, provenance; QID redirects, 404s and escaping."""

from __future__ import annotations

import pytest
from django.template.defaultfilters import date as date_filter
from django.test import Client
from django.utils.html import escape
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from chancery.directory.models import Mission, MissionStatus

pytestmark = pytest.mark.django_db

#: Consulate-General of Belgium in Rio de Janeiro: phones, an email, coordinates, jurisdictions.
RICH_QID = "Q113015727"
GERMAN_EMBASSY_IN_RUSSIA = "Q4373990"


def test_mission_page_shows_facts_and_contact_links(
    client: Client, django_assert_max_num_queries
) -> None:
    mission = Mission.objects.get(wikidata_id=RICH_QID)
    assert mission.phones and mission.email and mission.has_coordinates
    assert mission.jurisdictions.exists()

    with django_assert_max_num_queries(10):
        response = client.get(f"/missions/{mission.slug}/")

    assert response.status_code == 200
    assertContains(response, f"<h1>{escape(mission.name)}</h1>", html=True)
    assertContains(response, "Consulate-General of Belgium in Rio de Janeiro")
    assertContains(response, "<dt>Type</dt><dd>Consulate-General ")
    assertContains(response, '<a href="/from/belgium/">Belgium</a>', html=True)
    assertContains(response, '<a href="/in/brazil/">Brazil</a>', html=True)
    # Map link to OpenStreetMap at the mission's coordinates.
    assert mission.osm_url.startswith("https://www.openstreetmap.org/?mlat=")
    assertContains(response, f'href="{escape(mission.osm_url)}"')
    assertContains(response, "on OpenStreetMap")
    # Phones: tel: links with the E.164 form, showing the number as the source wrote it.
    for phone in mission.phones:
        assert phone["e164"].startswith("+")
        assertContains(
            response, f'<a href="tel:{phone["e164"]}">{escape(phone["raw"])}</a>', html=True
        )
    assertContains(response, 'href="tel:+552125438878"')
    # Email: a mailto: link, never "mailto:mailto:".
    assert mission.email.startswith("mailto:")
    assertContains(
        response,
        '<a href="mailto:riodejaneiro@diplobel.fed.be">riodejaneiro@diplobel.fed.be</a>',
        html=True,
    )
    assertNotContains(response, "mailto:mailto:")
    # Jurisdictions link to the pair pages.
    assertContains(response, "Also accredited to")
    for country in mission.jurisdictions.all():
        assertContains(
            response,
            f'<a href="/from/belgium/in/{country.slug}/">{escape(country.name)}</a>',
            html=True,
        )
    # Provenance: the Wikidata item and when it was last seen.
    assertContains(
        response,
        f'<a href="https://www.wikidata.org/wiki/{RICH_QID}">Wikidata item {RICH_QID}</a>',
        html=True,
    )
    assertContains(response, f"last seen {date_filter(mission.last_seen, 'DATE_FORMAT')}")
    assertNotContains(response, "no longer in the source data")


def test_mission_page_of_an_embassy(client: Client) -> None:
    response = client.get("/missions/embassy-of-germany-in-russia/")
    assertContains(response, "<h1>Embassy of Germany in Russia</h1>", html=True)
    assertContains(response, "<dt>Type</dt><dd>Embassy</dd>")
    assertContains(response, "Moscow")
    assertContains(response, 'href="https://germania.diplo.de/ru-de"')
    assertContains(response, "mlat=55.717360&amp;mlon=37.517000")
    assertContains(response, "https://www.wikidata.org/wiki/Q4373990")
    # Breadcrumbs lead back to the host and the pair.
    assertContains(response, '<a href="/in/russia/">Russia</a>', html=True)
    assertContains(response, '<a href="/from/germany/in/russia/">Germany</a>', html=True)


def test_a_phone_that_did_not_parse_is_shown_without_a_link(client: Client) -> None:
    mission = Mission.objects.get(wikidata_id=GERMAN_EMBASSY_IN_RUSSIA)
    mission.phones = [{"raw": "ask at the gate", "e164": "", "valid": False}]
    mission.save(update_fields=["phones"])
    response = client.get(mission.get_absolute_url())
    assertContains(response, "ask at the gate")
    assertContains(response, "could not be checked")
    assertNotContains(response, 'href="tel:')


@pytest.mark.parametrize("qid", ["Q4373990", "q4373990"])
def test_wikidata_id_redirects_to_the_slug(client: Client, qid: str) -> None:
    response = client.get(f"/missions/{qid}/")
    assertRedirects(
        response,
        "/missions/embassy-of-germany-in-russia/",
        status_code=301,
        fetch_redirect_response=False,
    )


def test_unknown_mission_is_404(client: Client) -> None:
    response = client.get("/missions/embassy-of-narnia-in-russia/")
    assertContains(response, "We don't know that mission", status_code=404)
    response = client.get("/missions/Q999999999999/")
    assertContains(response, "We don't know that mission", status_code=404)


def test_withdrawn_mission_shows_a_notice(client: Client) -> None:
    mission = Mission.objects.get(wikidata_id=GERMAN_EMBASSY_IN_RUSSIA)
    mission.status = MissionStatus.WITHDRAWN
    mission.save(update_fields=["status"])

    response = client.get(mission.get_absolute_url())

    assert response.status_code == 200
    assertContains(response, "This mission is no longer in the source data")
    assertContains(response, f"(last seen {date_filter(mission.last_seen, 'DATE_FORMAT')})")
    assertContains(response, "It may have closed.")


def test_output_is_escaped(client: Client) -> None:
    payload = "<script>alert(1)</script>"
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;"
    mission = Mission.objects.get(wikidata_id=GERMAN_EMBASSY_IN_RUSSIA)
    mission.city = payload
    mission.address = f"Mosfilmovskaya 56\n{payload}"
    mission.save(update_fields=["city", "address"])

    for url in (
        mission.get_absolute_url(),
        "/in/russia/",
        "/from/germany/",
        "/from/germany/in/russia/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assertContains(response, escaped, msg_prefix=url)
        assertNotContains(response, payload, msg_prefix=url)


def test_the_not_found_page_escapes_what_was_asked_for(client: Client) -> None:
    payload = "<img src=x onerror=alert(1)>"
    for response in (
        client.get(f"/in/{payload}/"),
        client.get(f"/missions/{payload}/"),
        client.get("/find/", {"from": payload}),
    ):
        assert response.status_code == 404
        assertContains(response, "&lt;img src=x onerror=alert(1)&gt;", status_code=404)
        assertNotContains(response, payload, status_code=404)
