from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from chancery.core.weblinks import WebAddressField
from chancery.ingest.fetch import is_url, url_problem

from .models import Article, ArticleCountry, BodyFormat, FeedSource
from .services import article_prepare, body_problem, tag_article


class ArticleForm(forms.ModelForm):
    """A body the sanitiser would choke on (too large, nested too deeply) is a form error."""

    class Meta:
        model = Article
        fields = (
            "title",
            "slug",
            "summary",
            "body",
            "body_format",
            "status",
            "published_at",
            "author",
            "source_name",
            "source_url",
            "image_url",
            "image_credit",
        )
        # Source and picture links: https when no scheme is typed, refused when misleading.
        field_classes = {"source_url": WebAddressField, "image_url": WebAddressField}

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        problem = body_problem(data.get("body") or "", data.get("body_format") or BodyFormat.HTML)
        if problem:
            self.add_error("body", f"This body cannot be published: {problem}.")
        return data


class FeedSourceForm(forms.ModelForm):
    """Editors name feeds by URL; the site fetches it only from a public address."""

    licence_url = WebAddressField(
        required=False, max_length=500, help_text="Where the publisher states its licence."
    )

    class Meta:
        model = FeedSource
        fields = ("name", "url", "enabled", "licence", "licence_url")
        help_texts = {"url": "The feed's http(s) address (RSS or Atom)."}

    def clean_url(self) -> str:
        url = self.cleaned_data["url"].strip()
        if not is_url(url):
            raise forms.ValidationError("Give the feed's http:// or https:// address.")
        problem = url_problem(url)
        if problem:
            raise forms.ValidationError(f"This address cannot be fetched: {problem}.")
        return url


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
    form = ArticleForm
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

    def save_formset(self, request: HttpRequest, form, formset, change: bool) -> None:
        """Tags an editor adds or edits are theirs; tags they delete are never added again."""
        instances = formset.save(commit=False)
        article = form.instance
        excluded = list(article.excluded_countries or [])
        for removed in formset.deleted_objects:
            if removed.country_id not in excluded:
                excluded.append(removed.country_id)
            removed.delete()
        for tag in instances:
            tag.by_editor = True
            tag.save()
            if tag.country_id in excluded:
                excluded.remove(tag.country_id)
        formset.save_m2m()
        article.excluded_countries = excluded
        Article.objects.filter(pk=article.pk).update(excluded_countries=excluded)

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        tag_article(form.instance)


@admin.register(FeedSource)
class FeedSourceAdmin(admin.ModelAdmin):
    """A feed's configuration, with its last reading (the newest import run of its address)."""

    form = FeedSourceForm
    list_display = ("name", "url", "enabled", "last_fetched_at", "last_added", "last_error")
    list_filter = ("enabled",)
    readonly_fields = ("last_fetched_at", "last_error", "last_added")

    @admin.display(description="last fetched at")
    def last_fetched_at(self, source: FeedSource) -> datetime | None:
        return source.last_run.started_at if source.last_run else None

    @admin.display(description="last added")
    def last_added(self, source: FeedSource) -> int | None:
        return source.last_run.created if source.last_run else None

    @admin.display(description="last error")
    def last_error(self, source: FeedSource) -> str:
        return source.last_run.error if source.last_run else ""
