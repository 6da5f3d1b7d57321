from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "chancery.directory"
    label = "directory"

    def ready(self) -> None:
        from . import signals  # noqa: F401
