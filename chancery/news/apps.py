from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "chancery.news"
    label = "news"
    verbose_name = "News"
