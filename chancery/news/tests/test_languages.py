"""The news pages in another language: /fr/… pages, country names in French."""

from __future__ import annotations

import datetime as dt

import pytest

from .helpers import country, make_article

pytestmark = pytest.mark.django_db


def test_french_news_index_and_article_render(client) -> None:
    article = make_article(
        "Kenya and France",
        published_at=dt.datetime(2025, 3, 4, 12, tzinfo=dt.UTC),
        countries=("DE",),
    )
    germany = country("DE").names["fr"]
    assert germany != "Germany"
    for url in ["/fr/news/", "/fr/news/?country=germany", f"/fr{article.get_absolute_url()}"]:
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert 'lang="fr"' in page, url
        assert f'<a href="/fr/in/germany/">{germany}</a>' in page, url
        assert "04/03/2025" in page, url


def test_french_latest_news_on_the_host_hub(client) -> None:
    make_article("Consular hours change", countries=("DE",))
    response = client.get("/fr/in/germany/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'lang="fr"' in page
    assert "Consular hours change" in page
