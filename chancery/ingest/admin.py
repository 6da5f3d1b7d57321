from django.contrib import admin

from .models import ImportRun


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = (
        "started_at",
        "source",
        "rows_read",
        "created",
        "updated",
        "unchanged",
        "withdrawn",
        "rejected",
    )
    list_filter = ("source",)
    search_fields = ("location",)
    date_hierarchy = "started_at"

    def has_add_permission(self, request):  # runs are made by importers only
        return False

    def has_change_permission(self, request, obj=None):
        return False
