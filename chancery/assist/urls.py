from django.urls import path

from . import views

app_name = "assist"

urlpatterns = [path("help/", views.help_page, name="help")]
