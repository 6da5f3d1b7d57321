from django.urls import path

from . import views

app_name = "corrections"

urlpatterns = [
    path("missions/<str:slug>/suggest/", views.suggest_correction, name="suggest"),
    path("missions/<str:slug>/report-closed/", views.report_closed, name="closed"),
    path("missions/<str:slug>/history/", views.history, name="history"),
    path("in/<str:host>/suggest-mission/", views.suggest_mission, name="new-mission"),
    path("suggestions/thanks/", views.thanks, name="thanks"),
]
