from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView

from chancery.advisories.sitemaps import AdvisorySitemap
from chancery.api.api import api
from chancery.core import wellknown
from chancery.core.views import without_default_language
from chancery.directory.sitemaps import (
    HostHubSitemap,
    MissionSitemap,
    PairSitemap,
    SenderHubSitemap,
    StaticPagesSitemap,
)
from chancery.news.sitemaps import ArticlePagesSitemap

#: The sections of /sitemap.xml, each at /sitemap-<section>.xml (in pages: ?p=2).
SITEMAPS: wellknown.Sections = {
    "pages": StaticPagesSitemap,
    "hosts": HostHubSitemap,
    "senders": SenderHubSitemap,
    "pairs": PairSitemap,
    "missions": MissionSitemap,
    "news": ArticlePagesSitemap,
    "advisories": AdvisorySitemap,
}

# Machine-facing addresses keep one URL whatever the language.
urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("api/docs", RedirectView.as_view(url="/api/v1/docs", permanent=False)),
    path("api/docs/", RedirectView.as_view(url="/api/v1/docs", permanent=False)),
    path("", include("chancery.core.urls")),
    # What crawlers look for at fixed addresses (see chancery.core.wellknown).
    path("robots.txt", wellknown.robots_txt, name="robots-txt"),
    path(".well-known/security.txt", wellknown.security_txt, name="security-txt"),
    path("sitemap.xml", wellknown.sitemap_index, {"sitemaps": SITEMAPS}, name="sitemap-index"),
    path(
        "sitemap-<slug:section>.xml",
        wellknown.sitemap_section,
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("", include("chancery.exports.urls")),
    # English has no prefix: /en/… is the same page without it.
    re_path(r"^en/(?P<rest>.*)$", without_default_language),
]

# Pages: English at /in/russia/, other languages under their prefix (/fr/in/russia/).
urlpatterns += i18n_patterns(
    path("", include("chancery.search.urls")),
    path("", include("chancery.assist.urls")),
    path("", include("chancery.advisories.urls")),
    path("", include("chancery.news.urls")),
    path("", include("chancery.corrections.urls")),
    path("", include("chancery.directory.urls")),
    path("", include("chancery.core.urls_pages")),
    prefix_default_language=False,
)
