from django.apps import AppConfig


class IngestConfig(AppConfig):
    name = "chancery.ingest"
    label = "ingest"
