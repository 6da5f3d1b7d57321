from django.apps import AppConfig


class AssistConfig(AppConfig):
    name = "chancery.assist"
    label = "assist"
    verbose_name = "Who can help"
