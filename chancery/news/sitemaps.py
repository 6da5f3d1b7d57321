from __future__ import annotations

import datetime as dt

from django.contrib.sitemaps import Sitemap
from django.utils import timezone

from .models import Article


class NewsSitemap(Sitemap):
    """Articles of the last two days, in the Google News sitemap format (see the template)."""

    changefreq = "hourly"
    limit = 1000

    def items(self) -> list[Article]:
        since = timezone.now() - dt.timedelta(days=2)
        return list(Article.objects.visible().filter(published_at__gte=since))

    def lastmod(self, item: Article) -> dt.datetime:
        return item.updated_at


class ArticleSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Article.objects.visible()

    def lastmod(self, item: Article) -> dt.datetime:
        return item.updated_at
