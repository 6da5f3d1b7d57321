from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "chancery.core"
    label = "core"

    def ready(self) -> None:
        from . import checks, signals  # noqa: F401
