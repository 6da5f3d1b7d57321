from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from . import views
from .feeds import NewsAtom, NewsRss
from .sitemaps import ArticleSitemap, NewsSitemap

app_name = "news"

urlpatterns = [
    path("news/", views.index, name="index"),
    path("news/feed.rss", NewsRss(), name="rss"),
    path("news/feed.atom", NewsAtom(), name="atom"),
    path("news/<str:country>/feed.rss", NewsRss(), name="country-rss"),
    path("news/<str:country>/feed.atom", NewsAtom(), name="country-atom"),
    path(
        "news/sitemap.xml",
        sitemap_views.sitemap,
        {"sitemaps": {"news": NewsSitemap}, "template_name": "news/sitemap_news.xml"},
        name="sitemap-news",
    ),
    path(
        "news/sitemap-articles.xml",
        sitemap_views.sitemap,
        {"sitemaps": {"articles": ArticleSitemap}},
        name="sitemap-articles",
    ),
    path(
        "news/<int:year>/<str:month>/<str:day>/<slug:slug>/",
        views.article_detail,
        name="article",
    ),
]
