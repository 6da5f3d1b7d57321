from django.urls import path

from . import views
from .feeds import AdvisoryChangesFeed

app_name = "advisories"

urlpatterns = [
    path("advisories/", views.index, name="index"),
    path("advisories/changes.atom", AdvisoryChangesFeed(), name="feed"),
    path("advisories/<str:country>/", views.country_detail, name="country"),
    path("advisories/<str:country>/changes.atom", AdvisoryChangesFeed(), name="country-feed"),
]
