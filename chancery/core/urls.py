from django.urls import path

from . import views, webapp

app_name = "core"

urlpatterns = [
    path("healthz", views.health, name="health"),
    # The web app's files live at the root: a service worker controls only the pages under
    # its own folder, and browsers look for /favicon.ico there.
    path("sw.js", webapp.service_worker, name="service-worker"),
    path("manifest.webmanifest", webapp.manifest, name="manifest"),
    path("favicon.ico", webapp.favicon, name="favicon"),
]
