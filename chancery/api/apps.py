from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "chancery.api"
    label = "api"
