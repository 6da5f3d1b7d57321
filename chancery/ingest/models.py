from __future__ import annotations

from django.db import models


class ImportKind(models.TextChoices):
    """What a run writes: each importer records its runs under one kind."""

    MISSIONS = "missions", "Missions"
    ADVISORIES = "advisories", "Travel advisories"
    NEWS = "news", "News"


class ImportRun(models.Model):
    """One run of an importer: what it read, what it changed, what it refused.

    Every importer (missions, advisories, news) leaves one. A run that could not use its
    source at all is kept too, with `ok` false and the reason in `error`: nothing else it
    would have written is stored.
    """

    kind = models.CharField(max_length=16, choices=ImportKind.choices)
    source = models.CharField(
        max_length=32, help_text="The source module, e.g. wikidata-csv, us, rss-atom."
    )
    location = models.CharField(max_length=1000, help_text="The file path or URL read.")
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()
    ok = models.BooleanField(default=True, help_text="False when the source could not be used.")
    error = models.TextField(blank=True, help_text="Why the run failed, on one line.")
    rows_read = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    withdrawn = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    countries_created = models.PositiveIntegerField(default=0)
    rejections = models.JSONField(
        default=list,
        blank=True,
        help_text='List of {"line" or "item", "reason"} for what was rejected.',
    )
    warnings = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.source} {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def duration_seconds(self) -> float:
        return (self.finished_at - self.started_at).total_seconds()
