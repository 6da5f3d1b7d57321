from django.apps import AppConfig


class CorrectionsConfig(AppConfig):
    name = "chancery.corrections"
    label = "corrections"
    verbose_name = "Corrections, history and provenance"
