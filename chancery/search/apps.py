from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "chancery.search"
    label = "search"
    verbose_name = "Search"

    def ready(self) -> None:
        from . import signals  # noqa: F401
