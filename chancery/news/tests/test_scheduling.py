"""Scheduling and statuses: what the public sees, and previews for staff."""

from __future__ import annotations

import pytest
from django.test import Client

from chancery.news.models import Article, ArticleStatus

from .helpers import ago, ahead, make_article

pytestmark = pytest.mark.django_db

#: Every public place an article can show up, with the way to look for it.
PUBLIC_PAGES = [
    "/news/",
    "/news/?country=kenya",
    "/news/feed.rss",
    "/news/feed.atom",
    "/news/kenya/feed.rss",
    "/news/kenya/feed.atom",
    "/news/sitemap.xml",
    "/news/sitemap-articles.xml",
    "/",
    "/in/kenya/",
    "/from/kenya/",
]


def where_public(article: Article) -> list[str]:
    """The public pages that show the article (its title or its URL), and its own page if 200."""
    client = Client()
    found = []
    for url in PUBLIC_PAGES:
        response = client.get(url)
        assert response.status_code == 200, url
        content = response.content.decode()
        if article.title in content or article.get_absolute_url() in content:
            found.append(url)
    if client.get(article.get_absolute_url()).status_code == 200:
        found.append("detail")
    return found


def test_a_published_article_shows_everywhere() -> None:
    article = make_article("Zanzibar ferry accord", countries=("KE",), published_at=ago(hours=2))
    assert where_public(article) == [*PUBLIC_PAGES, "detail"]


def test_a_scheduled_article_is_invisible_until_its_date() -> None:
    article = make_article(
        "Zanzibar ferry accord",
        countries=("KE",),
        status=ArticleStatus.SCHEDULED,
        published_at=ahead(hours=3),
    )
    assert not article.is_visible
    assert not Article.objects.visible().filter(pk=article.pk).exists()
    assert where_public(article) == []
    # the date comes: the article appears everywhere, without anyone touching its status
    Article.objects.filter(pk=article.pk).update(published_at=ago(minutes=1))
    article.refresh_from_db()
    assert article.status == ArticleStatus.SCHEDULED and article.is_visible
    assert where_public(article) == [*PUBLIC_PAGES, "detail"]


def test_visible_takes_a_moment() -> None:
    article = make_article("Later", status=ArticleStatus.SCHEDULED, published_at=ahead(days=2))
    assert not Article.objects.visible().filter(pk=article.pk).exists()
    assert Article.objects.visible(at=ahead(days=3)).filter(pk=article.pk).exists()


@pytest.mark.parametrize("status", [ArticleStatus.DRAFT, ArticleStatus.WITHDRAWN])
def test_drafts_and_withdrawn_articles_are_invisible(status: str) -> None:
    article = make_article(
        "Zanzibar ferry accord", countries=("KE",), status=status, published_at=ago(days=1)
    )
    assert where_public(article) == []


def test_a_published_article_dated_in_the_future_waits_too() -> None:
    article = make_article("Zanzibar ferry accord", countries=("KE",), published_at=ahead(hours=1))
    assert where_public(article) == []


def test_withdrawing_an_article_removes_it() -> None:
    article = make_article("Zanzibar ferry accord", countries=("KE",))
    assert "detail" in where_public(article)
    Article.objects.filter(pk=article.pk).update(status=ArticleStatus.WITHDRAWN)
    assert where_public(article) == []


# --- Previews ---------------------------------------------------------------------------------


def test_staff_preview_a_draft_with_a_notice(client, staff) -> None:
    article = make_article("Draft on visas", status=ArticleStatus.DRAFT)
    client.force_login(staff)
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert "Preview: this article is draft" in page and "not public" in page
    assert "Draft on visas" in page
    assert response["X-Robots-Tag"] == "noindex"
    assert "no-store" in response["Cache-Control"]


def test_staff_preview_a_scheduled_article_with_its_date(client, staff) -> None:
    when = ahead(days=3).replace(hour=10, minute=30, second=0, microsecond=0)
    article = make_article("Scheduled on visas", status=ArticleStatus.SCHEDULED, published_at=when)
    client.force_login(staff)
    page = client.get(article.get_absolute_url()).content.decode()
    assert f"this article is scheduled for {when.day} {when:%b %Y}, 10:30" in page


def test_a_published_article_has_no_preview_notice(client, staff) -> None:
    article = make_article("Published on visas")
    client.force_login(staff)
    response = client.get(article.get_absolute_url())
    assert "Preview:" not in response.content.decode()
    assert "X-Robots-Tag" not in response


@pytest.mark.parametrize("status", [ArticleStatus.DRAFT, ArticleStatus.WITHDRAWN])
def test_anonymous_users_get_404_for_a_preview(client, status: str) -> None:
    article = make_article("Hidden", status=status)
    assert client.get(article.get_absolute_url()).status_code == 404


def test_logged_in_non_staff_users_get_404_for_a_preview(client, django_user_model) -> None:
    user = django_user_model.objects.create_user("reader", "r@example.org", "pw")
    article = make_article("Hidden", status=ArticleStatus.DRAFT)
    client.force_login(user)
    assert client.get(article.get_absolute_url()).status_code == 404


def test_staff_preview_does_not_list_the_draft(client, staff) -> None:
    article = make_article("Draft on visas", status=ArticleStatus.DRAFT, countries=("KE",))
    client.force_login(staff)
    assert article.title not in client.get("/news/").content.decode()
    assert article.title not in client.get("/news/feed.rss").content.decode()
