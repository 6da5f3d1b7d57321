from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "chancery.search"
    label = "search"
    verbose_name = "Search"
