from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from .models import Article, ArticleCountry, FeedSource
from .services import article_prepare, tag_article


class ArticleCountryInline(admin.TabularInline):
    model = ArticleCountry
    extra = 1
    autocomplete_fields = ("country",)
    fields = ("country", "score", "by_editor")
    readonly_fields = ("score",)
    verbose_name = "country tag"
    verbose_name_plural = "countries (tagged automatically; add, remove or pin with 'by editor')"


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ("title", "status", "published_at", "source_name", "feed")
    list_filter = ("status", "feed", "body_format")
    search_fields = ("title", "summary", "source_name")
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ("title",)}
    inlines = [ArticleCountryInline]
    fieldsets = (
        (None, {"fields": ("title", "slug", "summary", "body", "body_format")}),
        (
            "Publishing",
            {
                "fields": ("status", "published_at"),
                "description": "Scheduled with a future date: the article appears at that date. "
                "Use 'View on site' to preview a draft (editors only).",
            },
        ),
        (
            "Attribution",
            {"fields": ("author", "source_name", "source_url", "image_url", "image_credit")},
        ),
    )

    def save_model(self, request: HttpRequest, obj: Article, form, change: bool) -> None:
        article_prepare(obj)
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        ArticleCountry.objects.filter(article=form.instance).exclude(by_editor=False).update(
            by_editor=True
        )
        tag_article(form.instance)


@admin.register(FeedSource)
class FeedSourceAdmin(admin.ModelAdmin):
    list_display = ("name", "url", "enabled", "last_fetched_at", "last_added", "last_error")
    list_filter = ("enabled",)
    readonly_fields = ("last_fetched_at", "last_error", "last_added")
