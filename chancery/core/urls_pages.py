"""The core's pages that exist in every language (included under the language prefixes)."""

from django.urls import path

from . import webapp

app_name = "webapp"

urlpatterns = [path("offline/", webapp.offline_page, name="offline")]
