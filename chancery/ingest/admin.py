from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from chancery.directory.models import Mission

from .models import ImportRun
from .sync import source_status_list

#: Missions created from OpenStreetMap listed on the Sources page; the rest are one link away.
UNVERIFIED_SHOWN = 200


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    """Every importer's runs in one list: missions, advisories and news; and the Sources page,
    where each source's latest run stands."""

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

    def get_urls(self) -> list[URLPattern]:
        sources = path(
            "sources/",
            self.admin_site.admin_view(self.sources_view),
            name=f"{self.opts.app_label}_{self.opts.model_name}_sources",
        )
        return [sources, *super().get_urls()]

    def sources_view(self, request: HttpRequest) -> TemplateResponse:
        """Each source's last run, counts and last error; missions awaiting an editor."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        unverified = Mission.objects.filter(verified=False)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Sources"),
            "opts": self.opts,
            "statuses": source_status_list(),
            "unverified": unverified.select_related("sending_country", "host_country").order_by(
                "host_country__name", "name"
            )[:UNVERIFIED_SHOWN],
            "unverified_count": unverified.count(),
            "unverified_url": reverse(
                f"{self.admin_site.name}:directory_mission_changelist",
            )
            + "?verified__exact=0",
        }
        return TemplateResponse(request, "admin/ingest/sources.html", context)


def _with_sources_entry(
    get_app_list: Callable[..., list[dict[str, Any]]],
) -> Callable[..., list[dict[str, Any]]]:
    """The admin's app list with a "Sources" entry beside "Import runs", for those who may
    see the runs. The page belongs to no model of its own (a proxy model would need a
    migration), so the index would not list it otherwise."""

    @functools.wraps(get_app_list)
    def app_list(request: HttpRequest, app_label: str | None = None) -> list[dict[str, Any]]:
        apps = get_app_list(request, app_label)
        for app in apps:
            if app["app_label"] != ImportRun._meta.app_label:
                continue
            if not any(model.get("model") is ImportRun for model in app["models"]):
                continue
            app["models"].append(
                {
                    "name": _("Sources"),
                    "object_name": "Sources",
                    "perms": {"view": True},
                    "admin_url": reverse("admin:ingest_importrun_sources"),
                    "add_url": None,
                    "view_only": True,
                }
            )
            app["models"].sort(key=lambda model: str(model["name"]))
        return apps

    return app_list


admin.site.get_app_list = _with_sources_entry(admin.site.get_app_list)  # type: ignore[method-assign]
