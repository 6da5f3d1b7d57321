from django.apps import AppConfig


class ExportsConfig(AppConfig):
    name = "chancery.exports"
    label = "exports"
    verbose_name = "Exports"
