from __future__ import annotations

from django.db.models import QuerySet

from chancery.countries.models import Country

from .models import Article


def visible_articles(country: Country | None = None) -> QuerySet[Article]:
    articles = Article.objects.visible().prefetch_related("countries")
    if country is not None:
        articles = articles.filter(countries=country)
    return articles


def related_articles(article: Article, limit: int = 5) -> list[Article]:
    """Visible articles sharing a country with this one, newest first."""
    country_ids = list(article.countries.values_list("pk", flat=True))
    if not country_ids:
        return []
    return list(
        Article.objects.visible()
        .filter(countries__in=country_ids)
        .exclude(pk=article.pk)
        .distinct()
        .order_by("-published_at", "-pk")[:limit]
    )
