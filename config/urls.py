from django.contrib import admin
from django.urls import include, path

from chancery.api.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("", include("chancery.core.urls")),
    path("", include("chancery.search.urls")),
    path("", include("chancery.assist.urls")),
    path("", include("chancery.advisories.urls")),
    path("", include("chancery.news.urls")),
    path("", include("chancery.corrections.urls")),
    path("", include("chancery.directory.urls")),
]
