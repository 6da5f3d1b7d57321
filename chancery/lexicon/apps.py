from django.apps import AppConfig


class LexiconConfig(AppConfig):
    name = "chancery.lexicon"
    label = "lexicon"
    verbose_name = "Lexicon"
