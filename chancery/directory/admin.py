from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join

from chancery.core.users import signed_in_user
from chancery.core.weblinks import WebAddressField

from .models import Mission, SourceLink
from .services import MissionWrite, mission_save

# Written by importers only; editors see them but cannot change them.
PROVENANCE_FIELDS = (
    "source",
    "source_id",
    "source_hash",
    "first_seen",
    "last_seen",
    "last_import_run",
    "created_at",
    "updated_at",
)


@admin.action(description="Confirm: an editor checked these missions")
def missions_confirm(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: Any) -> None:
    for mission in queryset.filter(verified=False):
        mission.verified = True
        mission_save(mission, write=MissionWrite(actor="editor", user=signed_in_user(request)))


@admin.register(Mission)
class MissionAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "kind",
        "sending_country",
        "host_country",
        "city",
        "status",
        "verified",
        "last_seen",
    )
    list_filter = (
        "status",
        "verified",
        "kind",
        "source",
        ("host_country", admin.RelatedOnlyFieldListFilter),
    )
    actions = (missions_confirm,)
    search_fields = (
        "name",
        "wikidata_id",
        "city",
        "sending_country__name",
        "host_country__name",
        "type_label",
    )
    list_select_related = ("sending_country", "host_country")
    # Addresses that mislead (a backslash, a user name before the host …) are refused with a
    # message saying what is wrong.
    formfield_overrides = {models.URLField: {"form_class": WebAddressField}}
    autocomplete_fields = ("sending_country", "host_country", "jurisdictions")
    readonly_fields = (*PROVENANCE_FIELDS, "source_records")
    fieldsets = (
        (None, {"fields": ("name", "slug", "kind", "type_label", "status", "verified")}),
        (
            "Where",
            {
                "fields": (
                    "sending_country",
                    "host_country",
                    "jurisdictions",
                    "city",
                    "address",
                    "address_parts",
                    "latitude",
                    "longitude",
                )
            },
        ),
        (
            "Contact",
            {
                "fields": (
                    "phones",
                    "fax",
                    "email",
                    "website",
                    "opening_hours",
                    "facebook",
                    "twitter",
                    "youtube",
                )
            },
        ),
        (
            "Picture",
            {"fields": ("image_url", "image_author", "image_licence", "image_licence_url")},
        ),
        (
            "Provenance",
            {
                "fields": (
                    "wikidata_id",
                    "type_wikidata_id",
                    "city_wikidata_id",
                    "source_records",
                    "names",
                    "opened_on",
                    "closed_on",
                    *PROVENANCE_FIELDS,
                )
            },
        ),
    )

    @admin.display(description="Source records")
    def source_records(self, mission: Mission) -> str:
        """Each source's record of the mission and what it says, field by field (written by
        imports; the page shows the best value of each field)."""
        links = SourceLink.objects.filter(mission=mission).prefetch_related("values")
        rows = [
            (
                link.record_url or "#",
                f"{link.source} {link.record_id}",
                link.matched_by,
                f"{link.fetched_at:%Y-%m-%d}",
                "; ".join(
                    f"{value.field}{f' ({value.language})' if value.language else ''}: "
                    f"{value.value}"
                    for value in link.values.all()
                )[:1000],
            )
            for link in links
        ]
        if not rows:
            return "—"
        return format_html(
            "<table><tr><th>Record</th><th>Matched by</th><th>Fetched</th><th>Values</th></tr>"
            "{}</table>",
            format_html_join(
                "",
                '<tr><td><a href="{}" rel="noopener">{}</a></td><td>{}</td><td>{}</td>'
                "<td>{}</td></tr>",
                rows,
            ),
        )

    def save_model(self, request: HttpRequest, obj: Mission, form: Any, change: bool) -> None:
        # Through the door, which tells the apps keeping the history what the editor changed.
        mission_save(obj, write=MissionWrite(actor="editor", user=signed_in_user(request)))
