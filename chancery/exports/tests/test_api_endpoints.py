"""GET /api/v1/banners, /api/v1/news, /api/v1/news/{slug} and /api/v1/import-runs."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from chancery.advisories.models import Banner, Severity
from chancery.ingest.models import ImportRun
from chancery.news.models import ArticleStatus

from .helpers import api, article, country, level_4_advisory

pytestmark = pytest.mark.django_db

BANNER_FIELDS = {
    "country",
    "headline",
    "body",
    "call_to_action",
    "link",
    "severity",
    "derived",
    "starts_at",
    "ends_at",
    "shown_for",
    "note",
}
ARTICLE_FIELDS = {
    "slug",
    "url",
    "title",
    "summary",
    "body_html",
    "published_at",
    "updated_at",
    "author",
    "source_name",
    "source_url",
    "image_url",
    "image_credit",
    "countries",
}


def _banners(client: Client, **params: object) -> list[dict]:
    response = client.get("/api/v1/banners", params)
    assert response.status_code == 200, response.content
    return response.json()


# --- banners ------------------------------------------------------------------------------------


def test_no_banners_when_none_is_in_force(client: Client) -> None:
    assert _banners(client) == []


def test_editors_banner_and_a_derived_one(client: Client) -> None:
    now = timezone.now()
    Banner.objects.create(
        country=country("RU"),
        headline="Russia is currently at war in Ukraine.",
        body="Flights are suspended.",
        severity=Severity.WARNING,
        starts_at=now - dt.timedelta(days=1),
    )
    Banner.objects.create(  # ended: not shown
        country=country("FR"),
        headline="Strikes",
        starts_at=now - dt.timedelta(days=5),
        ends_at=now - dt.timedelta(days=1),
    )
    Banner.objects.create(  # not yet: not shown
        country=country("DE"),
        headline="Later",
        starts_at=now + dt.timedelta(days=1),
    )
    level_4_advisory("SD")  # Sudan, by the United States

    banners = _banners(client)
    assert all(set(b) == BANNER_FIELDS for b in banners)
    by_country = {b["country"]["code"]: b for b in banners}
    assert set(by_country) == {"RU", "SD"}

    editors = by_country["RU"]
    assert editors["derived"] is False
    assert editors["headline"] == "Russia is currently at war in Ukraine."
    assert editors["body"] == "Flights are suspended."
    assert editors["severity"] == "warning"
    assert editors["link"] == "/in/russia/"
    assert editors["starts_at"] is not None

    derived = by_country["SD"]
    assert derived["derived"] is True
    assert derived["severity"] == "crisis"
    assert "Do Not Travel" in derived["headline"]
    assert derived["link"] == f"/in/{country('SD').slug}/"

    # Crisis first.
    assert [b["country"]["code"] for b in banners] == ["SD", "RU"]

    assert [b["country"]["code"] for b in _banners(client, country="RU")] == ["RU"]
    assert [b["country"]["code"] for b in _banners(client, country="sudan")] == ["SD"]
    assert _banners(client, country="FR") == []


def test_an_editors_banner_replaces_the_derived_one(client: Client) -> None:
    level_4_advisory("RU")
    assert [b["derived"] for b in _banners(client, country="RU")] == [True]
    Banner.objects.create(country=country("RU"), headline="Editors' words")
    [banner] = _banners(client, country="RU")
    assert banner["derived"] is False
    assert banner["headline"] == "Editors' words"


# --- news ---------------------------------------------------------------------------------------


def test_news_lists_only_visible_articles_newest_first(client: Client) -> None:
    now = timezone.now()
    for n in range(5):
        article(f"visible-{n}", published_at=now - dt.timedelta(days=n + 1), countries=("RU",))
    article("the-draft", status=ArticleStatus.DRAFT)
    article("the-withdrawn", status=ArticleStatus.WITHDRAWN)
    article(
        "scheduled-later",
        status=ArticleStatus.SCHEDULED,
        published_at=now + dt.timedelta(days=1),
    )
    article(
        "scheduled-due",
        status=ArticleStatus.SCHEDULED,
        published_at=now - dt.timedelta(hours=2),
    )

    whole = api(client, "/news", limit=100)
    slugs = [a["slug"] for a in whole["items"]]
    assert whole["count"] == 6
    assert slugs == ["scheduled-due", *(f"visible-{n}" for n in range(5))]
    assert all(set(a) == ARTICLE_FIELDS for a in whole["items"])
    first = whole["items"][1]
    assert first["countries"] == [{"code": "RU", "name": "Russia", "slug": "russia"}]
    assert first["url"].startswith("/news/")
    assert first["url"].endswith("/visible-0/")

    page = api(client, "/news", limit=2, offset=2)
    assert page["count"] == 6
    assert [a["slug"] for a in page["items"]] == slugs[2:4]

    about_russia = api(client, "/news", country="RU")
    assert [a["slug"] for a in about_russia["items"]] == [f"visible-{n}" for n in range(5)]


def test_news_detail_and_404_for_invisible_articles(client: Client) -> None:
    article("published-one", countries=("DE",))
    article("a-draft", status=ArticleStatus.DRAFT)
    article(
        "not-yet",
        status=ArticleStatus.SCHEDULED,
        published_at=timezone.now() + dt.timedelta(days=2),
    )

    one = api(client, "/news/published-one")
    assert one["slug"] == "published-one"
    assert one["body_html"] == "<p>Text of published-one.</p>"
    assert [c["code"] for c in one["countries"]] == ["DE"]

    for slug in ("a-draft", "not-yet", "never-written"):
        response = client.get(f"/api/v1/news/{slug}")
        assert response.status_code == 404, slug
        assert slug in response.json()["detail"]


# --- import runs --------------------------------------------------------------------------------


def test_import_runs_need_a_login(client: Client) -> None:
    response = client.get("/api/v1/import-runs")
    assert response.status_code == 401
    assert isinstance(response.json()["detail"], str)


def test_import_runs_are_for_staff_only(client: Client, django_user_model) -> None:
    user = django_user_model.objects.create_user("reader", "reader@example.org", "pw")
    client.force_login(user)
    response = client.get("/api/v1/import-runs")
    assert response.status_code == 403
    assert isinstance(response.json()["detail"], str)


def test_staff_see_import_runs_newest_first(client: Client, django_user_model) -> None:
    user = django_user_model.objects.create_user(
        "editor", "editor@example.org", "pw", is_staff=True
    )
    client.force_login(user)
    page = api(client, "/import-runs")
    assert page["count"] == ImportRun.objects.count() >= 1
    newest = page["items"][0]
    latest = ImportRun.objects.order_by("-started_at").first()
    assert latest is not None
    assert newest["id"] == latest.pk
    assert newest["source"] == "wikidata-csv"
    assert newest["created"] == latest.created
    assert newest["rejected"] == latest.rejected
    started = [run["started_at"] for run in page["items"]]
    assert started == sorted(started, reverse=True)
