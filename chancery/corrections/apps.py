from django.apps import AppConfig


class CorrectionsConfig(AppConfig):
    name = "chancery.corrections"
    label = "corrections"
    verbose_name = "Corrections, history and provenance"

    def ready(self) -> None:
        # Records every mission write the directory's door announces.
        from . import disagreements, history  # noqa: F401
