"""The moderation queue (with a diff of current against proposed values) and the change log with
rollback. Editors' saves of a mission are recorded through the directory's door (`history`)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.html import format_html, format_html_join

from chancery.core.users import signed_in_user
from chancery.directory.services import mission_field_value

from .models import FIELD_LABELS, MissionChange, Suggestion, SuggestionStatus
from .services import (
    change_rollback,
    suggestion_accept,
    suggestion_field_flags,
    suggestion_merge,
    suggestion_reject,
)


class RejectForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=1000)


@admin.register(Suggestion)
class SuggestionAdmin(admin.ModelAdmin):
    list_display = ("__str__", "status", "needs_extra_review", "submitted_at", "has_evidence")
    list_filter = ("status", "kind", "needs_extra_review")
    search_fields = ("mission__name", "note", "evidence_url")
    readonly_fields = (
        "kind",
        "mission",
        "host_country",
        "sending_country",
        "diff",
        "review_flags",
        "note",
        "evidence_url",
        "email",
        "submitted_at",
        "import_run",
        "status",
        "decided_by",
        "decided_at",
        "duplicate_of",
    )
    fields = (*readonly_fields, "reason")
    actions = ["accept", "reject", "merge"]
    list_select_related = ("mission",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.display(boolean=True)
    def has_evidence(self, obj: Suggestion) -> bool:
        return bool(obj.evidence_url)

    @admin.display(description="Current → proposed")
    def diff(self, obj: Suggestion) -> str:
        rows = []
        flags = suggestion_field_flags(obj)
        for field, proposed in obj.changes.items():
            current = (
                mission_field_value(obj.mission, field)
                if obj.mission and field != "status"
                else (obj.mission.status if obj.mission else "")
            )
            flag = f" ⚠ {flags[field].mark}" if field in flags else ""
            rows.append(
                (
                    FIELD_LABELS.get(field, field),
                    current if current not in (None, "") else "—",
                    f"{proposed}{flag}",
                )
            )
        body = format_html_join("", "<tr><th>{}</th><td>{}</td><td><ins>{}</ins></td></tr>", rows)
        return format_html(
            '<table class="diff"><thead><tr><th>Field</th><th>Current</th><th>Proposed</th></tr>'
            "</thead><tbody>{}</tbody></table>",
            body,
        )

    def _pending(self, request: HttpRequest, queryset: QuerySet[Suggestion]) -> list[Suggestion]:
        pending = [s for s in queryset if s.status == SuggestionStatus.PENDING]
        if len(pending) < queryset.count():
            self.message_user(
                request, "Suggestions already decided were left as they are.", messages.WARNING
            )
        return pending

    @admin.action(description="Accept and apply", permissions=["moderate"])
    def accept(self, request: HttpRequest, queryset: QuerySet[Suggestion]) -> None:
        for suggestion in self._pending(request, queryset):
            suggestion_accept(suggestion, signed_in_user(request))
        self.message_user(request, "Applied.", messages.SUCCESS)

    @admin.action(description="Reject with a reason", permissions=["moderate"])
    def reject(self, request: HttpRequest, queryset: QuerySet[Suggestion]) -> HttpResponse | None:
        if "apply" in request.POST:
            form = RejectForm(request.POST)
            if form.is_valid():
                for suggestion in self._pending(request, queryset):
                    suggestion_reject(
                        suggestion, signed_in_user(request), form.cleaned_data["reason"]
                    )
                self.message_user(request, "Rejected.", messages.SUCCESS)
                return None
        else:
            form = RejectForm()
        return render(
            request,
            "admin/corrections/reject.html",
            {
                "form": form,
                "suggestions": queryset,
                "action": "reject",
                **self.admin_site.each_context(request),
            },
        )

    @admin.action(description="Merge duplicates into the oldest", permissions=["moderate"])
    def merge(self, request: HttpRequest, queryset: QuerySet[Suggestion]) -> None:
        pending = sorted(self._pending(request, queryset), key=lambda s: s.submitted_at)
        if len(pending) < 2:
            self.message_user(request, "Choose at least two pending suggestions.", messages.WARNING)
            return
        merged = suggestion_merge(pending[1:], pending[0], signed_in_user(request))
        self.message_user(request, f"{merged} merged into #{pending[0].pk}.", messages.SUCCESS)

    def has_moderate_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("corrections.moderate_suggestion")


@admin.register(MissionChange)
class MissionChangeAdmin(admin.ModelAdmin):
    list_display = (
        "mission",
        "field",
        "old_value",
        "new_value",
        "actor_kind",
        "user",
        "changed_at",
    )
    list_filter = ("actor_kind", "field")
    search_fields = ("mission__name",)
    readonly_fields = [f.name for f in MissionChange._meta.fields]
    actions = ["rollback"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: MissionChange | None = None) -> bool:
        return False

    @admin.action(
        description="Roll back: restore the value before this change", permissions=["change"]
    )
    def rollback(self, request: HttpRequest, queryset: QuerySet[MissionChange]) -> None:
        for change in queryset.select_related("mission__host_country"):
            change_rollback(change, signed_in_user(request))
        self.message_user(request, f"{queryset.count()} change(s) rolled back.", messages.SUCCESS)
