from django.urls import path

from . import card_views, views

app_name = "directory"

urlpatterns = [
    path("", views.home, name="home"),
    path("find/", views.find, name="find"),
    path("countries/", views.country_index, name="countries"),
    path("in/<str:host>/", views.host_detail, name="host"),
    path("from/<str:sender>/", views.sender_detail, name="sender"),
    path("from/<str:sender>/in/<str:host>/", views.pair_detail, name="pair"),
    path("missions/<str:slug>.vcf", views.mission_vcard, name="mission-vcard"),
    path("missions/<str:slug>/", views.mission_detail, name="mission"),
    path("missions/<str:slug>/card.png", card_views.mission_card, name="mission-card"),
]
