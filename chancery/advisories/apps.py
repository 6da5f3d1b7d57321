from django.apps import AppConfig


class AdvisoriesConfig(AppConfig):
    name = "chancery.advisories"
    label = "advisories"
    verbose_name = "Travel advisories and banners"
