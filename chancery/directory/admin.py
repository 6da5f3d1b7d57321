from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from chancery.core.users import signed_in_user
from chancery.core.weblinks import WebAddressField

from .models import Mission
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


@admin.register(Mission)
class MissionAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "kind",
        "sending_country",
        "host_country",
        "city",
        "status",
        "last_seen",
    )
    list_filter = ("status", "kind", "source", ("host_country", admin.RelatedOnlyFieldListFilter))
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
    readonly_fields = PROVENANCE_FIELDS
    fieldsets = (
        (None, {"fields": ("name", "slug", "kind", "type_label", "status")}),
        (
            "Where",
            {
                "fields": (
                    "sending_country",
                    "host_country",
                    "jurisdictions",
                    "city",
                    "address",
                    "latitude",
                    "longitude",
                )
            },
        ),
        ("Contact", {"fields": ("phones", "email", "website", "facebook", "twitter", "youtube")}),
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
                    "opened_on",
                    *PROVENANCE_FIELDS,
                )
            },
        ),
    )

    def save_model(self, request: HttpRequest, obj: Mission, form: Any, change: bool) -> None:
        # Through the door, which tells the apps keeping the history what the editor changed.
        mission_save(obj, write=MissionWrite(actor="editor", user=signed_in_user(request)))
