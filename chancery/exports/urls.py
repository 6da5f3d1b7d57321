from django.urls import path

from . import views

app_name = "exports"

urlpatterns = [
    path("exports/missions.csv", views.missions_csv, name="csv"),
    path("exports/missions.json", views.missions_json, name="json"),
    path("exports/missions.geojson", views.missions_geojson, name="geojson"),
]
