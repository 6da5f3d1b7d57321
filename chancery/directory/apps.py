from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "chancery.directory"
    label = "directory"
