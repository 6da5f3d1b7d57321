"""Public suggestions, the moderation queue, every change to a mission, and each field's source."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from chancery.core.weblinks import validate_email_address, validate_web_address
from chancery.countries.models import Country
from chancery.directory.models import Mission

#: Mission fields the public may suggest and editors change, in display order.
EDITABLE_FIELDS = ("name", "city", "address", "phone", "email", "website", "latitude", "longitude")
#: The fields whose history is kept and whose editors' values imports never overwrite: the
#: public form's fields, and the ones only editors set in the admin.
GUARDED_FIELDS = (*EDITABLE_FIELDS, "fax", "opening_hours")
FIELD_LABELS = {
    "name": gettext_lazy("Name"),
    "city": gettext_lazy("City"),
    "address": gettext_lazy("Address"),
    "phone": gettext_lazy("Phone"),
    "email": gettext_lazy("Email"),
    "website": gettext_lazy("Website"),
    "latitude": gettext_lazy("Latitude"),
    "longitude": gettext_lazy("Longitude"),
    "fax": gettext_lazy("Fax"),
    "opening_hours": gettext_lazy("Opening hours"),
    "status": gettext_lazy("Status"),
}


class SuggestionKind(models.TextChoices):
    CORRECTION = "correction", gettext_lazy("Correction")
    CLOSED_OR_MOVED = "closed_or_moved", gettext_lazy("Closed or moved")
    NEW_MISSION = "new_mission", gettext_lazy("Missing mission")
    CONFLICT = "conflict", gettext_lazy("Import conflict")
    DISAGREEMENT = "disagreement", gettext_lazy("Sources disagree")


class SuggestionStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"
    MERGED = "merged", "Merged into another"


class Suggestion(models.Model):
    kind = models.CharField(max_length=20, choices=SuggestionKind.choices)
    mission = models.ForeignKey(
        Mission, null=True, blank=True, on_delete=models.CASCADE, related_name="suggestions"
    )
    host_country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    sending_country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    changes = models.JSONField(default=dict, help_text="Field → proposed value.")
    note = models.TextField(blank=True)
    evidence_url = models.URLField(max_length=1000, blank=True, validators=[validate_web_address])
    email = models.EmailField(
        blank=True,
        validators=[validate_email_address],
        help_text="The submitter's, to tell them the outcome.",
    )
    status = models.CharField(
        max_length=16, choices=SuggestionStatus.choices, default=SuggestionStatus.PENDING
    )
    needs_extra_review = models.BooleanField(
        default=False, help_text="E.g. a website on a domain that is not the government's."
    )
    review_flags = models.JSONField(default=list, blank=True)
    reason = models.TextField(blank=True, help_text="Why it was rejected (sent to the submitter).")
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates"
    )
    import_run = models.ForeignKey(
        "ingest.ImportRun", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    client_hash = models.CharField(max_length=64, blank=True, editable=False)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-needs_extra_review", "submitted_at"]
        permissions = [("moderate_suggestion", "Can accept, reject and merge suggestions")]

    def __str__(self) -> str:
        target = self.mission.name if self.mission else "new mission"
        return f"{self.get_kind_display()}: {target}"


class ActorKind(models.TextChoices):
    EDITOR = "editor", "Editor"
    IMPORT = "import", "Import"
    SUGGESTION = "suggestion", "Accepted suggestion"
    ROLLBACK = "rollback", "Rollback"


class MissionChange(models.Model):
    """One field of one mission changed: who or what, when, old and new value."""

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="changes")
    field = models.CharField(max_length=32)
    old_value = models.JSONField(null=True, blank=True)
    new_value = models.JSONField(null=True, blank=True)
    changed_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor_kind = models.CharField(max_length=16, choices=ActorKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    import_run = models.ForeignKey(
        "ingest.ImportRun", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.CharField(max_length=64, blank=True)
    evidence_url = models.URLField(max_length=1000, blank=True, validators=[validate_web_address])
    suggestion = models.ForeignKey(
        Suggestion, null=True, blank=True, on_delete=models.SET_NULL, related_name="applied"
    )

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.mission}: {self.field}"

    @property
    def field_label(self) -> str:
        """The field's name as people read it, in the page's language ("Phone")."""
        return str(FIELD_LABELS.get(self.field, self.field))

    @property
    def who(self) -> str:
        if self.actor_kind == ActorKind.IMPORT:
            return (
                _("Import run #%(number)s (%(source)s)")
                % {"number": self.import_run_id, "source": self.source}
                if self.import_run_id
                else pgettext("who made a change", "Import")
            )
        if self.actor_kind == ActorKind.SUGGESTION:
            return _("A public suggestion, accepted by an editor")
        if self.actor_kind == ActorKind.ROLLBACK:
            return _("An editor (rollback)")
        if self.actor_kind == ActorKind.EDITOR and self.source not in ("", "editor"):
            return _("An editor, accepting the source's value (%(source)s)") % {
                "source": self.source
            }
        return _("An editor")


class FieldProvenance(models.Model):
    """Where one field of one mission comes from, and when it was last checked."""

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="provenance")
    field = models.CharField(max_length=32)
    source = models.CharField(max_length=64, help_text="wikidata-csv, editor, suggestion …")
    evidence_url = models.URLField(max_length=1000, blank=True, validators=[validate_web_address])
    verified_at = models.DateTimeField()
    by_editor = models.BooleanField(
        default=False, help_text="An editor set this value: imports will not overwrite it."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["mission", "field"], name="one_provenance_per_field")
        ]

    def __str__(self) -> str:
        return f"{self.mission} {self.field}: {self.source}"
