"""The admin: closed to anonymous users; missions and countries browsable by staff."""

from __future__ import annotations

import pytest
from django.test import Client
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from chancery.countries.models import Country
from chancery.directory.models import Mission

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_(client: Client, django_user_model) -> Client:
    user = django_user_model.objects.create_superuser(
        username="editor", email="editor@example.org", password="not-a-real-password"
    )
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "url", ["/admin/", "/admin/directory/mission/", "/admin/countries/country/"]
)
def test_admin_sends_anonymous_users_to_login(client: Client, url: str) -> None:
    response = client.get(url)
    assertRedirects(response, f"/admin/login/?next={url}", fetch_redirect_response=False)


@pytest.mark.parametrize(
    "next_url", ["//evil.example/", "https://evil.example/", "/\\evil.example", "/admin/"]
)
def test_a_login_leads_to_a_page_of_this_site(
    client: Client, django_user_model, next_url: str
) -> None:
    """An unsafe `next` is ignored for the admin's index, not a missing page."""
    django_user_model.objects.create_superuser(
        username="editor", email="editor@example.org", password="not-a-real-password"
    )
    response = client.post(
        f"/admin/login/?next={next_url}",
        {"username": "editor", "password": "not-a-real-password", "next": next_url},
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_admin_index(admin_client_: Client) -> None:
    response = admin_client_.get("/admin/")
    assert response.status_code == 200
    assertContains(response, "/admin/directory/mission/")
    assertContains(response, "/admin/countries/country/")


def test_mission_changelist_with_search_and_filters(
    admin_client_: Client, django_assert_max_num_queries
) -> None:
    russia = Country.objects.get(slug="russia")
    with django_assert_max_num_queries(20):
        response = admin_client_.get(
            "/admin/directory/mission/",
            {
                "q": "Germany Russia",
                "kind__exact": "embassy",
                "status__exact": "active",
                "host_country__id__exact": russia.pk,
            },
        )
    assert response.status_code == 200
    assertContains(response, "Embassy of Germany in Russia")
    assertNotContains(response, "Embassy of France in Russia")
    assertContains(response, "1 result")


def test_mission_changelist_search_by_wikidata_id(admin_client_: Client) -> None:
    response = admin_client_.get("/admin/directory/mission/", {"q": "Q4373990"})
    assert response.status_code == 200
    assertContains(response, "Embassy of Germany in Russia")


def test_mission_change_page(admin_client_: Client) -> None:
    mission = Mission.objects.get(wikidata_id="Q113015727")
    response = admin_client_.get(f"/admin/directory/mission/{mission.pk}/change/")
    assert response.status_code == 200
    assertContains(response, mission.name)
    assertContains(response, "Q113015727")
    assertContains(response, "Provenance")


def test_country_changelist_with_search_and_filter(admin_client_: Client) -> None:
    response = admin_client_.get(
        "/admin/countries/country/", {"q": "DEU", "kind__exact": "sovereign_state"}
    )
    assert response.status_code == 200
    assertContains(response, "Germany")
    assertContains(response, "1 result")


def test_country_changelist_searches_aliases(admin_client_: Client) -> None:
    response = admin_client_.get("/admin/countries/country/", {"q": "Federal Republic of Germany"})
    assert response.status_code == 200
    assertContains(response, "Germany")


def test_country_changelist_filter_by_kind(admin_client_: Client) -> None:
    response = admin_client_.get("/admin/countries/country/", {"kind__exact": "subnational"})
    assert response.status_code == 200
    assertContains(response, "Quebec")
    germany = Country.objects.get(slug="germany")
    assertNotContains(response, f"/admin/countries/country/{germany.pk}/change/")


def test_country_autocomplete_for_mission_fields(admin_client_: Client) -> None:
    response = admin_client_.get(
        "/admin/autocomplete/",
        {
            "term": "germ",
            "app_label": "directory",
            "model_name": "mission",
            "field_name": "sending_country",
        },
    )
    assert response.status_code == 200
    assert "Germany" in {r["text"] for r in response.json()["results"]}
