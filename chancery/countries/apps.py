from django.apps import AppConfig


class CountriesConfig(AppConfig):
    name = "chancery.countries"
    label = "countries"
