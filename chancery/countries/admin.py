from django.contrib import admin

from .models import Country


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "iso_alpha2", "iso_alpha3", "wikidata_id", "slug")
    list_filter = ("kind",)
    search_fields = ("name", "slug", "iso_alpha2", "iso_alpha3", "wikidata_id", "aliases")
    readonly_fields = ("created_at", "updated_at")
    ordering = ("name",)
