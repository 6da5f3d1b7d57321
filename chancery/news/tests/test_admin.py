"""The admin: articles rendered, sanitised and tagged on save; editors' tags; feed sources."""

from __future__ import annotations

import pytest
from django.utils import timezone

from chancery.news.models import Article, ArticleCountry, ArticleStatus, BodyFormat, FeedSource
from chancery.news.services import NewsFeedError, news_import

from .helpers import NOT_A_FEED, country, unsafe_body

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/news/article/add/"
PREFIX = "articlecountry_set"


def form_data(inline_rows: list[dict[str, str]] | None = None, initial: int = 0, **fields):
    """The POST of the article form, with the country-tag inline rows."""
    data = {
        "title": "Obama to visit Russia",
        "slug": "obama-to-visit-russia",
        "summary": "",
        "body": "The **Kremlin** said on Tuesday that Russia welcomed the visit.",
        "body_format": BodyFormat.MARKDOWN,
        "status": ArticleStatus.PUBLISHED,
        "published_at_0": "2025-10-14",
        "published_at_1": "09:00:00",
        "author": "",
        "source_name": "",
        "source_url": "",
        "image_url": "",
        "image_credit": "",
        "_save": "Save",
    }
    data.update(fields)
    rows = inline_rows or []
    data.update(
        {
            f"{PREFIX}-TOTAL_FORMS": str(len(rows)),
            f"{PREFIX}-INITIAL_FORMS": str(initial),
            f"{PREFIX}-MIN_NUM_FORMS": "0",
            f"{PREFIX}-MAX_NUM_FORMS": "1000",
        }
    )
    for n, row in enumerate(rows):
        for key, value in row.items():
            data[f"{PREFIX}-{n}-{key}"] = value
    return data


def existing_rows(article: Article) -> list[dict[str, str]]:
    """The inline rows as the change form shows them (unchanged)."""
    rows = []
    for tag in ArticleCountry.objects.filter(article=article).order_by("pk"):
        row = {"id": str(tag.pk), "article": str(article.pk), "country": str(tag.country_id)}
        if tag.by_editor:
            row["by_editor"] = "on"
        rows.append(row)
    return rows


def tags(article: Article) -> dict[str, bool]:
    """Country code → by_editor."""
    return dict(
        ArticleCountry.objects.filter(article=article).values_list(
            "country__iso_alpha2", "by_editor"
        )
    )


def post_ok(client, url: str, data: dict[str, str]) -> None:
    response = client.post(url, data)
    if response.status_code != 302:
        errors = response.context and [
            response.context["adminform"].form.errors,
            [f.errors for f in response.context["inline_admin_formsets"][0].formset.forms],
        ]
        pytest.fail(f"the admin refused the form: {errors}")


def test_superuser_creates_an_article_sanitised_and_tagged(client, superuser) -> None:
    client.force_login(superuser)
    body = (
        "The **Kremlin** said on Tuesday that Russia welcomed the visit.\n\n"
        "<script>alert('xss')</script>\n\n"
        '<img src=x onerror="alert(1)"> [click](javascript:alert(2))'
    )
    post_ok(client, ADD_URL, form_data(body=body))
    article = Article.objects.get(slug="obama-to-visit-russia")
    assert article.body == body  # the editor's text is kept as written
    assert "<strong>Kremlin</strong>" in article.body_html
    assert unsafe_body(article.body_html) == []
    assert "<script" not in article.body_html and "<img" not in article.body_html
    assert tags(article) == {"RU": False}
    assert ArticleCountry.objects.get(article=article).score >= 1.0
    assert len(article.content_hash) == 64
    assert client.get(article.get_absolute_url()).status_code == 200


def test_an_html_body_from_a_feed_is_sanitised_when_edited(client, superuser) -> None:
    client.force_login(superuser)
    post_ok(
        client,
        ADD_URL,
        form_data(
            body='<p onclick="x()">Russia <b>now</b></p><script>x()</script><style>p{}</style>',
            body_format=BodyFormat.HTML,
        ),
    )
    article = Article.objects.get()
    assert article.body_html == "<p>Russia <b>now</b></p>"


def test_an_editor_tag_survives_retagging(client, superuser) -> None:
    client.force_login(superuser)
    kenya = country("KE")
    post_ok(client, ADD_URL, form_data([{"country": str(kenya.pk), "by_editor": "on"}]))
    article = Article.objects.get()
    assert tags(article) == {"RU": False, "KE": True}
    # rewritten about France: the tagger's Russia goes, the editor's Kenya stays
    change = f"/admin/news/article/{article.pk}/change/"
    rows = existing_rows(article)
    post_ok(
        client,
        change,
        form_data(
            rows,
            initial=len(rows),
            title="A consular agreement",
            body="France and France again, said Paris.",
        ),
    )
    assert tags(article) == {"KE": True, "FR": False}


def test_an_editor_can_pin_an_automatic_tag(client, superuser) -> None:
    client.force_login(superuser)
    post_ok(client, ADD_URL, form_data())
    article = Article.objects.get()
    rows = existing_rows(article)
    rows[0]["by_editor"] = "on"  # pin Russia
    post_ok(
        client,
        f"/admin/news/article/{article.pk}/change/",
        form_data(
            rows, initial=len(rows), title="Consuls", body="Now about Japan, and Japan again."
        ),
    )
    assert tags(article) == {"RU": True, "JP": False}


def test_a_country_an_editor_adds_is_kept_without_ticking_by_editor(client, superuser) -> None:
    """A country typed into the inline by an editor is the editor's (the model: "editors may
    add, remove or pin tags"); `save_related` is meant to mark it, then the re-tagging must not
    throw it away."""
    client.force_login(superuser)
    kenya = country("KE")
    post_ok(client, ADD_URL, form_data([{"country": str(kenya.pk)}]))
    article = Article.objects.get()
    assert tags(article).get("KE") is True, tags(article)


def test_a_tag_an_editor_removes_stays_removed(client, superuser) -> None:
    """Deleting a wrong automatic tag in the inline: saving must not bring it straight back."""
    client.force_login(superuser)
    body = "Russia said so. Talks in Kyiv. Ukraine replied, then Ukraine left."
    post_ok(client, ADD_URL, form_data(body=body))
    article = Article.objects.get()
    assert set(tags(article)) == {"RU", "UA"}
    rows = existing_rows(article)
    ukraine = str(country("UA").pk)
    for row in rows:
        if row["country"] == ukraine:
            row["DELETE"] = "on"
    post_ok(
        client,
        f"/admin/news/article/{article.pk}/change/",
        form_data(rows, initial=len(rows), body=body),
    )
    assert set(tags(article)) == {"RU"}


def test_an_editor_schedules_an_article(client, superuser) -> None:
    client.force_login(superuser)
    future = timezone.localtime() + timezone.timedelta(days=2)
    post_ok(
        client,
        ADD_URL,
        form_data(
            status=ArticleStatus.SCHEDULED,
            published_at_0=f"{future:%Y-%m-%d}",
            published_at_1=f"{future:%H:%M:%S}",
        ),
    )
    article = Article.objects.get()
    assert not article.is_visible
    assert client.get(article.get_absolute_url()).status_code == 200  # a preview for staff
    client.logout()
    assert client.get(article.get_absolute_url()).status_code == 404


def test_article_changelist_and_change_page_render(client, superuser) -> None:
    client.force_login(superuser)
    post_ok(client, ADD_URL, form_data())
    article = Article.objects.get()
    listing = client.get("/admin/news/article/")
    assert listing.status_code == 200 and "Obama to visit Russia" in listing.content.decode()
    change = client.get(f"/admin/news/article/{article.pk}/change/")
    assert change.status_code == 200
    assert "View on site" in change.content.decode()


# --- Feed sources ---------------------------------------------------------------------------


def test_feed_source_list_shows_the_last_error(client, superuser) -> None:
    source = FeedSource.objects.create(name="Broken wire", url=str(NOT_A_FEED))
    with pytest.raises(NewsFeedError):
        news_import(source.url, source=source)
    assert "not a feed" in FeedSource.objects.get(pk=source.pk).last_run.error
    client.force_login(superuser)
    page = client.get("/admin/news/feedsource/").content.decode()
    assert "Broken wire" in page
    assert "not a feed" in page


def test_feed_source_status_fields_are_read_only(client, superuser) -> None:
    source = FeedSource.objects.create(name="Wire", url="https://wire.example.org/feed.rss")
    client.force_login(superuser)
    page = client.get(f"/admin/news/feedsource/{source.pk}/change/").content.decode()
    assert 'name="name"' in page and 'name="url"' in page
    assert 'name="last_error"' not in page and 'name="last_added"' not in page
