from __future__ import annotations

from django.contrib import admin

from .models import Advisory, AdvisoryVersion, Banner


@admin.register(Banner)
class BannerAdmin(admin.ModelAdmin):
    list_display = ("headline", "country", "covers_territories", "severity", "starts_at", "ends_at")
    list_filter = ("severity", "covers_territories")
    search_fields = ("headline", "body", "country__name")
    autocomplete_fields = ("country",)
    date_hierarchy = "starts_at"


class VersionInline(admin.TabularInline):
    model = AdvisoryVersion
    fields = ("fetched_at", "level", "level_text", "updated_at", "date_note", "source_url")
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ("-fetched_at",)

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Advisory)
class AdvisoryAdmin(admin.ModelAdmin):
    list_display = ("destination", "issuer", "current", "last_seen_at")
    list_filter = ("issuer", "current__level")
    search_fields = ("destination__name",)
    readonly_fields = ("destination", "issuer", "source", "current", "last_seen_at")
    inlines = [VersionInline]

    def has_add_permission(self, request) -> bool:
        return False
