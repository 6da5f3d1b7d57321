from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView

from chancery.api.api import api
from chancery.core.views import without_default_language

# Machine-facing addresses keep one URL whatever the language.
urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("api/docs", RedirectView.as_view(url="/api/v1/docs", permanent=False)),
    path("api/docs/", RedirectView.as_view(url="/api/v1/docs", permanent=False)),
    path("", include("chancery.core.urls")),
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
    prefix_default_language=False,
)
