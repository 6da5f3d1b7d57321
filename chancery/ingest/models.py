from __future__ import annotations

from django.db import models


class ImportRun(models.Model):
    """One run of an importer: what it read and what it changed."""

    source = models.CharField(max_length=32)
    location = models.CharField(max_length=1000, help_text="The file path or URL read.")
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()
    rows_read = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    withdrawn = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    countries_created = models.PositiveIntegerField(default=0)
    rejections = models.JSONField(
        default=list, blank=True, help_text='List of {"line", "reason"} for rejected rows.'
    )
    warnings = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.source} {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def duration_seconds(self) -> float:
        return (self.finished_at - self.started_at).total_seconds()
