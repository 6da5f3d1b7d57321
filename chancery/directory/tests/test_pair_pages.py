"""Pair pages (/from/<sender>/in/<host>/): resident missions, accredited ones, or neither."""

from __future__ import annotations

import pytest
from django.db.models import Exists, F, OuterRef
from django.test import Client
from django.utils.html import escape
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from chancery.countries.models import PLACE_KINDS, Country
from chancery.directory.models import Mission

pytestmark = pytest.mark.django_db


def _accredited_pair() -> tuple[Country, Country, Mission]:
    """A real sender/host pair: no resident active mission, but an active mission of the
    sender elsewhere whose jurisdictions include the host."""
    Accreditation = Mission.jurisdictions.through
    resident = Mission.objects.active().filter(
        sending_country=OuterRef("mission__sending_country"), host_country=OuterRef("country")
    )
    row = (
        Accreditation.objects.filter(mission__status="active", country__kind__in=PLACE_KINDS)
        .exclude(mission__host_country=F("country"))
        .filter(~Exists(resident))
        .select_related("mission__sending_country", "mission__host_country", "country")
        .order_by("mission__sending_country__name", "country__name", "mission__name")
        .first()
    )
    assert row is not None, "the data should hold at least one accredited-only pair"
    return row.mission.sending_country, row.country, row.mission


def _unserved_pair() -> tuple[Country, Country]:
    """A real sender/host pair with neither a resident nor an accredited active mission."""
    sender = Country.objects.get(slug="germany")
    served = set(
        Mission.objects.active()
        .filter(sending_country=sender)
        .values_list("host_country", flat=True)
    ) | set(
        Mission.objects.active()
        .filter(sending_country=sender)
        .values_list("jurisdictions", flat=True)
    )
    host = (
        Country.objects.filter(kind__in=PLACE_KINDS)
        .exclude(pk__in=[pk for pk in served if pk is not None])
        .exclude(pk=sender.pk)
        .order_by("name")
        .first()
    )
    assert host is not None
    return sender, host


def test_pair_with_a_resident_embassy(client: Client, django_assert_max_num_queries) -> None:
    with django_assert_max_num_queries(10):
        response = client.get("/from/germany/in/russia/")
    assert response.status_code == 200
    assertContains(response, "<h1>Germany in Russia</h1>", html=True)
    assertContains(response, "<title>Embassy of Germany in Russia · Chancery</title>")
    assertContains(response, "Germany has 1 mission in Russia.")
    assertContains(
        response,
        '<a href="/missions/embassy-of-germany-in-russia/">Embassy of Germany in Russia</a>',
        html=True,
    )
    assertNotContains(response, "has no embassy")
    assertContains(response, 'href="/in/russia/"')
    assertContains(response, 'href="/from/germany/"')


def test_pair_lists_the_embassy_before_the_consulates(client: Client) -> None:
    response = client.get("/from/france/in/russia/")
    html = response.content.decode()
    french = Mission.objects.active().filter(
        sending_country__slug="france", host_country__slug="russia"
    )
    assert french.count() > 1
    assertContains(response, f"France has {french.count()} missions in Russia.")
    for mission in french:
        assert f'href="/missions/{mission.slug}/"' in html
    assert html.index("Embassy of France in Russia") < html.index(
        "Consulate-General of France in Saint Petersburg"
    )
    assertContains(response, "<title>Embassy of France in Russia · Chancery</title>")


def test_pair_redirects_codes_to_slugs(client: Client) -> None:
    assertRedirects(
        client.get("/from/DE/in/RU/"),
        "/from/germany/in/russia/",
        status_code=301,
        fetch_redirect_response=False,
    )
    assertRedirects(
        client.get("/from/germany/in/RUS/"),
        "/from/germany/in/russia/",
        status_code=301,
        fetch_redirect_response=False,
    )


def test_pair_without_resident_mission_names_the_accredited_one(
    client: Client, django_assert_max_num_queries
) -> None:
    sender, host, mission = _accredited_pair()
    assert not Mission.objects.active().filter(sending_country=sender, host_country=host).exists()

    with django_assert_max_num_queries(10):
        response = client.get(f"/from/{sender.slug}/in/{host.slug}/")

    assert response.status_code == 200
    host_name = escape(host.name_in_sentence)
    sender_name = escape(sender.name_in_sentence[:1].upper() + sender.name_in_sentence[1:])
    assertContains(response, f"{sender_name} has no embassy in {host_name}.")
    assertContains(response, f"is accredited to {host_name}.")
    assertContains(response, f'<a href="{mission.get_absolute_url()}">{escape(mission.name)}</a>')
    assertNotContains(response, "has no embassy or consulate")


def test_pair_accredited_example_afghanistan_in_fiji(client: Client) -> None:
    response = client.get("/from/afghanistan/in/fiji/")
    assertContains(response, "Afghanistan has no embassy in Fiji.")
    assertContains(
        response,
        'The <a href="/missions/embassy-of-afghanistan-in-australia/">'
        "Embassy of Afghanistan in Australia</a> is accredited to Fiji.",
    )


def test_pair_with_neither_says_so(client: Client) -> None:
    sender, host = _unserved_pair()
    response = client.get(f"/from/{sender.slug}/in/{host.slug}/")
    assert response.status_code == 200
    host_name = escape(host.name_in_sentence)
    assertContains(response, f"Germany has no embassy or consulate in {host_name}")
    assertContains(
        response, f"none of its missions elsewhere is listed as accredited to {host_name}"
    )
    assertNotContains(response, 'href="/missions/')
    assertContains(response, f'href="/in/{host.slug}/"')


def test_pair_with_unknown_country_is_404(client: Client) -> None:
    response = client.get("/from/germany/in/narnia/")
    assertContains(response, "We don't know that country", status_code=404)
    response = client.get("/from/narnia/in/russia/")
    assertContains(response, "We don't know that country", status_code=404)
