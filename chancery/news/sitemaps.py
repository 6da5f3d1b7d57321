from __future__ import annotations

import datetime as dt

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, QuerySet
from django.utils import timezone

from chancery.core.wellknown import PublicSitemap

from .models import Article

#: What an article's address and date need, and nothing else (bodies can be long).
ADDRESS_FIELDS = ("slug", "published_at", "updated_at")


class NewsSitemap(Sitemap):
    """Articles of the last two days, in the Google News sitemap format (see the template)."""

    changefreq = "hourly"
    limit = 1000

    def items(self) -> list[Article]:
        since = timezone.now() - dt.timedelta(days=2)
        return list(
            Article.objects.visible().filter(published_at__gte=since).only(*ADDRESS_FIELDS, "title")
        )

    def lastmod(self, item: Article) -> dt.datetime:
        return item.updated_at


class ArticleSitemap(Sitemap):
    changefreq = "weekly"

    def items(self) -> QuerySet[Article]:
        return Article.objects.visible().only(*ADDRESS_FIELDS)

    def lastmod(self, item: Article) -> dt.datetime:
        return item.updated_at


class ArticlePagesSitemap(PublicSitemap, ArticleSitemap):
    """Every visible article in the sitemaps' index: in each language, on the public address."""

    def get_latest_lastmod(self) -> dt.datetime | None:
        return Article.objects.visible().aggregate(latest=Max("updated_at"))["latest"]
