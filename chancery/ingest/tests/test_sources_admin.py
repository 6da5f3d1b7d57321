"""The admin's Sources page: each source's last run, counts and last error; missions from
OpenStreetMap awaiting an editor."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from chancery.countries.models import Country
from chancery.directory.models import Mission
from chancery.ingest.models import ImportKind, ImportRun

pytestmark = pytest.mark.django_db

URL = "/admin/ingest/importrun/sources/"


@pytest.fixture
def staff_client(client: Client, django_user_model) -> Client:
    """A staff member who may view import runs and missions, and nothing else."""
    user = django_user_model.objects.create_user(
        username="editor", password="not-a-real-password", is_staff=True
    )
    user.user_permissions.add(
        Permission.objects.get(codename="view_importrun"),
        Permission.objects.get(codename="view_mission"),
    )
    client.force_login(user)
    return client


def record(
    source: str,
    *,
    hours_ago: float,
    ok: bool = True,
    kind: str = ImportKind.MISSIONS,
    **fields: object,
) -> ImportRun:
    started = timezone.now() - dt.timedelta(hours=hours_ago)
    return ImportRun.objects.create(
        kind=kind,
        source=source,
        location=f"https://example.org/{source}",
        started_at=started,
        finished_at=started + dt.timedelta(seconds=42.5),
        ok=ok,
        **fields,
    )


def unverified_mission() -> Mission:
    now = timezone.now()
    return Mission.objects.create(
        slug="australian-high-commission-singapore",
        name="Australian High Commission, Singapore",
        kind="high_commission",
        sending_country=Country.objects.get(slug="australia"),
        host_country=Country.objects.get(slug="singapore"),
        city="Singapore",
        source="osm",
        source_id="way/30233432",
        first_seen=now,
        last_seen=now,
        verified=False,
    )


def test_anonymous_visitors_are_sent_to_login(client: Client) -> None:
    response = client.get(URL)
    assertRedirects(response, f"/admin/login/?next={URL}", fetch_redirect_response=False)


def test_staff_without_the_runs_permission_are_refused(client: Client, django_user_model) -> None:
    user = django_user_model.objects.create_user(username="clerk", password="x", is_staff=True)
    client.force_login(user)
    assert client.get(URL).status_code == 403


def test_staff_see_each_source_its_counts_and_a_failed_runs_error(
    staff_client: Client, django_assert_max_num_queries
) -> None:
    ImportRun.objects.all().delete()  # the session's import of the 2022 file
    good = record("wikidata-sparql", hours_ago=30, rows_read=9900, created=12, updated=340)
    failed = record(
        "wikidata-sparql",
        hours_ago=6,
        ok=False,
        error="https://query.wikidata.org/sparql: the server answered 500 Internal Server Error",
    )
    record("us", hours_ago=5, kind=ImportKind.ADVISORIES, rows_read=211, created=3, unchanged=208)

    with django_assert_max_num_queries(12):
        response = staff_client.get(URL)
    assert response.status_code == 200
    rows = {status.source: status for status in response.context["statuses"]}
    assert list(rows) == ["wikidata-sparql", "us"]  # missions first, then advisories
    assert rows["wikidata-sparql"].last == failed
    assert rows["wikidata-sparql"].last_ok == good
    assert rows["us"].last_failure is None
    assertContains(response, "the server answered 500 Internal Server Error")
    assertContains(response, f"/admin/ingest/importrun/{failed.pk}/change/")
    assertContains(response, f"/admin/ingest/importrun/{good.pk}/change/")
    assertContains(response, "<td>211</td>", html=True)
    assertContains(response, "<td>208</td>", html=True)
    assertContains(response, "42.5 s")


def test_missions_from_openstreetmap_awaiting_an_editor_link_to_their_page(
    staff_client: Client,
) -> None:
    response = staff_client.get(URL)
    assertContains(response, "None: every mission has been confirmed.")
    mission = unverified_mission()
    response = staff_client.get(URL)
    assertContains(
        response,
        f'<a href="/admin/directory/mission/{mission.pk}/change/">'
        "Australian High Commission, Singapore</a>",
        html=True,
    )
    assertContains(response, "1 mission was created from an OpenStreetMap feature")


def test_the_admin_index_links_to_the_sources_page(staff_client: Client, client: Client) -> None:
    assertContains(staff_client.get("/admin/"), f'href="{URL}"')
    assertContains(staff_client.get("/admin/ingest/"), f'href="{URL}"')


def test_the_index_does_not_offer_it_to_staff_who_may_not_see_runs(
    client: Client, django_user_model
) -> None:
    user = django_user_model.objects.create_user(username="clerk", password="x", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_mission"))
    client.force_login(user)
    assertNotContains(client.get("/admin/"), URL)
