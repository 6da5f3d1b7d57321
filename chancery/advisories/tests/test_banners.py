"""Banners: an editor's between its start and end, or one derived from a level-4 advisory, on
the home page, the host hub, pair pages and mission pages; and the admin that adds them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.html import escape
from pytest_django.asserts import assertContains, assertNotContains

from chancery.advisories.models import Advisory, Banner, Severity
from chancery.advisories.selectors import active_banners
from chancery.advisories.services import advisories_import
from chancery.countries.models import Country
from chancery.directory.models import Mission

from .helpers import CA_SAMPLE, UsItem, advisory_runs, us_rss, write

pytestmark = pytest.mark.django_db

HEADLINE = "Russia is currently at war in Ukraine."
BODY = "Flights are suspended."
FIND = escape("Find your country's embassy in Russia")
T = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)


def _russia() -> Country:
    return Country.objects.get(iso_alpha2="RU")


def _banner(
    starts_at: dt.datetime, ends_at: dt.datetime | None, headline: str = HEADLINE, **extra
) -> Banner:
    return Banner.objects.create(
        country=extra.pop("country", None) or _russia(),
        headline=headline,
        body=extra.pop("body", BODY),
        starts_at=starts_at,
        ends_at=ends_at,
        **extra,
    )


def _pages_about_russia() -> dict[str, str]:
    """The host hub, a pair page and a mission page in Russia (real missions)."""
    mission = (
        Mission.objects.active()
        .filter(host_country__iso_alpha2="RU", sending_country__iso_alpha2="DE")
        .select_related("sending_country")
        .order_by("slug")
        .first()
    )
    assert mission is not None
    return {
        "host": "/in/russia/",
        "pair": f"/from/{mission.sending_country.slug}/in/russia/",
        "mission": f"/missions/{mission.slug}/",
    }


def _level_4_russia(tmp_path: Path) -> None:
    feed = us_rss(UsItem("Russia", "RS", 4), UsItem("France", "FR", 1))
    advisories_import("us", write(tmp_path / "us.xml", feed))


# --- The queryset, at explicit times ----------------------------------------------------------


def test_active_between_start_and_end_only() -> None:
    now_on = _banner(T - dt.timedelta(days=1), T + dt.timedelta(days=1), "now on")
    expired = _banner(T - dt.timedelta(days=3), T - dt.timedelta(days=1), "expired")
    future = _banner(T + dt.timedelta(days=1), None, "future")
    open_ended = _banner(T - dt.timedelta(days=10), None, "open-ended")

    def active(at: dt.datetime) -> set[str]:
        return set(Banner.objects.active(at).values_list("headline", flat=True))

    assert active(T) == {now_on.headline, open_ended.headline}
    assert active(T - dt.timedelta(days=2)) == {expired.headline, open_ended.headline}
    assert active(T + dt.timedelta(days=2)) == {future.headline, open_ended.headline}
    # The start is included, the end is not.
    assert now_on.headline in active(now_on.starts_at)
    assert now_on.headline not in active(now_on.ends_at)
    assert [b.headline for b in active_banners(_russia(), at=T)] == ["now on", "open-ended"]


def test_banner_without_end_shows_until_removed() -> None:
    banner = _banner(T, None)
    assert Banner.objects.active(T + dt.timedelta(days=3650)).filter(pk=banner.pk).exists()


# --- Pages ------------------------------------------------------------------------------------


def test_editor_banner_on_home_host_pair_and_mission_pages(client: Client) -> None:
    now = timezone.now()
    _banner(now - dt.timedelta(hours=1), now + dt.timedelta(days=1))
    for url in ["/", *_pages_about_russia().values()]:
        response = client.get(url)
        assertContains(response, HEADLINE, msg_prefix=url)
        assertContains(response, BODY, msg_prefix=url)
        assertContains(response, FIND, msg_prefix=url)
        assertContains(response, 'href="/in/russia/"', msg_prefix=url)
    # Not on another country's pages.
    assertNotContains(client.get("/in/france/"), HEADLINE)


def test_expired_and_future_banners_are_not_shown(client: Client) -> None:
    now = timezone.now()
    _banner(now - dt.timedelta(days=3), now - dt.timedelta(days=1), "Expired notice.")
    _banner(now + dt.timedelta(days=1), now + dt.timedelta(days=3), "Future notice.")
    for url in ["/", *_pages_about_russia().values()]:
        response = client.get(url)
        assert response.status_code == 200, url
        assertNotContains(response, "Expired notice.", msg_prefix=url)
        assertNotContains(response, "Future notice.", msg_prefix=url)
        assertNotContains(response, FIND, msg_prefix=url)


def test_call_to_action_replaces_the_default_link_text(client: Client) -> None:
    now = timezone.now()
    _banner(
        now - dt.timedelta(hours=1),
        None,
        call_to_action="Contact your embassy now",
        severity=Severity.CRISIS,
    )
    for url in ["/", "/in/russia/"]:
        response = client.get(url)
        assertContains(response, '<a href="/in/russia/">Contact your embassy now</a>', html=False)
        assertNotContains(response, FIND)
        assertContains(response, "banner-crisis")


def test_level_4_advisory_derives_a_banner(tmp_path: Path, client: Client) -> None:
    _level_4_russia(tmp_path)
    shown = active_banners(_russia())
    assert len(shown) == 1
    assert shown[0].derived
    assert shown[0].severity == Severity.CRISIS
    assert "Level 4: Do Not Travel" in shown[0].headline
    # A level-1 country gets none.
    assert active_banners(Country.objects.get(iso_alpha2="FR")) == []

    for url in _pages_about_russia().values():
        response = client.get(url)
        assertContains(response, "Travel warning for Russia", msg_prefix=url)
        assertContains(response, "Level 4: Do Not Travel", msg_prefix=url)
        assertContains(response, FIND, msg_prefix=url)
        assertContains(response, 'href="/advisories/russia/"', msg_prefix=url)
    home = client.get("/")
    assertContains(home, "Governments advise against all travel to:")
    assertContains(home, '<a href="/in/russia/">Russia</a>', html=False)
    assertNotContains(home, '<a href="/in/france/">France</a>', html=False)


def test_an_active_editor_banner_replaces_the_derived_one(tmp_path: Path, client: Client) -> None:
    _level_4_russia(tmp_path)
    now = timezone.now()
    _banner(now - dt.timedelta(hours=1), now + dt.timedelta(days=1))
    shown = active_banners(_russia())
    assert [(b.headline, b.derived) for b in shown] == [(HEADLINE, False)]
    for url in ["/", *_pages_about_russia().values()]:
        response = client.get(url)
        assertContains(response, HEADLINE, msg_prefix=url)
        assertNotContains(response, "Travel warning for Russia", msg_prefix=url)
    assertNotContains(client.get("/"), "Governments advise against all travel to:")


def test_an_expired_editor_banner_does_not_hide_the_derived_one(
    tmp_path: Path, client: Client
) -> None:
    _level_4_russia(tmp_path)
    now = timezone.now()
    _banner(now - dt.timedelta(days=3), now - dt.timedelta(days=1))
    _banner(now + dt.timedelta(days=1), None, "Future notice.")
    shown = active_banners(_russia())
    assert [b.derived for b in shown] == [True]
    response = client.get("/in/russia/")
    assertContains(response, "Travel warning for Russia")
    assertNotContains(response, HEADLINE)


def test_the_derived_banner_names_every_issuer_at_level_4(tmp_path: Path) -> None:
    _level_4_russia(tmp_path)
    advisories_import("ca", str(CA_SAMPLE))
    (banner,) = active_banners(_russia())
    assert "Level 4: Do Not Travel" in banner.headline
    assert "Avoid all travel" in banner.headline
    # Ukraine is at level 4 for Canada only.
    (ukraine,) = active_banners(Country.objects.get(iso_alpha2="UA"))
    assert ukraine.derived
    assert "Avoid all travel" in ukraine.headline


# --- Admin ------------------------------------------------------------------------------------


def test_superuser_adds_a_banner_in_the_admin(admin_client: Client, client: Client) -> None:
    assert admin_client.get("/admin/advisories/banner/add/").status_code == 200
    now = timezone.now()
    starts = now - dt.timedelta(days=1)
    ends = now + dt.timedelta(days=7)
    response = admin_client.post(
        "/admin/advisories/banner/add/",
        {
            "country": _russia().pk,
            "headline": "Added in the admin.",
            "body": "Body from the admin.",
            "call_to_action": "",
            "severity": "warning",
            "starts_at_0": starts.strftime("%Y-%m-%d"),
            "starts_at_1": starts.strftime("%H:%M:%S"),
            "ends_at_0": ends.strftime("%Y-%m-%d"),
            "ends_at_1": ends.strftime("%H:%M:%S"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    banner = Banner.objects.get(headline="Added in the admin.")
    assert banner.country.iso_alpha2 == "RU"
    assert banner.ends_at is not None
    assert admin_client.get("/admin/advisories/banner/").status_code == 200
    response = client.get("/in/russia/")
    assertContains(response, "Added in the admin.")
    assertContains(response, FIND)


def test_admin_lists_advisories_and_their_import_runs(tmp_path: Path, admin_client: Client) -> None:
    _level_4_russia(tmp_path)
    for url in [
        "/admin/advisories/advisory/",
        "/admin/ingest/importrun/?kind=advisories",
        "/admin/advisories/banner/",
    ]:
        assert admin_client.get(url).status_code == 200, url
    advisory = Advisory.objects.get(destination__iso_alpha2="RU")
    response = admin_client.get(f"/admin/advisories/advisory/{advisory.pk}/change/")
    assertContains(response, "Level 4: Do Not Travel")
    run = advisory_runs().get()
    assertContains(
        admin_client.get("/admin/ingest/importrun/"), f"/admin/ingest/importrun/{run.pk}/"
    )
    assert admin_client.get(f"/admin/ingest/importrun/{run.pk}/change/").status_code == 200
    # Imported data cannot be added by hand.
    assert admin_client.get("/admin/advisories/advisory/add/").status_code == 403
    assert admin_client.get("/admin/ingest/importrun/add/").status_code == 403


def test_a_downgrade_from_level_4_removes_the_derived_banner(tmp_path: Path) -> None:
    _level_4_russia(tmp_path)
    assert [b.derived for b in active_banners(_russia())] == [True]
    advisories_import("us", write(tmp_path / "us2.xml", us_rss(UsItem("Russia", "RS", 3))))
    assert active_banners(_russia()) == []


def test_crisis_banners_come_first(tmp_path: Path) -> None:
    _level_4_russia(tmp_path)
    now = timezone.now()
    germany = Country.objects.get(iso_alpha2="DE")
    _banner(now - dt.timedelta(hours=1), None, "Strikes in Germany.", country=germany)
    _banner(
        now - dt.timedelta(hours=1),
        None,
        "Information about Albania.",
        country=Country.objects.get(iso_alpha2="AL"),
        severity=Severity.INFO,
    )
    shown = active_banners()
    assert [(b.country.iso_alpha2, b.severity) for b in shown] == [
        ("RU", "crisis"),
        ("DE", "warning"),
        ("AL", "info"),
    ]
