from django.contrib import admin

from .models import ImportRun


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    """Every importer's runs in one list: missions, advisories and news."""

    list_display = (
        "started_at",
        "kind",
        "source",
        "ok",
        "rows_read",
        "created",
        "updated",
        "unchanged",
        "withdrawn",
        "rejected",
    )
    list_filter = ("kind", "source", "ok")
    search_fields = ("location", "error")
    date_hierarchy = "started_at"

    def has_add_permission(self, request):  # runs are made by importers only
        return False

    def has_change_permission(self, request, obj=None):
        return False
